/**
 * classic-level (LevelDB for Node), loaded from @dbplay/lsm's dev dependencies for the LSM
 * benchmark. Only the calls the benchmark makes are typed here, so the benchmarks
 * typecheck without resolving the package from the repository root. Measuring what an
 * engine wrote (/proc/self/io) and LevelDB's log size live in @dbplay/learn, which
 * `dbplay btree-vs-lsm --real` measures with.
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface ClassicLevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
  put(key: string, value: string, options?: { sync?: boolean }): Promise<void>;
  get(key: string): Promise<string | undefined>;
  getSync(key: string): string | undefined;
  batch(
    operations: { type: 'put'; key: string; value: string }[],
    options?: { sync?: boolean },
  ): Promise<void>;
  iterator(): AsyncIterable<[string, string]> & { close(): Promise<void> };
  getProperty(property: string): string;
}

type ClassicLevelConstructor = new (location: string, options?: { compression?: boolean }) => ClassicLevelDb;

export function loadClassicLevel(): ClassicLevelConstructor {
  const require = createRequire(new URL('../packages/lsm/package.json', import.meta.url));
  return (require('classic-level') as { ClassicLevel: ClassicLevelConstructor }).ClassicLevel;
}

/**
 * Bytes LevelDB's compactions and flushes wrote, from the `leveldb.stats` property: the
 * sum of its Write(MB) column, which LevelDB rounds to whole megabytes per level (so only a
 * cross-check of `bytesWrittenByProcess` from @dbplay/learn).
 */
export function leveldbWrittenBytes(stats: string): number {
  let megabytes = 0;
  for (const line of stats.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length === 6 && /^\d+$/.test(columns[0] as string)) megabytes += Number(columns[5]);
  }
  return megabytes * 1024 * 1024;
}

/** Bytes of every file in a directory: what a store takes on disk. */
export function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}
