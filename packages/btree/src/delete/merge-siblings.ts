/**
 * Merging: two neighbouring children that are too small to share become one node.
 *
 * The right node's keys are appended to the left one and the right node is dropped from
 * the parent together with the separator between them. For leaves that separator simply
 * disappears (the keys it guarded are all in the merged leaf) and the leaf chain closes
 * over the freed leaf; for internal nodes it comes down into the merged node, between the
 * two halves, because it still separates their children.
 *
 * The parent loses a key, so it may fall below its own minimum, and the caller repeats the
 * repair one level up. PostgreSQL does not merge: it deletes a page only once it is empty
 * (`_bt_pagedel`, src/backend/access/nbtree/nbtpage.c); SQLite's `balance_nonroot`
 * (src/btree.c) may turn three siblings into two.
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { mergeStep } from '../steps/delete-steps.ts';
import type { InternalNode, TreeNode } from '../tree/nodes.ts';
import { removeSlot } from '../tree/shift-slots.ts';
import type { TreeState } from '../tree/tree-state.ts';

/** Merges `parent.children[slot + 1]` into `parent.children[slot]`. */
export function mergeWithRight<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const left = parent.children[slot] as TreeNode<K, V>;
  const right = parent.children[slot + 1] as TreeNode<K, V>;
  const separator = parent.keys[slot] as K;
  if (left.kind === 'leaf' && right.kind === 'leaf') {
    for (let i = 0; i < right.keys.length; i++) {
      left.keys.push(right.keys[i] as K);
      left.values.push(right.values[i] as V);
    }
    left.next = right.next;
    if (left.next !== null) left.next.prev = left;
  } else if (left.kind === 'internal' && right.kind === 'internal') {
    left.keys.push(separator);
    for (const key of right.keys) left.keys.push(key);
    for (const child of right.children) left.children.push(child);
  } else {
    throw new Error('siblings at different depths: the tree is corrupt');
  }
  removeSlot(parent.keys, slot);
  removeSlot(parent.children, slot + 1);
  tracer?.emit(mergeStep(state, left, right, parent, separator));
}
