/**
 * A snapshot: the shape of a tree as plain data, for drawing it and for a step to carry.
 *
 * Snapshots copy the keys (not the values) of every node, so a drawing made from a step
 * shows the tree as it was right after that step, whatever happened since. Copying a whole
 * tree per step is fine for the trees a learner steps through; past
 * {@link snapshotKeyLimit} keys, steps carry no snapshot (the narration still says what
 * happened), so tracing an operation on a million-key tree does not copy it each time.
 */
import type { TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';

export interface SnapshotNode {
  readonly id: number;
  readonly leaf: boolean;
  readonly keys: readonly unknown[];
  /** Internal nodes only: the children, left to right. */
  readonly children?: readonly SnapshotNode[];
}

export interface TreeSnapshot {
  readonly order: number;
  readonly size: number;
  /** Levels, counting the leaves. */
  readonly height: number;
  readonly root: SnapshotNode;
}

/** Steps of a tree holding more keys than this carry no snapshot. */
export const snapshotKeyLimit = 2000;

/** The whole tree as data, whatever its size. */
export function snapshotOf<K, V>(state: TreeState<K, V>): TreeSnapshot {
  return { order: state.order, size: state.size, height: state.height, root: snapshotNode(state.root) };
}

/** The snapshot a step carries: the whole tree, or nothing for a tree too big to copy per step. */
export function stepSnapshot<K, V>(state: TreeState<K, V>): TreeSnapshot | undefined {
  return state.size <= snapshotKeyLimit ? snapshotOf(state) : undefined;
}

function snapshotNode<K, V>(node: TreeNode<K, V>): SnapshotNode {
  if (node.kind === 'leaf') return { id: node.id, leaf: true, keys: [...node.keys] };
  return { id: node.id, leaf: false, keys: [...node.keys], children: node.children.map(snapshotNode) };
}
