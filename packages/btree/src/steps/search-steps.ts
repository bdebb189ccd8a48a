/**
 * The steps of finding things: a descent visits one internal node per level (`visit`) and
 * ends in a leaf that holds the key (`found`) or not (`missing`); a range scan then reads
 * keys from leaf after leaf (`scan`), following the sibling links sideways (`leaf-hop`,
 * PostgreSQL's `btpo_next`) until a key passes the bound or the leaves run out (`scan-end`).
 */
import { formatKey, formatKeys } from '../tree/format-keys.ts';
import type { InternalNode, LeafNode, TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';
import { type BTreeStepOf, capital, nodeName, withSnapshot } from './narration.ts';

/** A search moved from an internal node to one of its children. */
export type VisitStep = BTreeStepOf<'visit', { node: number; slot: number; child: number }>;
/** A lookup reached its leaf and found the key there, or not. */
export type FoundStep = BTreeStepOf<'found', { leaf: number; key: unknown; slot: number }>;
export type MissingStep = BTreeStepOf<'missing', { leaf: number; key: unknown }>;
/** A range scan read keys from a leaf. */
export type ScanStep = BTreeStepOf<'scan', { leaf: number; keys: readonly unknown[] }>;
/** A range scan followed a leaf's sibling link. */
export type LeafHopStep = BTreeStepOf<'leaf-hop', { from: number; to: number; direction: 'next' | 'prev' }>;
/** A range scan stopped. */
export type ScanEndStep = BTreeStepOf<'scan-end', { leaf: number | null }>;

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
