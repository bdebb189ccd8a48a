/**
 * Named points inside the write path, where a crash test can stop the process.
 *
 * Killing a process at a random moment mostly lands in the long, boring parts of a run; the
 * interesting moments (a table written but not yet in the manifest, the manifest renamed but
 * the old files not yet deleted) last microseconds. So the tree calls an optional hook at
 * each of them, and the crash test kills itself there: RocksDB's `TEST_SYNC_POINT` and
 * LevelDB's fault-injection tests (db/fault_injection_test.cc) do the same.
 */
export const syncPointNames = [
  /**
   * Opening found the newest lock's owner dead (or no lock) and is about to take the lock:
   * the moment two openers racing over a stale lock are both in.
   */
  'lock:stale-seen',
  /** A record was appended to the log (and synced, if `sync` is on): the write is durable. */
  'wal:appended',
  /** A flush wrote its table, not yet in the manifest. */
  'flush:table-written',
  /** A flush is recorded in the manifest; the old log is not yet deleted. */
  'flush:manifest-written',
  /** A compaction wrote one of its output tables. */
  'compaction:output-written',
  /** A compaction is recorded in the manifest; its inputs are not yet deleted. */
  'compaction:manifest-written',
  /** A compaction deleted one of its input tables. */
  'compaction:input-deleted',
  /** A new manifest is written and synced under its temporary name, not yet renamed. */
  'manifest:temporary-written',
  /** The new manifest was renamed into place; the directory is not yet synced. */
  'manifest:renamed',
] as const;

export type SyncPointName = (typeof syncPointNames)[number];
