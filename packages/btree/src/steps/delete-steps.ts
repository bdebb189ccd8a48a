/**
 * The steps of shrinking: a key leaves its leaf (`remove`); a node left below the minimum
 * takes a key from a sibling that can spare one (`borrow`) or merges with it (`merge`), and a
 * root left with one child hands the root over to it (`root-collapse`), the only way a B+tree
 * gets shorter.
 */
import { formatKey, formatKeys } from '../tree/format-keys.ts';
import type { InternalNode, LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { type BTreeStepOf, capital, nodeName, withSnapshot } from './narration.ts';

/** A key was removed from a leaf. */
export type RemoveStep = BTreeStepOf<'remove', { leaf: number; key: unknown; slot: number; keys: number }>;
/** An underfull node took one key from a sibling that could spare it. */
export type BorrowStep = BTreeStepOf<
  'borrow',
  { node: number; sibling: number; side: 'left' | 'right'; parent: number; separator: unknown }
>;
/** An underfull node and a sibling became one node; the parent lost a separator. */
export type MergeStep = BTreeStepOf<
  'merge',
  { into: number; removed: number; parent: number; separator: unknown }
>;
/** The root was left with a single child, which became the root: the tree shrinks a level. */
export type RootCollapseStep = BTreeStepOf<
  'root-collapse',
  { oldRoot: number; root: number; height: number }
>;

export function removeStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  key: K,
  slot: number,
): RemoveStep {
  const count = leaf.keys.length;
  const isRoot = leaf === state.root;
  const bound = isRoot
    ? 'the root may hold any number'
    : count >= state.minLeaf
      ? `at least ${state.minLeaf} required`
      : `fewer than the ${state.minLeaf} required`;
  return {
    kind: 'remove',
    touched: [leaf.id],
    leaf: leaf.id,
    key,
    slot,
    keys: count,
    narration: `Remove ${formatKey(key)} from slot ${slot} of ${nodeName(leaf)}: ${formatKeys(leaf.keys)}; ${count} ${count === 1 ? 'key' : 'keys'} left, ${bound}.`,
    ...withSnapshot(state),
  };
}

export function borrowStep<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  sibling: TreeNode<K, V>,
  side: 'left' | 'right',
  parent: InternalNode<K, V>,
  moved: readonly K[],
  separator: K,
): BorrowStep {
  const minimum = node.kind === 'leaf' ? state.minLeaf : state.minInternal;
  const how =
    node.kind === 'leaf'
      ? moved.length === 1
        ? `${formatKey(moved[0])} moves over`
        : `${formatKeys(moved)} move over, evening the two leaves out`
      : `${formatKey(moved[0])} comes down from ${nodeName(parent)} and the sibling's ${side === 'left' ? 'last' : 'first'} child moves with it`;
  return {
    kind: 'borrow',
    touched: [node.id, sibling.id, parent.id],
    node: node.id,
    sibling: sibling.id,
    side,
    parent: parent.id,
    separator,
    narration: `${capital(nodeName(node))} fell below the minimum of ${minimum} ${minimum === 1 ? 'key' : 'keys'}, and its ${side} sibling ${nodeName(sibling)} can spare ${moved.length > 1 ? 'some' : 'one'}: ${how}, and the separator in ${nodeName(parent)} becomes ${formatKey(separator)}.`,
    ...withSnapshot(state),
  };
}

export function mergeStep<K, V>(
  state: TreeState<K, V>,
  into: TreeNode<K, V>,
  removed: TreeNode<K, V>,
  parent: InternalNode<K, V>,
  separator: K,
): MergeStep {
  const minimum = into.kind === 'leaf' ? state.minLeaf : state.minInternal;
  const sep =
    into.kind === 'leaf'
      ? `separator ${formatKey(separator)} is removed from ${nodeName(parent)}`
      : `separator ${formatKey(separator)} comes down from ${nodeName(parent)} between them`;
  return {
    kind: 'merge',
    touched: [into.id, parent.id],
    into: into.id,
    removed: removed.id,
    parent: parent.id,
    separator,
    narration: `${capital(nodeName(into))} and ${nodeName(removed)} cannot lend each other a key (one fell below the minimum of ${minimum}, the other is at it), so they merge into ${nodeName(into)} ${formatKeys(into.keys)}: ${nodeName(removed)} is freed and ${sep}.`,
    ...withSnapshot(state),
  };
}

export function rootCollapseStep<K, V>(
  state: TreeState<K, V>,
  oldRoot: InternalNode<K, V>,
  root: TreeNode<K, V>,
): RootCollapseStep {
  return {
    kind: 'root-collapse',
    touched: [root.id],
    oldRoot: oldRoot.id,
    root: root.id,
    height: state.height,
    narration: `The root, ${nodeName(oldRoot)}, has no separator left and a single child, so it is removed and ${nodeName(root)} becomes the root: the tree shrinks to ${state.height} ${state.height === 1 ? 'level' : 'levels'}.`,
    ...withSnapshot(state),
  };
}
