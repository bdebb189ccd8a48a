/**
 * Running a compaction: merge the input tables into new ones, newest version of each key
 * first, cutting a new output table whenever one reaches the target size.
 *
 * Older versions of a key are dropped (the merge only yields the newest), and so are
 * tombstones when the output goes to the last level: nothing older lies below for them to
 * hide. Above the last level a tombstone must survive, or a deleted key's older value in a
 * lower level would come back. Inputs are read around the block cache (LevelDB's
 * `fill_cache = false`), so one big merge does not flush out the blocks readers need. The new tables are
 * written and synced here; making them live (the manifest) and deleting the inputs is the
 * tree's job, afterwards, so a crash in the middle leaves only unreferenced files.
 * LevelDB: `DBImpl::DoCompactionWork` (db/db_impl.cc); mini-lsm: compact.rs.
 */
import { ConcatIterator } from '../read/concat-iterator.ts';
import type { EntryIterator } from '../read/entry-iterator.ts';
import { MergeIterator } from '../read/merge-iterator.ts';
import { sstFileName } from '../sstable/format.ts';
import type { TableSet } from '../sstable/table-set.ts';
import { type SstableInfo, SstableWriter } from '../sstable/writer.ts';
import type { Storage } from '../store/storage.ts';
import type { SyncPointName } from '../store/sync-points.ts';

export interface MergeResult {
  /** The new tables, in key order. */
  readonly outputs: SstableInfo[];
  readonly readBytes: number;
  readonly writtenBytes: number;
  /** Older versions left behind because a newer version of the key was merged in. */
  readonly shadowed: number;
  readonly tombstonesDropped: number;
}

export function mergeTables(input: {
  readonly storage: Storage;
  readonly tables: TableSet;
  /** Input sorted runs, newest first. */
  readonly runs: readonly (readonly number[])[];
  readonly dropTombstones: boolean;
  readonly blockSize: number;
  readonly bloomBitsPerKey: number;
  readonly sstSize: number;
  readonly newTableId: () => number;
  readonly syncPoint?: ((point: SyncPointName) => void) | undefined;
}): MergeResult {
  const { storage, tables } = input;
  let readBytes = 0;
  let inputEntries = 0;
  const sources: EntryIterator[] = input.runs.map((run) => {
    const readers = run.map((id) => tables.reader(id));
    for (const reader of readers) {
      readBytes += reader.size;
      inputEntries += reader.entries;
    }
    return new ConcatIterator(readers, undefined);
  });
  const merge = new MergeIterator(sources);
  const outputs: SstableInfo[] = [];
  let writtenBytes = 0;
  let merged = 0;
  let tombstonesDropped = 0;
  let writer: SstableWriter | undefined;

  const finishOutput = (done: SstableWriter) => {
    const id = input.newTableId();
    const built = done.finish();
    storage.writeFile(sstFileName(id), built.chunks);
    input.syncPoint?.('compaction:output-written');
    outputs.push({
      id,
      size: built.size,
      entries: built.entries,
      firstKey: built.firstKey,
      lastKey: built.lastKey,
      tailDigest: built.tailDigest,
      blockDigest: built.blockDigest,
    });
    writtenBytes += built.size;
  };

  try {
    while (merge.valid()) {
      merged++;
      const value = merge.value();
      if (value === null && input.dropTombstones) {
        tombstonesDropped++;
      } else {
        writer ??= new SstableWriter(input);
        writer.add(merge.key(), value);
        if (writer.estimatedSize >= input.sstSize) {
          finishOutput(writer);
          writer = undefined;
        }
      }
      merge.next();
    }
    if (writer !== undefined) finishOutput(writer);
  } finally {
    merge.close();
  }
  // New files' directory entries must be durable before the manifest names them.
  if (outputs.length > 0) storage.syncDirectory();
  return { outputs, readBytes, writtenBytes, shadowed: inputEntries - merged, tombstonesDropped };
}
