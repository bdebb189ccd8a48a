/**
 * Iterating a sorted run: several SSTables whose key ranges do not overlap, one after the
 * other, opening each only when the previous one is used up.
 *
 * Every level below L0 (and every tier) is such a run, so a scan needs one iterator per
 * level rather than one per file. LevelDB: `NewTwoLevelIterator` over a level's file list
 * (db/version_set.cc, `LevelFileNumIterator`); mini-lsm: `SstConcatIterator` (week 2, day 1).
 *
 * The iterator takes a reference on every table it will visit when it is created, so a
 * compaction that replaces them meanwhile cannot close them under it.
 */
import { compareBytes } from '../encoding/byte-order.ts';
import type { SstableReader } from '../sstable/reader.ts';
import type { EntryIterator, StoredValue } from './entry-iterator.ts';

export class ConcatIterator implements EntryIterator {
  private readonly tables: readonly SstableReader[];
  private index: number;
  private current: EntryIterator | undefined;

  /** `tables` sorted by key, not overlapping; starts at the first key ≥ `from`. */
  constructor(tables: readonly SstableReader[], from: Uint8Array | undefined) {
    this.tables = tables;
    // The first table whose last key is ≥ from: every earlier table ends before `from`.
    let low = 0;
    let high = tables.length;
    if (from !== undefined) {
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (compareBytes((tables[mid] as SstableReader).lastKey, from) < 0) low = mid + 1;
        else high = mid;
      }
    }
    this.index = low;
    for (let i = low; i < tables.length; i++) (tables[i] as SstableReader).ref();
    if (low < tables.length) this.current = (tables[low] as SstableReader).iterator(from);
    this.skipExhausted();
  }

  valid(): boolean {
    return this.current !== undefined;
  }

  key(): Uint8Array {
    return (this.current as EntryIterator).key();
  }

  value(): StoredValue {
    return (this.current as EntryIterator).value();
  }

  next(): void {
    (this.current as EntryIterator).next();
    this.skipExhausted();
  }

  close(): void {
    this.current?.close();
    this.current = undefined;
    for (let i = this.index; i < this.tables.length; i++) (this.tables[i] as SstableReader).unref();
    this.index = this.tables.length;
  }

  private skipExhausted(): void {
    while (this.current !== undefined && !this.current.valid()) {
      this.current.close();
      (this.tables[this.index] as SstableReader).unref();
      this.index++;
      this.current =
        this.index < this.tables.length
          ? (this.tables[this.index] as SstableReader).iterator(undefined)
          : undefined;
    }
  }
}
