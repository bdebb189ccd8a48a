/**
 * Borrowing: an underfull node takes one key from a sibling that has more than the minimum.
 *
 * For leaves the entry itself moves across, and the separator between the two leaves in
 * the parent becomes the right leaf's new first key. For internal nodes the key "rotates"
 * through the parent: the separator comes down into the underfull node, the sibling's
 * outermost key goes up to replace it, and the sibling's outermost child moves across with
 * it, so every subtree stays between its separators.
 *
 * This is the textbook redistribution. SQLite redistributes more eagerly, spreading the
 * cells of up to three siblings evenly (`balance_nonroot`, src/btree.c); PostgreSQL never
 * redistributes on delete at all: a page stays as empty as deletions leave it until it is
 * entirely empty and VACUUM removes it (src/backend/access/nbtree/nbtpage.c,
 * `_bt_pagedel`).
 */
import type { Tracer } from '@dbplay/core';
import type { InternalNode, TreeNode } from './nodes.ts';
import { insertSlot, removeSlot } from './shift-slots.ts';
import type { TreeState } from './tree-state.ts';
import { type BTreeStep, borrowStep } from './tree-steps.ts';

/** `parent.children[slot]` takes the last key of its left sibling. */
export function borrowFromLeft<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const node = parent.children[slot] as TreeNode<K, V>;
  const left = parent.children[slot - 1] as TreeNode<K, V>;
  let moved: K;
  if (node.kind === 'leaf' && left.kind === 'leaf') {
    moved = left.keys.pop() as K;
    insertSlot(node.keys, 0, moved);
    insertSlot(node.values, 0, left.values.pop() as V);
    parent.keys[slot - 1] = moved;
  } else if (node.kind === 'internal' && left.kind === 'internal') {
    moved = parent.keys[slot - 1] as K;
    insertSlot(node.keys, 0, moved);
    insertSlot(node.children, 0, left.children.pop() as TreeNode<K, V>);
    parent.keys[slot - 1] = left.keys.pop() as K;
  } else {
    throw new Error('siblings at different depths: the tree is corrupt');
  }
  tracer?.emit(borrowStep(state, node, left, 'left', parent, moved, parent.keys[slot - 1] as K));
}

/** `parent.children[slot]` takes the first key of its right sibling. */
export function borrowFromRight<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const node = parent.children[slot] as TreeNode<K, V>;
  const right = parent.children[slot + 1] as TreeNode<K, V>;
  let moved: K;
  if (node.kind === 'leaf' && right.kind === 'leaf') {
    moved = right.keys[0] as K;
    node.keys.push(moved);
    node.values.push(right.values[0] as V);
    removeSlot(right.keys, 0);
    removeSlot(right.values, 0);
    parent.keys[slot] = right.keys[0] as K;
  } else if (node.kind === 'internal' && right.kind === 'internal') {
    moved = parent.keys[slot] as K;
    node.keys.push(moved);
    node.children.push(right.children[0] as TreeNode<K, V>);
    parent.keys[slot] = right.keys[0] as K;
    removeSlot(right.keys, 0);
    removeSlot(right.children, 0);
  } else {
    throw new Error('siblings at different depths: the tree is corrupt');
  }
  tracer?.emit(borrowStep(state, node, right, 'right', parent, moved, parent.keys[slot] as K));
}
