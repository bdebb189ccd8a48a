/**
 * Where `dbplay explain` finds and keeps things, decided once from the options and the
 * environment (libraries never read `process.env`; this is the CLI's job):
 *
 * - the exercises: `--exercises DIR`, else the catalog shipped in the repository;
 * - the dataset cache: `DBPLAY_CACHE`, else `$XDG_CACHE_HOME/dbplay`, else `~/.cache/dbplay`;
 * - the learner's progress: `DBPLAY_STATE`, else `$XDG_STATE_HOME/dbplay`, else
 *   `~/.local/state/dbplay`, in `explain-progress.json`;
 * - the engine: PGlite, or the server at `--url` (or `DATABASE_URL`).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildProgress, Catalog, Exercise, KeptSessions, SessionFactory } from '@dbplay/explain';
import type { Command } from 'commander';
import type { CommandContext } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { serverUrl, userPath } from '../../options.ts';

export const shippedExercises = fileURLToPath(new URL('../../../../exercises/explain', import.meta.url));

export interface ExplainEnvironment {
  readonly exercisesDir: string;
  readonly cacheDir: string;
  readonly progressFile: string;
  readonly url: string | undefined;
}

export function explainEnvironment(command: Command, io: CliIo): ExplainEnvironment {
  const options = command.optsWithGlobals<{ exercises?: string; url?: string }>();
  const env = io.env;
  const home = nonEmpty(env.HOME) ?? homedir();
  const cacheDir =
    nonEmpty(env.DBPLAY_CACHE) ?? join(nonEmpty(env.XDG_CACHE_HOME) ?? join(home, '.cache'), 'dbplay');
  const stateDir =
    nonEmpty(env.DBPLAY_STATE) ??
    join(nonEmpty(env.XDG_STATE_HOME) ?? join(home, '.local', 'state'), 'dbplay');
  return {
    exercisesDir: options.exercises === undefined ? shippedExercises : userPath(options.exercises, env),
    cacheDir: resolve(cacheDir),
    progressFile: join(resolve(stateDir), 'explain-progress.json'),
    url: serverUrl(options.url, env),
  };
}

export async function loadExplainCatalog(environment: ExplainEnvironment): Promise<Catalog> {
  const { loadCatalog } = await import('@dbplay/explain');
  return loadCatalog(environment.exercisesDir);
}

/** One exercise by number or id, reading only its file (the catalog only to suggest a name). */
export async function loadOneExercise(
  environment: ExplainEnvironment,
  name: string,
): Promise<{ catalog: Catalog; exercise: Exercise }> {
  const { loadExercise } = await import('@dbplay/explain');
  return loadExercise(environment.exercisesDir, name);
}

/** PGlite sessions on the cached datasets, or sessions on the server at --url. */
/** Sessions a long-lived program (the shell) keeps open between commands, or null. */
let keptSessions: KeptSessions | null = null;

export function keepSessionsOpen(kept: KeptSessions | null): void {
  keptSessions = kept;
}

export async function sessionFactory(
  environment: ExplainEnvironment,
  catalog: Catalog,
  context: CommandContext,
  cacheDir: string = environment.cacheDir,
): Promise<SessionFactory> {
  const { describeBuild, PgliteSessionFactory, ServerSessionFactory } = await import('@dbplay/explain');
  const onBuild = (progress: BuildProgress) => context.progress(describeBuild(progress));
  const factory =
    environment.url !== undefined
      ? new ServerSessionFactory({ url: environment.url, datasets: catalog.datasets, onBuild })
      : new PgliteSessionFactory({
          datasets: catalog.datasets,
          cacheDir,
          // Another cache (validate's second instance) still starts from the user's fresh cluster,
          // and runs the datasets' own ANALYZE: checking it is what that instance is for.
          clusterCacheDir: environment.cacheDir,
          statistics: cacheDir === environment.cacheDir ? 'shipped' : 'analyze',
          onBuild,
        });
  return keptSessions === null
    ? factory
    : keptSessions.keep(
        `${environment.url ?? ''}\u0000${cacheDir}\u0000${environment.exercisesDir}`,
        factory,
      );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
