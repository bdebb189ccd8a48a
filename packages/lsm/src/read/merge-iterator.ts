/**
 * Merging sorted sources into one sorted stream where the newest version of each key wins.
 *
 * A scan reads the memtable, every L0 table and every level at once. Each is sorted, so a
 * binary heap holding the current entry of each source yields the smallest key next; when
 * several sources hold the same key, the one from the newest source (the lowest rank: the
 * memtable before L0, newer L0 tables before older, L1 before L2) is the live version and
 * the others are skipped. Compaction uses the same merge, so "newest wins" is decided in one
 * place. LevelDB: table/merger.cc (a linear scan over the children); mini-lsm:
 * iterators/merge_iterator.rs (a `BinaryHeap`, week 1, day 2).
 *
 *     memtable   b=2        e=⊗ (tombstone)
 *     L0         a=1  b=1        e=5
 *     L1         a=0        c=0       f=0
 *     merged     a=1  b=2   c=0  e=⊗  f=0      (a scan then hides e)
 */
import { compareBytes } from '../encoding/byte-order.ts';
import type { EntryIterator, StoredValue } from './entry-iterator.ts';

interface Source {
  readonly iterator: EntryIterator;
  /** Position among the sources, newest first. */
  readonly rank: number;
}

export class MergeIterator implements EntryIterator {
  private readonly heap: Source[] = [];

  /** `sources` ordered newest first. */
  constructor(sources: readonly EntryIterator[]) {
    sources.forEach((iterator, rank) => {
      if (iterator.valid()) this.push({ iterator, rank });
      else iterator.close();
    });
  }

  valid(): boolean {
    return this.heap.length > 0;
  }

  key(): Uint8Array {
    return (this.heap[0] as Source).iterator.key();
  }

  value(): StoredValue {
    return (this.heap[0] as Source).iterator.value();
  }

  /** Moves past the current key in every source that holds it. */
  next(): void {
    const key = this.key();
    while (this.heap.length > 0) {
      const top = this.heap[0] as Source;
      if (compareBytes(top.iterator.key(), key) !== 0) break;
      top.iterator.next();
      if (top.iterator.valid()) {
        this.siftDown(0);
      } else {
        top.iterator.close();
        const last = this.heap.pop() as Source;
        if (this.heap.length > 0) {
          this.heap[0] = last;
          this.siftDown(0);
        }
      }
    }
  }

  close(): void {
    for (const source of this.heap) source.iterator.close();
    this.heap.length = 0;
  }

  /** Whether `a` comes out before `b`: the smaller key, or the newer source on equal keys. */
  private before(a: Source, b: Source): boolean {
    const order = compareBytes(a.iterator.key(), b.iterator.key());
    return order < 0 || (order === 0 && a.rank < b.rank);
  }

  private push(source: Source): void {
    const heap = this.heap;
    heap.push(source);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(heap[at] as Source, heap[parent] as Source)) break;
      [heap[at], heap[parent]] = [heap[parent] as Source, heap[at] as Source];
      at = parent;
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < heap.length && this.before(heap[left] as Source, heap[smallest] as Source)) smallest = left;
      if (right < heap.length && this.before(heap[right] as Source, heap[smallest] as Source))
        smallest = right;
      if (smallest === at) return;
      [heap[at], heap[smallest]] = [heap[smallest] as Source, heap[at] as Source];
      at = smallest;
    }
  }
}
