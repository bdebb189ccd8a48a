/**
 * The descent: from the root to the one leaf that may hold a key.
 *
 * At each internal node a binary search over the separators picks the child whose range
 * covers the key; after `height - 1` such steps the search is at a leaf. This is
 * `_bt_search` in PostgreSQL (src/backend/access/nbtree/nbtsearch.c), which also "moves
 * right" when a concurrent split has moved the key to a sibling (Lehman & Yao), and
 * `moveToChild` in SQLite (src/btree.c). A tree of a million keys and order 64 is 4 levels
 * deep, so a lookup reads 4 nodes.
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { visitStep } from '../steps/search-steps.ts';
import type { LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';

export function findLeaf<K, V>(state: TreeState<K, V>, key: K, tracer?: Tracer<BTreeStep>): LeafNode<K, V> {
  let node = state.root;
  while (node.kind === 'internal') {
    const slot = state.childSlot(node.keys, key);
    tracer?.emit(visitStep(state, node, key, slot));
    node = node.children[slot] as TreeNode<K, V>;
  }
  return node;
}

/** The leftmost leaf: where an ascending scan of the whole tree starts. */
export function firstLeaf<K, V>(state: TreeState<K, V>): LeafNode<K, V> {
  let node = state.root;
  while (node.kind === 'internal') node = node.children[0] as TreeNode<K, V>;
  return node;
}

/** The rightmost leaf: where a descending scan starts. */
export function lastLeaf<K, V>(state: TreeState<K, V>): LeafNode<K, V> {
  let node = state.root;
  while (node.kind === 'internal') node = node.children[node.children.length - 1] as TreeNode<K, V>;
  return node;
}
