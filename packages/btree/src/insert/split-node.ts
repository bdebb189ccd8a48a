/**
 * Splitting a node that holds one key too many, and the new root when the root splits.
 *
 * A leaf of `order + 1` keys keeps its lower half and moves the upper half to a new leaf
 * linked in after it; the new leaf's first key is *copied* up to the parent as the
 * separator, because every key must stay in a leaf. An internal node moves its middle key
 * *up* instead: the separator is only a signpost, needed once.
 *
 * Splitting evenly is the textbook rule and what PostgreSQL does for a page in the middle
 * of the index. PostgreSQL's `_bt_split` (src/backend/access/nbtree/nbtinsert.c) takes its
 * split point from `_bt_findsplitloc` (nbtsplitloc.c), which equalises bytes rather than
 * keys, and splits the rightmost page 90/10 (the leaf fillfactor) so that ascending
 * inserts leave full pages behind; SQLite's `balance_nonroot` (src/btree.c) redistributes
 * cells over up to three siblings. `dbplay btree xray` shows what those choices do.
 *
 * When the root itself splits, there is no parent to take the separator, so a new, empty
 * root is made above the old one first; this is the only way a B+tree grows taller, and
 * why all its leaves are always at the same depth.
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { newRootStep, splitStep } from '../steps/insert-steps.ts';
import { InternalNode, LeafNode, type TreeNode } from '../tree/nodes.ts';
import { insertSlot } from '../tree/shift-slots.ts';
import type { TreeState } from '../tree/tree-state.ts';

/** Splits `parent.children[slot]`, which holds `order + 1` keys, and adds the separator to `parent`. */
export function splitChild<K, V>(
  state: TreeState<K, V>,
  parent: InternalNode<K, V>,
  slot: number,
  tracer?: Tracer<BTreeStep>,
): void {
  const node = parent.children[slot] as TreeNode<K, V>;
  let sibling: TreeNode<K, V>;
  let separator: K;
  if (node.kind === 'leaf') {
    // Upper half to a new leaf; its first key is copied up.
    const middle = Math.ceil(node.keys.length / 2);
    const right = new LeafNode<K, V>(state.newId(), node.keys.slice(middle), node.values.slice(middle));
    // Fresh arrays of the exact size for the left half too: truncating in place would keep
    // the old, larger backing store and waste memory in every node.
    node.keys = node.keys.slice(0, middle);
    node.values = node.values.slice(0, middle);
    right.next = node.next;
    if (right.next !== null) right.next.prev = right;
    right.prev = node;
    node.next = right;
    sibling = right;
    separator = right.keys[0] as K;
  } else {
    // The middle key moves up; the keys and children after it go to a new node.
    const middle = Math.floor(node.keys.length / 2);
    separator = node.keys[middle] as K;
    sibling = new InternalNode<K, V>(
      state.newId(),
      node.keys.slice(middle + 1),
      node.children.slice(middle + 1),
    );
    node.keys = node.keys.slice(0, middle);
    node.children = node.children.slice(0, middle + 1);
  }
  insertSlot(parent.keys, slot, separator);
  insertSlot(parent.children, slot + 1, sibling);
  tracer?.emit(splitStep(state, node, sibling, separator, parent));
}

/** The root holds one key too many: put a new root above it, then split the old root under it. */
export function growRoot<K, V>(state: TreeState<K, V>, tracer?: Tracer<BTreeStep>): void {
  const oldRoot = state.root;
  const root = new InternalNode<K, V>(state.newId(), [], [oldRoot]);
  state.root = root;
  state.height += 1;
  tracer?.emit(newRootStep(state, root, oldRoot));
  splitChild(state, root, 0, tracer);
}
