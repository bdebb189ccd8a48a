/**
 * Borrowing: an underfull node takes keys from a sibling that has more than the minimum.
 *
 * For leaves the entries themselves move across: enough of them to even the two leaves out
 * (at least one), so that the next deletion does not find the same leaf short again; the
 * separator between the two leaves in the parent becomes the right leaf's new first key.
 * For internal nodes one key "rotates" through the parent: the separator comes down into
 * the underfull node, the sibling's outermost key goes up to replace it, and the sibling's
 * outermost child moves across with it, so every subtree stays between its separators.
 *
 * This is the textbook redistribution. SQLite redistributes more eagerly, spreading the
 * cells of up to three siblings evenly (`balance_nonroot`, src/btree.c); PostgreSQL never
 * redistributes on delete at all: a page stays as empty as deletions leave it until it is
 * entirely empty and VACUUM removes it (src/backend/access/nbtree/nbtpage.c,
 * `_bt_pagedel`).
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { borrowStep } from '../steps/delete-steps.ts';
import type { InternalNode, TreeNode } from '../tree/nodes.ts';
import { insertSlot, removeSlot } from '../tree/shift-slots.ts';
import type { TreeState } from '../tree/tree-state.ts';

/** How many entries a leaf holding `short` takes from a sibling holding `rich`: half the difference, at least one. */
function evenShare(rich: number, short: number): number {
  return Math.max(1, (rich - short) >> 1);
}

/** `parent.children[slot]` takes the last keys of its left sibling. */
export function borrowFromLeft<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const node = parent.children[slot] as TreeNode<K, V>;
  const left = parent.children[slot - 1] as TreeNode<K, V>;
  let moved: K[];
  if (node.kind === 'leaf' && left.kind === 'leaf') {
    const from = left.keys.length - evenShare(left.keys.length, node.keys.length);
    moved = left.keys.splice(from);
    node.keys = moved.concat(node.keys);
    node.values = left.values.splice(from).concat(node.values);
    parent.keys[slot - 1] = node.keys[0] as K;
  } else if (node.kind === 'internal' && left.kind === 'internal') {
    moved = [parent.keys[slot - 1] as K];
    insertSlot(node.keys, 0, moved[0] as K);
    insertSlot(node.children, 0, left.children.pop() as TreeNode<K, V>);
    parent.keys[slot - 1] = left.keys.pop() as K;
  } else {
    throw new Error('siblings at different depths: the tree is corrupt');
  }
  tracer?.emit(borrowStep(state, node, left, 'left', parent, moved, parent.keys[slot - 1] as K));
}

/** `parent.children[slot]` takes the first keys of its right sibling. */
export function borrowFromRight<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const node = parent.children[slot] as TreeNode<K, V>;
  const right = parent.children[slot + 1] as TreeNode<K, V>;
  let moved: K[];
  if (node.kind === 'leaf' && right.kind === 'leaf') {
    const count = evenShare(right.keys.length, node.keys.length);
    moved = right.keys.splice(0, count);
    for (const key of moved) node.keys.push(key);
    for (const value of right.values.splice(0, count)) node.values.push(value);
    parent.keys[slot] = right.keys[0] as K;
  } else if (node.kind === 'internal' && right.kind === 'internal') {
    moved = [parent.keys[slot] as K];
    node.keys.push(moved[0] as K);
    node.children.push(right.children[0] as TreeNode<K, V>);
    parent.keys[slot] = right.keys[0] as K;
    removeSlot(right.keys, 0);
    removeSlot(right.children, 0);
  } else {
    throw new Error('siblings at different depths: the tree is corrupt');
  }
  tracer?.emit(borrowStep(state, node, right, 'right', parent, moved, parent.keys[slot] as K));
}
