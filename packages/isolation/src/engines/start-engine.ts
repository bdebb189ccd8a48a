/**
 * Starting engines by name, and stopping them however the work ends.
 *
 * `dbplay isolation run --engine postgres` and a library user's script need the same two
 * things: an engine from its name (the embedded PostgreSQL server, or the server at `url`;
 * a SQLite directory; the model, which has nothing to start), and the promise that whatever
 * was started is stopped when the work is done, failed or interrupted. The engines register
 * their own clean-up for Ctrl-C (stopOnExit in @dbplay/engines); `withEngines` closes them
 * on the ordinary paths.
 */
import { startModelEngine } from '../model/model-engine.ts';
import type { IsolationEngine } from './engine.ts';
import type { EngineName } from './levels.ts';
import { startPostgresEngine } from './postgres-engine.ts';
import { startSqliteEngine } from './sqlite-engine.ts';

export interface StartOptions {
  /** A PostgreSQL server to use instead of the embedded one (`--url`, `DATABASE_URL`). */
  readonly url?: string | undefined;
}

/** Starts the engine called `name`. */
export async function startEngine(name: EngineName, options: StartOptions = {}): Promise<IsolationEngine> {
  switch (name) {
    case 'postgres':
      return startPostgresEngine({ url: options.url });
    case 'sqlite':
      return startSqliteEngine();
    case 'model':
      return startModelEngine();
  }
}

/**
 * Engines a long-lived program keeps warm (dbplay's shell): while set, {@link withEngines}
 * hands these out instead of starting cold ones when the server asked for is theirs, and
 * leaves them running after the work, for the program to stop when it ends.
 */
export interface WarmEngines {
  readonly url: string | undefined;
  get(name: EngineName): Promise<IsolationEngine>;
}

let warmEngines: WarmEngines | null = null;

/** Lends warm engines to every later {@link withEngines} (null takes them back). */
export function useWarmEngines(engines: WarmEngines | null): void {
  warmEngines = engines;
}

/**
 * Runs `work` with the named engines started, in that order, and closes every one that
 * started however `work` ends (an engine that fails to start closes those before it).
 * Warm engines lent with {@link useWarmEngines} are used, and left running, instead.
 */
export async function withEngines<T>(
  names: readonly EngineName[],
  options: StartOptions,
  work: (engines: IsolationEngine[]) => Promise<T>,
): Promise<T> {
  const warm = warmEngines;
  if (warm !== null && warm.url === options.url) {
    return work(await Promise.all(names.map((name) => warm.get(name))));
  }
  const engines: IsolationEngine[] = [];
  try {
    for (const name of names) engines.push(await startEngine(name, options));
    return await work(engines);
  } finally {
    for (const engine of engines) await engine.close();
  }
}
