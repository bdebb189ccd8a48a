/**
 * classic-level (LevelDB for Node), loaded from @dbplay/lsm's dev dependencies for the LSM
 * benchmark. Only the calls the benchmark makes are typed here, so the benchmarks
 * typecheck without resolving the package from the repository root.
 */
import { createRequire } from 'node:module';

export interface ClassicLevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  getSync(key: string): string | undefined;
  batch(operations: { type: 'put'; key: string; value: string }[]): Promise<void>;
  iterator(): AsyncIterable<[string, string]> & { close(): Promise<void> };
  getProperty(property: string): string;
}

type ClassicLevelConstructor = new (location: string) => ClassicLevelDb;

export function loadClassicLevel(): ClassicLevelConstructor {
  const require = createRequire(new URL('../packages/lsm/package.json', import.meta.url));
  return (require('classic-level') as { ClassicLevel: ClassicLevelConstructor }).ClassicLevel;
}

/**
 * Bytes LevelDB's compactions and flushes wrote, from the `leveldb.stats` property: the
 * sum of its Write(MB) column.
 */
export function leveldbWrittenBytes(stats: string): number {
  let megabytes = 0;
  for (const line of stats.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length === 6 && /^\d+$/.test(columns[0] as string)) megabytes += Number(columns[5]);
  }
  return megabytes * 1024 * 1024;
}
