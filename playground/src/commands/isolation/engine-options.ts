/**
 * The options `run`, `matrix` and `compare` share: which engines (`--engine`), which server
 * (`--url`, else `DATABASE_URL`, else an embedded one: options.ts's serverUrl), and starting
 * and stopping them.
 */
import type { IsolationEngine } from '@dbplay/isolation';
import { listOf } from '../../options.ts';

export const engineNames = ['postgres', 'sqlite', 'model'] as const;
export type EngineName = (typeof engineNames)[number];

/** Parses `postgres`, `sqlite`, `model` or a comma-separated list, suggesting the right spelling. */
export const parseEngines = listOf('--engine', { singular: 'engine', plural: 'engines', names: engineNames });

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

/** Runs `work` with the engines started, and stops them however it ends. */
export async function withEngines<T>(
  names: readonly EngineName[],
  url: string | undefined,
  work: (engines: IsolationEngine[]) => Promise<T>,
): Promise<T> {
  const engines: IsolationEngine[] = [];
  try {
    for (const name of names) engines.push(await startEngine(name, url));
    return await work(engines);
  } finally {
    for (const engine of engines) await engine.close();
  }
}
