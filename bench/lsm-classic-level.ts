/**
 * classic-level (LevelDB for Node), loaded from @dbplay/lsm's dev dependencies for the LSM
 * benchmark. Only the calls the benchmark makes are typed here, so the benchmarks
 * typecheck without resolving the package from the repository root.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
 * cross-check of {@link bytesWrittenByProcess}).
 */
export function leveldbWrittenBytes(stats: string): number {
  let megabytes = 0;
  for (const line of stats.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns.length === 6 && /^\d+$/.test(columns[0] as string)) megabytes += Number(columns[5]);
  }
  return megabytes * 1024 * 1024;
}

/**
 * Bytes this process has passed to write(2) so far (`wchar` in /proc/self/io, which counts
 * every thread, LevelDB's compaction thread included). Measured around a load, it is what
 * the engine wrote to its files, exactly, whatever its statistics round to. Undefined where
 * /proc is missing (not Linux).
 */
export function bytesWrittenByProcess(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * Waits until this process stops writing (LevelDB compacts on a background thread, so a
 * load's last `put` can return before its compactions are done): until `wchar` has not moved
 * for half a second.
 */
export async function quiesce(): Promise<void> {
  let last = bytesWrittenByProcess();
  for (let still = 0; still < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = bytesWrittenByProcess();
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/**
 * The bytes LevelDB's write-ahead log takes for these write batches (db/log_writer.cc,
 * db/write_batch.cc): each batch is a 12-byte header (sequence number and count) and, per
 * put, a tag byte and the varint-prefixed key and value; the log cuts records into 32 KiB
 * blocks, each fragment with a 7-byte header, and pads a block's last 1–6 bytes with zeros.
 * (A new log per memtable restarts the block; that moves the total by a few bytes.)
 */
export function leveldbLogBytes(batches: readonly (readonly [number, number][])[]): number {
  const blockSize = 32768;
  const headerSize = 7;
  let total = 0;
  let blockOffset = 0;
  for (const batch of batches) {
    let left = 12;
    for (const [key, value] of batch) left += 1 + varintSize(key) + key + varintSize(value) + value;
    do {
      const room = blockSize - blockOffset;
      if (room < headerSize) {
        total += room;
        blockOffset = 0;
      }
      const fragment = Math.min(left, blockSize - blockOffset - headerSize);
      total += headerSize + fragment;
      blockOffset += headerSize + fragment;
      left -= fragment;
    } while (left > 0);
  }
  return total;
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}

/** Bytes of every file in a directory: what a store takes on disk. */
export function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}
