/**
 * The options `run`, `matrix` and `compare` share: which engines (`--engine`), which server
 * (`--url`, else `DATABASE_URL`, else an embedded one), and starting and stopping them.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import type { IsolationEngine } from '@dbplay/isolation';
import type { CliIo } from '../../io.ts';

export const engineNames = ['postgres', 'sqlite', 'model'] as const;
export type EngineName = (typeof engineNames)[number];

/** Parses `postgres`, `sqlite`, `model` or a comma-separated list, suggesting the right spelling. */
export function parseEngines(value: string): EngineName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new BadInputError('--engine needs at least one engine name');
  return [
    ...new Set(
      names.map((name) => {
        if ((engineNames as readonly string[]).includes(name)) return name as EngineName;
        throw new BadInputError(
          `unknown engine '${name}'${didYouMean(name, engineNames)}; the engines are ${engineNames.join(', ')}`,
        );
      }),
    ),
  ];
}

/** The server to use instead of the embedded one, if the user named one. */
export function serverUrl(flag: string | undefined, io: CliIo): string | undefined {
  const url = flag ?? io.env.DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

/** The levels (or SQLite modes) each engine accepts, without starting it. */
export async function levelsOf(name: EngineName): Promise<readonly string[]> {
  const { modelLevels, postgresLevels, sqliteLevels } = await import('@dbplay/isolation');
  return name === 'postgres' ? postgresLevels : name === 'sqlite' ? sqliteLevels : modelLevels;
}

/** The level `run` uses when none is given. */
export function defaultLevel(name: EngineName): string {
  return name === 'sqlite' ? 'deferred' : 'read-committed';
}

/** Refuses an unknown level before any engine starts, naming the closest one. */
export async function checkLevel(name: EngineName, level: string): Promise<void> {
  const isolation = await import('@dbplay/isolation');
  isolation.checkLevel({ name, levels: await levelsOf(name) }, level);
}

export async function startEngine(name: EngineName, url: string | undefined): Promise<IsolationEngine> {
  const { startModelEngine, startPostgresEngine, startSqliteEngine } = await import('@dbplay/isolation');
  if (name === 'postgres') return startPostgresEngine({ url });
  return name === 'sqlite' ? startSqliteEngine() : startModelEngine();
}

/**
 * Engines a long-lived program keeps warm (the shell's), used instead of starting cold ones
 * when the server asked for is theirs; they stay running after the command.
 */
let warmEngines: {
  readonly url: string | undefined;
  get(name: EngineName): Promise<IsolationEngine>;
} | null = null;

export function useWarmEngines(engines: typeof warmEngines): void {
  warmEngines = engines;
}

/** Runs `work` with the engines started, and stops them however it ends. */
export async function withEngines<T>(
  names: readonly EngineName[],
  url: string | undefined,
  work: (engines: IsolationEngine[]) => Promise<T>,
): Promise<T> {
  const warm = warmEngines;
  if (warm !== null && warm.url === url) {
    return work(await Promise.all(names.map((name) => warm.get(name))));
  }
  const engines: IsolationEngine[] = [];
  try {
    for (const name of names) engines.push(await startEngine(name, url));
    return await work(engines);
  } finally {
    for (const engine of engines) await engine.close();
  }
}
