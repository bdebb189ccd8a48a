/**
 * The steps of a bulk load, which builds a tree bottom-up from sorted input instead of
 * inserting key by key: leaves filled in order (`load-leaf`), internal nodes built over the
 * level below (`load-node`), and the last node alone on its level made the root
 * (`load-root`). Until then there is no tree to snapshot, so only the last step carries one.
 */
import { formatKeys } from '../tree/format-keys.ts';
import type { InternalNode, LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { type BTreeStepOf, capital, nodeName, withSnapshot } from './narration.ts';

/** A bulk load filled a leaf from the sorted input (no snapshot: the tree is not built yet). */
export type LoadLeafStep = BTreeStepOf<'load-leaf', { leaf: number; keys: number }>;
/** A bulk load built an internal node over nodes of the level below (no snapshot either). */
export type LoadNodeStep = BTreeStepOf<
  'load-node',
  { node: number; level: number; children: readonly number[] }
>;
/** A bulk load finished: the last node built is the root. */
export type LoadRootStep = BTreeStepOf<'load-root', { root: number; height: number }>;

export function loadLeafStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  perLeaf: number,
): LoadLeafStep {
  const link = leaf.prev === null ? 'the first leaf' : `linked after ${nodeName(leaf.prev)}`;
  const size =
    leaf.keys.length === perLeaf
      ? `the fill factor gives ${perLeaf} of the ${state.order} a leaf may hold`
      : `not ${perLeaf}: the last leaves share what is left, so none falls below the minimum of ${state.minLeaf}`;
  return {
    kind: 'load-leaf',
    touched: [leaf.id],
    leaf: leaf.id,
    keys: leaf.keys.length,
    narration: `Fill ${nodeName(leaf)} with the next ${leaf.keys.length} sorted entries, ${formatKeys(leaf.keys)} (${size}), ${link}.`,
  };
}

export function loadNodeStep<K, V>(node: InternalNode<K, V>, level: number): LoadNodeStep {
  const children = node.children.map((child) => child.id);
  const span =
    children.length <= 4
      ? node.children.map(nodeName).join(', ')
      : `${nodeName(node.children[0] as TreeNode<K, V>)} … ${nodeName(node.children[children.length - 1] as TreeNode<K, V>)}`;
  return {
    kind: 'load-node',
    touched: [node.id, ...children],
    node: node.id,
    level,
    children,
    narration: `Build ${nodeName(node)} on level ${level} over ${children.length} nodes (${span}); the first key of each but the first becomes a separator: ${formatKeys(node.keys)}.`,
  };
}

export function loadRootStep<K, V>(state: TreeState<K, V>): LoadRootStep {
  return {
    kind: 'load-root',
    touched: [state.root.id],
    root: state.root.id,
    height: state.height,
    narration: `${capital(nodeName(state.root))} is alone on its level, so it is the root: ${state.size} entries in ${state.height} ${state.height === 1 ? 'level' : 'levels'}, built bottom-up without a single split.`,
    ...withSnapshot(state),
  };
}
