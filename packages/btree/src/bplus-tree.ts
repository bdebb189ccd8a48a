/**
 * `BPlusTree<K, V>`: a sorted map kept as a B+tree, fast when nobody watches and
 * narrated step by step when a tracer is attached.
 *
 * The idea (Bayer & McCreight 1972; the "+" from Comer's 1979 survey): keep entries in
 * pages of up to `order` keys, all leaves at the same depth, and above them a tree of
 * separator keys, so that a million keys are three or four page reads away and a range is
 * one descent plus a walk along linked leaves. Every index in PostgreSQL
 * (src/backend/access/nbtree/) and every table and index in SQLite (src/btree.c) is one.
 *
 *     const tree = new BPlusTree<number, string>({ order: 4 });
 *     tree.set(5, 'five');
 *     tree.get(5);                        // 'five'
 *     [...tree.entries(1, 10)];           // entries with 1 <= key <= 10
 *     tree.set(6, 'six', recorder);       // the same insert, reported step by step
 *
 * The algorithms live one per file, in folders by what they do: search/ (find-leaf.ts,
 * range-scan.ts), insert/ (insert-entry.ts, split-node.ts, bulk-load.ts) and delete/
 * (delete-entry.ts, borrow-from-sibling.ts, merge-siblings.ts), over the node layout and
 * shared state of tree/; steps/ narrates them, check/ verifies them, draw/ draws the result.
 * This class holds their shared state and checks what callers pass in.
 */
import { BadInputError, type Compare, naturalCompare, type Tracer } from '@dbplay/core';
import { type CheckReport, checkInvariants } from './check/check-invariants.ts';
import { type TreeStats, treeStats } from './check/tree-stats.ts';
import { deleteEntry } from './delete/delete-entry.ts';
import { bulkLoadInto } from './insert/bulk-load.ts';
import { insertEntry } from './insert/insert-entry.ts';
import { findLeaf, firstLeaf, lastLeaf } from './search/find-leaf.ts';
import { AscendingScan, DescendingScan } from './search/range-scan.ts';
import type { BTreeStep } from './steps/btree-step.ts';
import { foundStep, missingStep } from './steps/search-steps.ts';
import { snapshotOf, type TreeSnapshot } from './steps/snapshot.ts';
import { checkOrder } from './tree/fill-bounds.ts';
import type { LeafNode, TreeNode } from './tree/nodes.ts';
import { type PageSizeOptions, type PageSizing, pageSizing } from './tree/page-sizing.ts';
import { TreeState } from './tree/tree-state.ts';

/** The default order: a realistic fanout for an in-memory tree, and a fast one. */
export const defaultOrder = 64;

export interface BPlusTreeOptions<K> {
  /** The most keys a node may hold, from 3 to 1024. Default 64. */
  readonly order?: number;
  /** Derive the order from a page size instead, the way PostgreSQL fills a page (see page-sizing.ts). */
  readonly page?: PageSizeOptions;
  /** Orders keys: negative, zero or positive. Default: numbers, or strings, in their natural order. */
  readonly compare?: Compare<K>;
}

export interface BulkLoadOptions<K> extends BPlusTreeOptions<K> {
  /** How full to pack each node, from 0.5 to 1. Default 1 (PostgreSQL's CREATE INDEX packs leaves to 0.9). */
  readonly fill?: number;
  /** Receives a step per leaf filled and per node built, then one for the root. */
  readonly tracer?: BTreeTracer;
}

export type BTreeTracer = Tracer<BTreeStep>;

/**
 * A sorted map kept as a B+tree: `order` is the most keys a node holds.
 *
 * @example
 * const tree = new BPlusTree<number, string>({ order: 4 });
 * for (const key of [5, 12, 7, 20, 25]) tree.set(key, `v${key}`);
 * console.log(tree.get(7)); // v7
 * console.log([...tree.entries(6, 20)].map(([key]) => key).join(' ')); // 7 12 20
 * const recorder = new StepRecorder<BTreeStep>();
 * tree.delete(25, recorder);
 * console.log(recorder.steps.map((step) => step.kind).join(' ')); // visit remove borrow
 * console.log(tree.stats().height, tree.check().ok); // 2 true
 */
export class BPlusTree<K, V> implements Iterable<[K, V]> {
  private readonly state: TreeState<K, V>;
  /** How the order was derived from a page size, when the `page` option was given. */
  readonly sizing: PageSizing | undefined;

  constructor(options: BPlusTreeOptions<K> = {}) {
    if (options.order !== undefined && options.page !== undefined) {
      throw new BadInputError(
        'give either an order or a page size, not both: the page size decides the order',
      );
    }
    this.sizing = options.page === undefined ? undefined : pageSizing(options.page);
    const order = checkOrder(this.sizing?.order ?? options.order ?? defaultOrder);
    const compare = options.compare ?? (naturalCompare as Compare<unknown> as Compare<K>);
    this.state = new TreeState<K, V>(order, compare, options.compare === undefined);
  }

