/**
 * The narrated steps of B+tree operations, kept apart from the algorithms.
 *
 * Each builder makes one {@link BTreeStep}: what happened, the ids of the nodes it touched
 * (for highlighting), one sentence a learner can follow, and a snapshot of the tree right
 * after it. The algorithms call these builders only inside `tracer?.emit(...)`, so an
 * operation with no tracer attached never reaches this module: no step, no string, no
 * snapshot is built (test/tracing.test.ts counts the calls to prove it).
 */
import type { Step } from '@dbplay/core';
import { formatKey, formatKeys } from './format-keys.ts';
import type { InternalNode, LeafNode, TreeNode } from './nodes.ts';
import { stepSnapshot, type TreeSnapshot } from './snapshot.ts';
import type { TreeState } from './tree-state.ts';

type BTreeStepOf<Kind extends string, Fields> = Step<Kind, TreeSnapshot> & Readonly<Fields>;

/** A search moved from an internal node to one of its children. */
export type VisitStep = BTreeStepOf<'visit', { node: number; slot: number; child: number }>;
/** A lookup reached its leaf and found the key there, or not. */
export type FoundStep = BTreeStepOf<'found', { leaf: number; key: unknown; slot: number }>;
export type MissingStep = BTreeStepOf<'missing', { leaf: number; key: unknown }>;
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
/** A range scan read keys from a leaf. */
export type ScanStep = BTreeStepOf<'scan', { leaf: number; keys: readonly unknown[] }>;
/** A range scan followed a leaf's sibling link. */
export type LeafHopStep = BTreeStepOf<'leaf-hop', { from: number; to: number; direction: 'next' | 'prev' }>;
/** A range scan stopped. */
export type ScanEndStep = BTreeStepOf<'scan-end', { leaf: number | null }>;
/** A bulk load filled a leaf from the sorted input (no snapshot: the tree is not built yet). */
export type LoadLeafStep = BTreeStepOf<'load-leaf', { leaf: number; keys: number }>;
/** A bulk load built an internal node over nodes of the level below (no snapshot either). */
export type LoadNodeStep = BTreeStepOf<
  'load-node',
  { node: number; level: number; children: readonly number[] }
>;
/** A bulk load finished: the last node built is the root. */
export type LoadRootStep = BTreeStepOf<'load-root', { root: number; height: number }>;

export type BTreeStep =
  | VisitStep
  | FoundStep
  | MissingStep
  | InsertStep
  | UpdateStep
  | NewRootStep
  | SplitStep
  | RemoveStep
  | BorrowStep
  | MergeStep
  | RootCollapseStep
  | ScanStep
  | LeafHopStep
  | ScanEndStep
  | LoadLeafStep
  | LoadNodeStep
  | LoadRootStep;

export type BTreeStepKind = BTreeStep['kind'];

/** "leaf 7" or "node 3": how a narration names a node. */
export function nodeName(node: { readonly kind: 'leaf' | 'internal'; readonly id: number }): string {
  return `${node.kind === 'leaf' ? 'leaf' : 'node'} ${node.id}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withSnapshot<K, V>(state: TreeState<K, V>): { snapshot?: TreeSnapshot } {
  const snapshot = stepSnapshot(state);
  return snapshot === undefined ? {} : { snapshot };
}

export function visitStep<K, V>(
  state: TreeState<K, V>,
  node: InternalNode<K, V>,
  key: K,
  slot: number,
): VisitStep {
  const child = node.children[slot] as TreeNode<K, V>;
  const n = node.keys.length;
  const k = formatKey(key);
  const comparison =
    slot === 0
      ? `${k} < ${formatKey(node.keys[0])}, so go to the first child`
      : slot === n
        ? `${k} ≥ ${formatKey(node.keys[n - 1])}, so go to the last child`
        : `${formatKey(node.keys[slot - 1])} ≤ ${k} < ${formatKey(node.keys[slot])}, so go to child ${slot + 1} of ${n + 1}`;
  const where = node === state.root ? `the root, ${nodeName(node)}` : nodeName(node);
  return {
    kind: 'visit',
    touched: [node.id, child.id],
    node: node.id,
    slot,
    child: child.id,
    narration: `Visit ${where} ${formatKeys(node.keys)}: ${comparison}, ${nodeName(child)}.`,
    ...withSnapshot(state),
  };
}

export function foundStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  key: K,
  slot: number,
): FoundStep {
  return {
    kind: 'found',
    touched: [leaf.id],
    leaf: leaf.id,
    key,
    slot,
    narration: `${capital(nodeName(leaf))} ${formatKeys(leaf.keys)} holds ${formatKey(key)} in slot ${slot}: found.`,
    ...withSnapshot(state),
  };
}

export function missingStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V>,
  key: K,
  doing: string,
): MissingStep {
  return {
    kind: 'missing',
    touched: [leaf.id],
    leaf: leaf.id,
    key,
    narration: `${capital(nodeName(leaf))} ${formatKeys(leaf.keys)} does not hold ${formatKey(key)}, so ${doing}.`,
    ...withSnapshot(state),
  };
}

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

export function scanStep<K, V>(state: TreeState<K, V>, leaf: LeafNode<K, V>, keys: readonly K[]): ScanStep {
  return {
    kind: 'scan',
    touched: [leaf.id],
    leaf: leaf.id,
    keys: [...keys],
    narration:
      keys.length === 0
        ? `${capital(nodeName(leaf))} holds no key in the range.`
        : `Read ${formatKeys(keys)} from ${nodeName(leaf)}.`,
    ...withSnapshot(state),
  };
}

export function leafHopStep<K, V>(
  state: TreeState<K, V>,
  from: LeafNode<K, V>,
  to: LeafNode<K, V>,
  direction: 'next' | 'prev',
): LeafHopStep {
  const end = direction === 'next' ? 'its last key' : 'its first key';
  return {
    kind: 'leaf-hop',
    touched: [from.id, to.id],
    from: from.id,
    to: to.id,
    direction,
    narration: `The range may go on past ${end}, so follow ${nodeName(from)}'s ${direction === 'next' ? 'right' : 'left'} link to ${nodeName(to)}, without going back up the tree.`,
    ...withSnapshot(state),
  };
}

/** The scan stopped at `key` in `leaf`, beyond `bound`; or, with no leaf, at the end of the leaf level. */
export function scanEndStep<K, V>(
  state: TreeState<K, V>,
  leaf: LeafNode<K, V> | null,
  key?: K,
  bound?: K,
): ScanEndStep {
  const narration =
    leaf === null
      ? 'No leaf is left to read: the scan reached the end of the leaf level.'
      : `${capital(nodeName(leaf))} holds ${formatKey(key)}, beyond the bound ${formatKey(bound)}, so the scan stops.`;
  return {
    kind: 'scan-end',
    touched: leaf === null ? [] : [leaf.id],
    leaf: leaf === null ? null : leaf.id,
    narration,
    ...withSnapshot(state),
  };
}

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
