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
 */
import type { Tracer } from '@dbplay/core';
import { findLeaf, firstLeaf, lastLeaf } from './find-leaf.ts';
import type { LeafNode } from './nodes.ts';
import type { TreeState } from './tree-state.ts';
import { type BTreeStep, leafHopStep, scanEndStep, scanStep } from './tree-steps.ts';

/** The bounds of a scan; `undefined` leaves that end open. */
export interface ScanBounds<K> {
  readonly low?: K | undefined;
  readonly high?: K | undefined;
}

/** Entries with `low <= key <= high`, in ascending key order. */
export function* scanAscending<K, V>(
  state: TreeState<K, V>,
  { low, high }: ScanBounds<K>,
  tracer?: Tracer<BTreeStep>,
): Generator<[K, V], void, undefined> {
  let leaf: LeafNode<K, V> | null = low === undefined ? firstLeaf(state) : findLeaf(state, low, tracer);
  let slot = low === undefined ? 0 : state.keySlot(leaf.keys, low);
  while (leaf !== null) {
    const keys = leaf.keys;
    // The slots of this leaf inside the range: [slot, end).
    const end = high === undefined ? keys.length : state.childSlot(keys, high);
    if (end > slot) tracer?.emit(scanStep(state, leaf, keys.slice(slot, end)));
    for (let i = slot; i < end; i++) yield [keys[i] as K, leaf.values[i] as V];
    if (end < keys.length) {
      tracer?.emit(scanEndStep(state, leaf, 'bound', keys[end], high));
      return;
    }
    const next: LeafNode<K, V> | null = leaf.next;
    if (next !== null) tracer?.emit(leafHopStep(state, leaf, next, 'next'));
    leaf = next;
    slot = 0;
  }
  tracer?.emit(scanEndStep(state, null, 'end'));
}

/** Entries with `low <= key <= high`, in descending key order. */
export function* scanDescending<K, V>(
  state: TreeState<K, V>,
  { low, high }: ScanBounds<K>,
  tracer?: Tracer<BTreeStep>,
): Generator<[K, V], void, undefined> {
  let leaf: LeafNode<K, V> | null = high === undefined ? lastLeaf(state) : findLeaf(state, high, tracer);
  // One past the last slot inside the range.
  let end = high === undefined ? leaf.keys.length : state.childSlot(leaf.keys, high);
  while (leaf !== null) {
    const keys = leaf.keys;
    const start = low === undefined ? 0 : state.keySlot(keys, low);
    if (end > start) tracer?.emit(scanStep(state, leaf, keys.slice(start, end).reverse()));
    for (let i = end - 1; i >= start; i--) yield [keys[i] as K, leaf.values[i] as V];
    if (start > 0) {
      tracer?.emit(scanEndStep(state, leaf, 'bound', keys[start - 1], low));
      return;
    }
    const prev: LeafNode<K, V> | null = leaf.prev;
    if (prev !== null) tracer?.emit(leafHopStep(state, leaf, prev, 'prev'));
    leaf = prev;
    end = prev === null ? 0 : prev.keys.length;
  }
  tracer?.emit(scanEndStep(state, null, 'end'));
}