  /**
   * Builds a tree bottom-up from entries in strictly ascending key order, each node filled
   * to `fill` (see bulk-load.ts). Throws a BadInputError for unsorted or duplicate keys.
   */
  static bulkLoad<K, V>(
    entries: Iterable<readonly [K, V]>,
    options: BulkLoadOptions<K> = {},
  ): BPlusTree<K, V> {
    const { fill = 1, tracer, ...treeOptions } = options;
    const tree = new BPlusTree<K, V>(treeOptions);
    bulkLoadInto(tree.state, entries, fill, tracer);
    return tree;
  }

  /** The most keys a node may hold. */
  get order(): number {
    return this.state.order;
  }

  /** Entries in the tree. */
  get size(): number {
    return this.state.size;
  }

  /** Levels, counting the leaves: 1 for a tree that is a single leaf (even an empty one). */
  get height(): number {
    return this.state.height;
  }

  /** The root node, for drawing and inspection. Changing nodes directly can break the tree; `check()` will say how. */
  get root(): TreeNode<K, V> {
    return this.state.root;
  }

  /** The value stored under `key`, or undefined. */
  get(key: K, tracer?: BTreeTracer): V | undefined {
    const leaf = findLeaf(this.state, key, tracer);
    const slot = this.state.keySlot(leaf.keys, key);
    if (slot < leaf.keys.length && this.state.same(leaf.keys[slot] as K, key)) {
      tracer?.emit(foundStep(this.state, leaf, key, slot));
      return leaf.values[slot];
    }
    tracer?.emit(missingStep(this.state, leaf, key, 'the key is not in the tree'));
    return undefined;
  }

  has(key: K, tracer?: BTreeTracer): boolean {
    const leaf = findLeaf(this.state, key, tracer);
    const slot = this.state.keySlot(leaf.keys, key);
    const found = slot < leaf.keys.length && this.state.same(leaf.keys[slot] as K, key);
    if (found) tracer?.emit(foundStep(this.state, leaf, key, slot));
    else tracer?.emit(missingStep(this.state, leaf, key, 'the key is not in the tree'));
    return found;
  }

  /** Inserts `key` or replaces its value; returns true when the key was new. */
  set(key: K, value: V, tracer?: BTreeTracer): boolean {
    this.state.checkKey(key);
    return insertEntry(this.state, key, value, tracer);
  }

  /** Removes `key`; returns true when it was in the tree. */
  delete(key: K, tracer?: BTreeTracer): boolean {
    return deleteEntry(this.state, key, tracer);
  }

  /** The smallest key, or undefined when the tree is empty. */
  min(): K | undefined {
    return firstLeaf(this.state).keys[0];
  }

  /** The largest key, or undefined when the tree is empty. */
  max(): K | undefined {
    const leaf: LeafNode<K, V> = lastLeaf(this.state);
    return leaf.keys[leaf.keys.length - 1];
  }

  /**
   * Entries with `low <= key <= high` (both bounds inclusive, like SQL's BETWEEN; leave one
   * undefined for an open end), in ascending order, read along the linked leaves.
   */
  entries(low?: K, high?: K, tracer?: BTreeTracer): IterableIterator<[K, V]> {
    this.checkBounds(low, high);
    return new AscendingScan(this.state, { low, high }, tracer);
  }

  /** The same range as {@link entries} (`low <= key <= high`), in descending order. */
  entriesReversed(low?: K, high?: K, tracer?: BTreeTracer): IterableIterator<[K, V]> {
    this.checkBounds(low, high);
    return new DescendingScan(this.state, { low, high }, tracer);
  }

  *keys(): IterableIterator<K> {
    for (let leaf: LeafNode<K, V> | null = firstLeaf(this.state); leaf !== null; leaf = leaf.next) {
      yield* leaf.keys;
    }
  }

  *values(): IterableIterator<V> {
    for (let leaf: LeafNode<K, V> | null = firstLeaf(this.state); leaf !== null; leaf = leaf.next) {
      yield* leaf.values;
    }
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Calls `callback` for every entry in ascending order: the fastest full scan, with no iterator objects. */
  forEach(callback: (value: V, key: K, tree: this) => void): void {
    for (let leaf: LeafNode<K, V> | null = firstLeaf(this.state); leaf !== null; leaf = leaf.next) {
      const { keys, values } = leaf;
      for (let i = 0; i < keys.length; i++) callback(values[i] as V, keys[i] as K, this);
    }
  }

  /** Verifies every invariant and names the first broken one; never changes the tree (see check-invariants.ts). */
  check(): CheckReport {
    return checkInvariants(this.state);
  }

  stats(): TreeStats {
    return treeStats(this.state);
  }

  /** The shape of the tree as plain data (keys, no values), for drawing. */
  snapshot(): TreeSnapshot {
    return snapshotOf(this.state);
  }

  private checkBounds(low: K | undefined, high: K | undefined): void {
    if (low !== undefined) this.state.checkBound(low);
    if (high !== undefined) this.state.checkBound(high);
  }
}
