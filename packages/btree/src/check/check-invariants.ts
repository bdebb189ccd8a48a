/**
 * `check()`: verify every invariant of the tree, and name the first one that is broken.
 *
 * A B+tree is correct when all of these hold. They are checked in this order (the first
 * four node by node from the root down, left to right), so the report names the most
 * basic fault first:
 * - `node-shape`: an internal node has one child more than keys; a leaf one value per key;
 * - `keys-ordered`: the keys of every node strictly ascend;
 * - `fill-bounds`: every node holds at most `order` keys, and every node but the root at
 *   least its minimum (an internal root at least one key, i.e. two children);
 * - `leaf-depth`: every leaf is at the same depth, `height` levels down;
 * - `leaf-links`: following `next` from the leftmost leaf visits exactly the leaves in
 *   tree order, and every `prev` points back;
 * - `leaf-chain-ordered`: keys keep ascending across the leaf chain;
 * - `separators`: every key in child i of a node lies between separators i−1 (inclusive)
 *   and i (exclusive), all the way down;
 * - `size`: the leaves hold `size` entries.
 *
 * PostgreSQL's amcheck extension does this for a real index (`bt_index_check`,
 * contrib/amcheck/verify_nbtree.c), and SQLite's `PRAGMA integrity_check` walks every
 * b-tree (`checkTreePage` in src/btree.c). Like them, `check()` only reads.
 */

import { nodeName } from '../steps/narration.ts';
import { formatKey } from '../tree/format-keys.ts';
import type { LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';

export const invariantNames = [
  'node-shape',
  'keys-ordered',
  'fill-bounds',
  'leaf-depth',
  'leaf-links',
  'leaf-chain-ordered',
  'separators',
  'size',
] as const;

export type InvariantName = (typeof invariantNames)[number];

export type CheckReport =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly invariant: InvariantName;
      /** The id of the node where the broken invariant was found (null for the tree as a whole). */
      readonly node: number | null;
      readonly message: string;
    };

class Broken extends Error {
  readonly invariant: InvariantName;
  readonly node: number | null;
  constructor(invariant: InvariantName, node: number | null, message: string) {
    super(message);
    this.invariant = invariant;
    this.node = node;
  }
}

export function checkInvariants<K, V>(state: TreeState<K, V>): CheckReport {
  try {
    const leaves: LeafNode<K, V>[] = [];
    checkNode(state, state.root, 1, leaves);
    checkLeafChain(state, leaves);
    checkSeparators(state, state.root, undefined, undefined);
    const count = leaves.reduce((sum, leaf) => sum + leaf.keys.length, 0);
    if (count !== state.size) {
      throw new Broken('size', null, `the leaves hold ${count} entries but the tree's size is ${state.size}`);
    }
    return { ok: true };
  } catch (error) {
    if (!(error instanceof Broken)) throw error;
    return { ok: false, invariant: error.invariant, node: error.node, message: error.message };
  }
}

