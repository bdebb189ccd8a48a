/**
 * The iterator every sorted source of entries offers: a memtable, one SSTable, a run of
 * SSTables, and the merge of all of them.
 *
 * It is LevelDB's internal iterator (include/leveldb/iterator.h: `Valid`, `key`, `value`,
 * `Next`), forward only, and mini-lsm's `StorageIterator`. Keys come out in byte order,
 * each key once per source. A value of `null` is a tombstone: the key was deleted, and the
 * deletion must hide older values of the key in sources further down, so tombstones travel
 * through merges like any other entry until a compaction into the last level drops them.
 */

/** A value as stored: bytes, or `null` for a tombstone (a delete). */
export type StoredValue = Uint8Array | null;

export interface EntryIterator {
  /** Whether the iterator is on an entry; `key` and `value` may be read only then. */
  valid(): boolean;
  key(): Uint8Array;
  /** The entry's value, or `null` when the entry is a tombstone. */
  value(): StoredValue;
  next(): void;
  /** Lets go of what the iterator holds (open SSTables). Safe to call twice. */
  close(): void;
}
