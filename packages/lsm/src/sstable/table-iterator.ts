/**
 * A scan of one SSTable: entries in key order from the first key ≥ `from`, block after
 * block. Blocks are read outside the block cache (readBlockPrivately), so a long scan or a
 * compaction does not push out the blocks point reads keep hot; LevelDB's compactions ask
 * for the same with `ReadOptions::fill_cache = false` (db/version_set.cc,
 * `MakeInputIterator`), and a LevelDB user may for a scan.
 *
 * LevelDB builds this as a two-level iterator (table/two_level_iterator.cc): one over the
 * index, one over the current block. Here the index is an array in memory, so moving to
 * the next block is a step of `blockIndex`.
 */
import type { EntryIterator, StoredValue } from '../read/entry-iterator.ts';
import type { Block } from './block.ts';

/** What a scan needs of its table (an SstableReader). */
export interface ScannedTable {
  readonly blockCount: number;
  /** The first block whose last key is ≥ `key`, or -1 when the key is past the table's end. */
  findBlock(key: Uint8Array): number;
  readBlockPrivately(index: number): Block;
  /** Lets go of the reference the scan holds; called once, when the scan ends or is closed. */
  unref(): void;
}

export class SstableIterator implements EntryIterator {
  private readonly table: ScannedTable;
  private blockIndex: number;
  private block: Block | undefined;
  private offset = 0;
  private currentKey: Uint8Array = new Uint8Array(0);
  private currentValue: StoredValue = null;
  private closed = false;

  constructor(table: ScannedTable, from: Uint8Array | undefined) {
    this.table = table;
    this.blockIndex = from === undefined ? 0 : table.findBlock(from);
    if (this.blockIndex < 0 || this.blockIndex >= table.blockCount) {
      this.finish();
      return;
    }
    this.block = table.readBlockPrivately(this.blockIndex);
    const entry = from === undefined ? 0 : this.block.seek(from);
    this.offset = entry < this.block.count ? this.block.offsetOf(entry) : this.block.entriesEnd;
    this.advance();
  }

  valid(): boolean {
    return this.block !== undefined;
  }

  key(): Uint8Array {
    return this.currentKey;
  }

  value(): StoredValue {
    return this.currentValue;
  }

  next(): void {
    this.advance();
  }

  close(): void {
    this.finish();
  }

  /** Decodes the entry at `offset`, moving to the next block when this one is used up. */
  private advance(): void {
    while (this.block !== undefined && this.offset >= this.block.entriesEnd) {
      this.blockIndex++;
      if (this.blockIndex >= this.table.blockCount) {
        this.finish();
        return;
      }
      this.block = this.table.readBlockPrivately(this.blockIndex);
      this.offset = 0;
    }
    if (this.block === undefined) return;
    const entry = this.block.decode(this.offset);
    this.currentKey = entry.key;
    this.currentValue = entry.value;
    this.offset = entry.next;
  }

  private finish(): void {
    this.block = undefined;
    if (!this.closed) this.table.unref();
    this.closed = true;
  }
}
