/**
 * Insertion: find the leaf, put the entry in its slot, and split on the way back up.
 *
 * The recursion goes down one node per level. After inserting into a child, the parent
 * checks whether the child now holds one key too many and, if so, splits it and takes the
 * separator, which may in turn overflow the parent; the caller repeats the check one level
 * up, and the tree itself handles an overflowing root (see split-node.ts). PostgreSQL
 * remembers the path in a stack of `BTStack` entries during `_bt_search` and walks it back
 * in `_bt_insert_parent` (src/backend/access/nbtree/nbtinsert.c); the call stack does the
 * same job here.
 *
 * A key that is already present keeps its slot and gets the new value: the tree is a map,
 * like a unique index, so "insert" is "insert or replace".
 */
import type { Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { insertStep, updateStep } from '../steps/insert-steps.ts';
import { visitStep } from '../steps/search-steps.ts';
import type { TreeNode } from '../tree/nodes.ts';
import { insertSlot } from '../tree/shift-slots.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { growRoot, splitChild } from './split-node.ts';

/** Sets `key` to `value`; returns true when the key was new. */
export function insertEntry<K, V>(
  state: TreeState<K, V>,
  key: K,
  value: V,
  tracer?: Tracer<BTreeStep>,
): boolean {
  const added = insertInto(state, state.root, key, value, tracer);
  if (state.root.keys.length > state.order) growRoot(state, tracer);
  return added;
}

function insertInto<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  key: K,
  value: V,
  tracer: Tracer<BTreeStep> | undefined,
): boolean {
  if (node.kind === 'leaf') {
    const slot = state.keySlot(node.keys, key);
    if (slot < node.keys.length && state.same(node.keys[slot] as K, key)) {
      node.values[slot] = value;
      tracer?.emit(updateStep(state, node, key, slot));
      return false;
    }
    insertSlot(node.keys, slot, key);
    insertSlot(node.values, slot, value);
    state.size += 1;
    tracer?.emit(insertStep(state, node, key, slot));
    return true;
  }
  const slot = state.childSlot(node.keys, key);
  tracer?.emit(visitStep(state, node, key, slot));
  const child = node.children[slot] as TreeNode<K, V>;
  const added = insertInto(state, child, key, value, tracer);
  if (child.keys.length > state.order) splitChild(state, node, slot, tracer);
  return added;
}
