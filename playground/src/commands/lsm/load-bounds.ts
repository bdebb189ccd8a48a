/**
 * The sizes `dbplay lsm load` accepts, shared by its help text (index.ts) and its checks
 * (lsm-load.ts).
 */

/**
 * What `load` accepts: enough to watch a store grow to millions of keys, not enough to fill
 * a disk or wait minutes for one key. A write larger than the memtable is flushed alone,
 * so a key or value far beyond the default 4 MiB memtable teaches nothing more.
 */
export const loadBounds = {
  maxKeys: 10_000_000,
  minKeySize: 1,
  maxKeySize: 64 * 1024,
  maxValueSize: 4 * 1024 * 1024,
};
