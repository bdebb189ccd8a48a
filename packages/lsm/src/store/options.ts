/**
 * The options of an LSM-tree: sizes, the compaction strategy, durability, and their defaults.
 *
 * The defaults are LevelDB's where LevelDB has one (include/leveldb/options.h): a 4 MiB
 * memtable (`write_buffer_size`), 2 MiB tables (`max_file_size`), 4 KiB blocks, 10 bloom
 * bits per key (what classic-level hard-wires), an 8 MiB block cache, and writes not synced
 * one by one (`WriteOptions::sync = false`). The compaction strategy defaults to leveled
 * with dynamic level sizes, with mini-lsm's parameters.
 *
 * The settings that shape the files (sizes, filter, strategy) are stored in the manifest
 * when a store is created and apply again when it is reopened; an option given when
 * reopening replaces the stored one, except the strategy, which decides how the existing
 * files are arranged and so cannot change.
 */
import type { Tracer } from '@dbplay/core';
import {
  type CompactionOptions,
  type CompactionParameters,
  type ResolvedCompactionOptions,
  resolveCompactionOptions,
  whole,
} from '../compaction/strategy.ts';
import { defaultCompactionStrategy } from '../compaction/vocabulary.ts';
import type { LsmStep } from '../view/steps.ts';
import type { SyncPointName } from './sync-points.ts';

export interface LsmOptions {
  /** A directory to keep the store in (created if missing); none: the store lives in memory. */
  readonly dir?: string | undefined;
  /**
   * Create a store when `dir` is missing or empty. Default true; false refuses with "no LSM
   * store in …" and creates nothing (LevelDB's `create_if_missing`), for readers.
   */
  readonly createIfMissing?: boolean | undefined;
  /** Bytes of writes the memtable collects before it is flushed. Default 4 MiB. */
  readonly memtableSize?: number | undefined;
  /** Target bytes of a table written by compaction. Default 2 MiB. */
  readonly sstSize?: number | undefined;
  /** Target bytes of a data block. Default 4 KiB. */
  readonly blockSize?: number | undefined;
  /** Bloom filter bits per key; 0 writes no filters. Default 10. */
  readonly bloomBitsPerKey?: number | undefined;
  /**
   * A strategy name, a strategy with parameters, or parameters alone (for the store's own
   * strategy, or the default one for a new store). Default leveled.
   */
  readonly compaction?: CompactionOptions | CompactionParameters | string | undefined;
  /** fdatasync the log after every write, so an acknowledged write survives a power cut. Default false. */
  readonly sync?: boolean | undefined;
  /** Bytes of data blocks kept in memory, for tables not held whole (below). Default 8 MiB. */
  readonly blockCacheSize?: number | undefined;
  /**
   * Bytes of SSTables read whole into memory at their first read and kept while live, as
   * LevelDB memory-maps its tables; 0 reads every table a block at a time. Default 256 MiB.
   */
  readonly tableMemorySize?: number | undefined;
  /** Compact after every flush as the strategy asks. Default true; false leaves it to `compact()`. */
  readonly autoCompact?: boolean | undefined;
  /** Receives every step the tree takes (puts, flushes, compactions, each level a get probes). */
  readonly tracer?: Tracer<LsmStep> | undefined;
  /**
   * Called at named points inside writes, flushes and compactions. For crash tests, which
   * stop the process there, like RocksDB's `TEST_SYNC_POINT` (test_util/sync_point.h).
   */
  readonly syncPoint?: ((point: SyncPointName) => void) | undefined;
}

/** The settings stored with a store, all filled in. */
export interface StoreSettings {
  readonly memtableSize: number;
  readonly sstSize: number;
  readonly blockSize: number;
  readonly bloomBitsPerKey: number;
  readonly compaction: ResolvedCompactionOptions;
}

export const defaultSettings: StoreSettings = {
  memtableSize: 4 * 1024 * 1024,
  sstSize: 2 * 1024 * 1024,
  blockSize: 4 * 1024,
  bloomBitsPerKey: 10,
  compaction: resolveCompactionOptions('leveled'),
};

export const defaultBlockCacheSize = 8 * 1024 * 1024;
export const defaultTableMemorySize = 256 * 1024 * 1024;

/**
 * The settings to use: those given, else those stored with the store, else the defaults.
 * Throws when a reopened store is asked for a different strategy.
 */
export function resolveSettings(options: LsmOptions, stored?: StoreSettings): StoreSettings {
  const base = stored ?? defaultSettings;
  let compaction = base.compaction;
  if (options.compaction !== undefined) {
    const given =
      typeof options.compaction === 'string'
        ? ({ strategy: options.compaction } as CompactionOptions)
        : options.compaction;
    const strategy = given.strategy ?? stored?.compaction.strategy ?? defaultCompactionStrategy;
    // Parameters given for the stored strategy override its stored ones.
    const merged =
      stored !== undefined && strategy === stored.compaction.strategy
        ? { ...stored.compaction, ...given, strategy }
        : { ...given, strategy };
    compaction = resolveCompactionOptions(merged as CompactionOptions);
  }
  return {
    memtableSize: whole('memtable size', options.memtableSize ?? base.memtableSize, 64, 1 << 30),
    sstSize: whole('SSTable size', options.sstSize ?? base.sstSize, 64, 1 << 30),
    blockSize: whole('block size', options.blockSize ?? base.blockSize, 64, 1 << 24),
    bloomBitsPerKey: whole(
      'number of bloom filter bits per key',
      options.bloomBitsPerKey ?? base.bloomBitsPerKey,
      0,
      64,
    ),
    compaction,
  };
}
