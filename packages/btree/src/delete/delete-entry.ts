/**
 * Deletion: find the leaf, remove the entry, and repair underfull nodes on the way back up.
 *
 * After deleting from a child, the parent checks whether the child fell below its minimum
 * (see fill-bounds.ts) and repairs it, in the textbook order:
 * 1. borrow a key from the left sibling, if it has one to spare;
 * 2. else borrow from the right sibling;
 * 3. else merge with a sibling (the left one if there is one), which takes a key from the
 *    parent, so the parent may need repairing in turn, one level up.
 * If the root is an internal node left with a single child, that child becomes the root:
 * the only way a B+tree gets shorter.
 *
 * A separator in an ancestor may still name a key that has been deleted. That is fine: a
 * separator only has to lie between the keys of the subtrees on its left and right, and
 * rewriting it would cost a write for nothing. PostgreSQL leaves its pivot keys alone on
 * delete for the same reason (src/backend/access/nbtree/README, "Notes about data
 * representation").
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { removeStep, rootCollapseStep } from '../steps/delete-steps.ts';
import { missingStep, visitStep } from '../steps/search-steps.ts';
import type { InternalNode, TreeNode } from '../tree/nodes.ts';
import { removeSlot } from '../tree/shift-slots.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { borrowFromLeft, borrowFromRight } from './borrow-from-sibling.ts';
import { mergeWithRight } from './merge-siblings.ts';

/** Removes `key`; returns true when it was there. */
export function deleteEntry<K, V>(state: TreeState<K, V>, key: K, tracer?: Tracer<BTreeStep>): boolean {
  const removed = deleteFrom(state, state.root, key, tracer);
  const root = state.root;
  if (root.kind === 'internal' && root.keys.length === 0) {
    state.root = root.children[0] as TreeNode<K, V>;
    state.height -= 1;
    tracer?.emit(rootCollapseStep(state, root, state.root));
  }
  return removed;
}

function deleteFrom<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  key: K,
  tracer: Tracer<BTreeStep> | undefined,
): boolean {
  if (node.kind === 'leaf') {
    const slot = state.keySlot(node.keys, key);
    if (slot === node.keys.length || !state.same(node.keys[slot] as K, key)) {
      tracer?.emit(missingStep(state, node, key, 'there is nothing to delete'));
      return false;
    }
    removeSlot(node.keys, slot);
    removeSlot(node.values, slot);
    state.size -= 1;
    tracer?.emit(removeStep(state, node, key, slot));
    return true;
  }
  const slot = state.childSlot(node.keys, key);
  tracer?.emit(visitStep(state, node, key, slot));
  const child = node.children[slot] as TreeNode<K, V>;
  const removed = deleteFrom(state, child, key, tracer);
  const minimum = child.kind === 'leaf' ? state.minLeaf : state.minInternal;
  if (child.keys.length < minimum) repairUnderfull(state, node, slot, tracer);
  return removed;
}

/** `parent.children[slot]` holds one key fewer than its minimum: borrow, or else merge. */
function repairUnderfull<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer: Tracer<BTreeStep> | undefined,
): void {
  const child = parent.children[slot] as TreeNode<K, V>;
  const minimum = child.kind === 'leaf' ? state.minLeaf : state.minInternal;
  const left = slot > 0 ? parent.children[slot - 1] : undefined;
  const right = slot < parent.children.length - 1 ? parent.children[slot + 1] : undefined;
  if (left !== undefined && left.keys.length > minimum) borrowFromLeft(state, parent, slot, tracer);
  else if (right !== undefined && right.keys.length > minimum) borrowFromRight(state, parent, slot, tracer);
  else if (left !== undefined) mergeWithRight(state, parent, slot - 1, tracer);
  else mergeWithRight(state, parent, slot, tracer);
}