/** Checks the shape, order, fill and depth of `node` and its subtree; collects the leaves in order. */
function checkNode<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  depth: number,
  leaves: LeafNode<K, V>[],
): void {
  const name = nodeName(node);
  const { keys } = node;
  const isRoot = node === state.root;

  if (node.kind === 'leaf' && node.values.length !== keys.length) {
    throw new Broken(
      'node-shape',
      node.id,
      `${name} has ${keys.length} keys but ${node.values.length} values`,
    );
  }
  if (node.kind === 'internal' && node.children.length !== keys.length + 1) {
    throw new Broken(
      'node-shape',
      node.id,
      `${name} has ${keys.length} keys, so it needs ${keys.length + 1} children, but has ${node.children.length}`,
    );
  }

  for (let i = 1; i < keys.length; i++) {
    if (state.compare(keys[i - 1] as K, keys[i] as K) >= 0) {
      throw new Broken(
        'keys-ordered',
        node.id,
        `in ${name}, key ${formatKey(keys[i])} at slot ${i} does not come after ${formatKey(keys[i - 1])}`,
      );
    }
  }

  const minimum = isRoot
    ? node.kind === 'leaf'
      ? 0
      : 1
    : node.kind === 'leaf'
      ? state.minLeaf
      : state.minInternal;
  if (keys.length > state.order || keys.length < minimum) {
    throw new Broken(
      'fill-bounds',
      node.id,
      `${name} holds ${keys.length} keys; it must hold from ${minimum} to ${state.order}`,
    );
  }

  if (node.kind === 'leaf' && depth !== state.height) {
    throw new Broken(
      'leaf-depth',
      node.id,
      `${name} is at depth ${depth}, but the tree has ${state.height} levels, so every leaf must be at depth ${state.height}`,
    );
  }
  if (node.kind === 'internal' && depth >= state.height) {
    throw new Broken(
      'leaf-depth',
      node.id,
      `${name} is an internal node at depth ${depth}, but the leaves must be at depth ${state.height}`,
    );
  }

  if (node.kind === 'leaf') {
    leaves.push(node);
    return;
  }
  for (const child of node.children) checkNode(state, child, depth + 1, leaves);
}

/** Every key of `node`'s subtree must lie in [low, high), the range its ancestors' separators give it. */
function checkSeparators<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  low: K | undefined,
  high: K | undefined,
): void {
  for (const key of node.keys) {
    const belowLow = low !== undefined && state.compare(key, low) < 0;
    const aboveHigh = high !== undefined && state.compare(key, high) >= 0;
    if (belowLow || aboveHigh) {
      const range = `${low === undefined ? '−∞' : formatKey(low)} ≤ key < ${high === undefined ? '+∞' : formatKey(high)}`;
      throw new Broken(
        'separators',
        node.id,
        `key ${formatKey(key)} in ${nodeName(node)} lies outside ${range}, the range its parent's separators give it`,
      );
    }
  }
  if (node.kind === 'leaf') return;
  node.children.forEach((child, i) => {
    const childLow = i === 0 ? low : node.keys[i - 1];
    const childHigh = i === node.keys.length ? high : node.keys[i];
    checkSeparators(state, child, childLow, childHigh);
  });
}

function checkLeafChain<K, V>(state: TreeState<K, V>, leaves: readonly LeafNode<K, V>[]): void {
  const first = leaves[0];
  if (first !== undefined && first.prev !== null) {
    throw new Broken(
      'leaf-links',
      first.id,
      `${nodeName(first)} is the leftmost leaf but links back to ${nodeName(first.prev)}`,
    );
  }
  leaves.forEach((leaf, i) => {
    const expected = leaves[i + 1] ?? null;
    if (leaf.next !== expected) {
      const actual = leaf.next === null ? 'nothing' : nodeName(leaf.next);
      const wanted = expected === null ? 'nothing (it is the rightmost leaf)' : nodeName(expected);
      throw new Broken(
        'leaf-links',
        leaf.id,
        `${nodeName(leaf)} links forward to ${actual}, but the next leaf in the tree is ${wanted}`,
      );
    }
    if (expected !== null && expected.prev !== leaf) {
      throw new Broken(
        'leaf-links',
        expected.id,
        `${nodeName(expected)} does not link back to ${nodeName(leaf)}, the leaf before it`,
      );
    }
  });
  let previous: { key: K; leaf: LeafNode<K, V> } | undefined;
  for (const leaf of leaves) {
    const key = leaf.keys[0];
    if (previous !== undefined && key !== undefined && state.compare(previous.key, key) >= 0) {
      throw new Broken(
        'leaf-chain-ordered',
        leaf.id,
        `${nodeName(leaf)} starts with ${formatKey(key)}, which does not come after ${formatKey(previous.key)} at the end of ${nodeName(previous.leaf)}`,
      );
    }
    const last = leaf.keys[leaf.keys.length - 1];
    if (last !== undefined) previous = { key: last, leaf };
  }
}
