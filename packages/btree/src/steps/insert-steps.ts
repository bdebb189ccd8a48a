/**
 * The steps of growing: a key goes into its leaf (`insert`), or replaces a value and changes
 * no shape (`update`); a node with one key too many splits and sends a separator up (`split`:
 * a leaf copies it, an internal node moves it), and a root that splits gets a new root above
 * it (`new-root`), the only way a B+tree gets taller.
 */
import { formatKey, formatKeys } from '../tree/format-keys.ts';
import type { InternalNode, LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { type BTreeStepOf, capital, nodeName, withSnapshot } from './narration.ts';

/** A new key went into a leaf (which may now hold one key too many). */
export type InsertStep = BTreeStepOf<'insert', { leaf: number; key: unknown; slot: number; keys: number }>;
/** A key already in the tree got a new value; the shape did not change. */
export type UpdateStep = BTreeStepOf<'update', { leaf: number; key: unknown; slot: number }>;
/** The root was full, so a new root was made above it: the tree grows a level. */
export type NewRootStep = BTreeStepOf<'new-root', { root: number; child: number; height: number }>;
/** A node with one key too many split in two; a separator went up to the parent. */
export type SplitStep = BTreeStepOf<
  'split',
  { node: number; leaf: boolean; newNode: number; separator: unknown; parent: number }
>;

export function insertStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  key: K,
  slot: number,
): InsertStep {
  const count = leaf.keys.length;
  const room =
    count <= state.order
      ? `it now holds ${count} of ${state.order} keys`
      : `it now holds ${count} keys, one more than the ${state.order} a node may hold`;
  return {
    kind: 'insert',
    touched: [leaf.id],
    leaf: leaf.id,
    key,
    slot,
    keys: count,
    narration: `Insert ${formatKey(key)} into ${nodeName(leaf)} at slot ${slot}: ${formatKeys(leaf.keys)}; ${room}.`,
    ...withSnapshot(state),
  };
}

export function updateStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  key: K,
  slot: number,
): UpdateStep {
  return {
    kind: 'update',
    touched: [leaf.id],
    leaf: leaf.id,
    key,
    slot,
    narration: `${capital(nodeName(leaf))} already holds ${formatKey(key)}, so only its value is replaced; the tree keeps its shape.`,
    ...withSnapshot(state),
  };
}

export function newRootStep<K, V>(
  state: TreeState<K, V>,
  root: InternalNode<K, V>,
  oldRoot: TreeNode<K, V>,
): NewRootStep {
  return {
    kind: 'new-root',
    touched: [root.id, oldRoot.id],
    root: root.id,
    child: oldRoot.id,
    height: state.height,
    narration: `The root, ${nodeName(oldRoot)}, must split but has no parent to take the separator, so a new root, ${nodeName(root)}, is made above it: the tree grows to ${state.height} levels.`,
    ...withSnapshot(state),
  };
}

export function splitStep<K, V>(
  state: TreeState<K, V>,
  node: TreeNode<K, V>,
  sibling: TreeNode<K, V>,
  separator: K,
  parent: InternalNode<K, V>,
): SplitStep {
  const total = node.keys.length + sibling.keys.length + (node.kind === 'leaf' ? 0 : 1);
  const head = `${capital(nodeName(node))} held ${total} keys, more than ${state.order}, so it splits at ${formatKey(separator)}`;
  const halves = `${formatKeys(node.keys)} stays, ${formatKeys(sibling.keys)} moves to new ${nodeName(sibling)}`;
  const up =
    node.kind === 'leaf'
      ? `${formatKey(separator)} is copied up to ${nodeName(parent)}`
      : `${formatKey(separator)} moves up to ${nodeName(parent)} (an internal split moves its middle key up rather than copying it)`;
  return {
    kind: 'split',
    touched: [node.id, sibling.id, parent.id],
    node: node.id,
    leaf: node.kind === 'leaf',
    newNode: sibling.id,
    separator,
    parent: parent.id,
    narration: `${head}: ${halves}; ${up}.`,
    ...withSnapshot(state),
  };
}
