/**
 * Range scans: descend once to the first leaf of the range, then walk the leaf chain.
 *
 * This is why a B+tree keeps every entry in the leaves and links them: after one descent
 * (height − 1 internal nodes), a scan of m entries reads about m / (keys per leaf) more
 * pages, in order, never climbing back up. PostgreSQL's `_bt_first` descends and
 * `_bt_steppage` follows `btpo_next` (or `btpo_prev` for a backward scan) in
 * src/backend/access/nbtree/nbtsearch.c; SQLite's `sqlite3BtreeNext` moves to the next
 * cell, climbing to the parent page when a leaf ends, because its leaves are not linked.
 *
 * Both bounds are inclusive, like SQL's `BETWEEN`: `low <= key <= high`. A missing bound
 * leaves that end of the range open.
 *
 * A scan is an iterator object rather than a generator function: on entering a leaf it
 * finds, with one binary search, the slots of that leaf inside the range, then hands them
 * out one by one with no comparison at all, so a full scan of a million entries costs
 * little more than reading two arrays.
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { leafHopStep, scanEndStep, scanStep } from '../steps/search-steps.ts';
import type { LeafNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { findLeaf, firstLeaf, lastLeaf } from './find-leaf.ts';

/** The bounds of a scan; `undefined` leaves that end open. */
export interface ScanBounds<K> {
  readonly low?: K | undefined;
  readonly high?: K | undefined;
}

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Entries with `low <= key <= high`, in ascending key order. */
export class AscendingScan<K, V> implements IterableIterator<[K, V]> {
  private readonly state: TreeState<K, V>;
  private readonly high: K | undefined;
  private readonly tracer: Tracer<BTreeStep> | undefined;
  private leaf: LeafNode<K, V> | null;
  private slot = 0;
  /** One past the last slot of the current leaf inside the range. */
  private end = 0;

  constructor(state: TreeState<K, V>, { low, high }: ScanBounds<K>, tracer?: Tracer<BTreeStep>) {
    this.state = state;
    this.high = high;
    this.tracer = tracer;
    const leaf = low === undefined ? firstLeaf(state) : findLeaf(state, low, tracer);
    this.leaf = leaf;
    this.enter(leaf, low === undefined ? 0 : state.keySlot(leaf.keys, low));
  }

  next(): IteratorResult<[K, V], undefined> {
    for (;;) {
      const leaf = this.leaf;
      if (leaf === null) return done;
      if (this.slot < this.end) {
        const i = this.slot++;
        return { done: false, value: [leaf.keys[i] as K, leaf.values[i] as V] };
      }
      if (this.end < leaf.keys.length) {
        // The next key is past `high`: the range ends inside this leaf.
        this.tracer?.emit(scanEndStep(this.state, leaf, leaf.keys[this.end], this.high));
        this.leaf = null;
        return done;
      }
      const next = leaf.next;
      if (next === null) this.tracer?.emit(scanEndStep(this.state, null));
      else this.tracer?.emit(leafHopStep(this.state, leaf, next, 'next'));
      this.leaf = next;
      if (next !== null) this.enter(next, 0);
    }
  }

  [Symbol.iterator](): this {
    return this;
  }

  private enter(leaf: LeafNode<K, V>, slot: number): void {
    this.slot = slot;
    this.end = this.high === undefined ? leaf.keys.length : this.state.childSlot(leaf.keys, this.high);
    if (this.end > slot) this.tracer?.emit(scanStep(this.state, leaf, leaf.keys.slice(slot, this.end)));
  }
}

/** Entries with `low <= key <= high`, in descending key order. */
export class DescendingScan<K, V> implements IterableIterator<[K, V]> {
  private readonly state: TreeState<K, V>;
  private readonly low: K | undefined;
  private readonly tracer: Tracer<BTreeStep> | undefined;
  private leaf: LeafNode<K, V> | null;
  /** The next slot to hand out is `slot - 1`. */
  private slot = 0;
  /** The first slot of the current leaf inside the range. */
  private start = 0;

  constructor(state: TreeState<K, V>, { low, high }: ScanBounds<K>, tracer?: Tracer<BTreeStep>) {
    this.state = state;
    this.low = low;
    this.tracer = tracer;
    const leaf = high === undefined ? lastLeaf(state) : findLeaf(state, high, tracer);
    this.leaf = leaf;
    this.enter(leaf, high === undefined ? leaf.keys.length : state.childSlot(leaf.keys, high));
  }

  next(): IteratorResult<[K, V], undefined> {
    for (;;) {
      const leaf = this.leaf;
      if (leaf === null) return done;
      if (this.slot > this.start) {
        const i = --this.slot;
        return { done: false, value: [leaf.keys[i] as K, leaf.values[i] as V] };
      }
      if (this.start > 0) {
        // The key before is below `low`: the range ends inside this leaf.
        this.tracer?.emit(scanEndStep(this.state, leaf, leaf.keys[this.start - 1], this.low));
        this.leaf = null;
        return done;
      }
      const prev = leaf.prev;
      if (prev === null) this.tracer?.emit(scanEndStep(this.state, null));
      else this.tracer?.emit(leafHopStep(this.state, leaf, prev, 'prev'));
      this.leaf = prev;
      if (prev !== null) this.enter(prev, prev.keys.length);
    }
  }

  [Symbol.iterator](): this {
    return this;
  }

  private enter(leaf: LeafNode<K, V>, slot: number): void {
    this.slot = slot;
    this.start = this.low === undefined ? 0 : Math.min(slot, this.state.keySlot(leaf.keys, this.low));
    if (slot > this.start) {
      this.tracer?.emit(scanStep(this.state, leaf, leaf.keys.slice(this.start, slot).reverse()));
    }
  }
}
