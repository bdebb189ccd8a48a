/**
 * `stats()`: the shape of the tree in numbers, the figures `dbplay btree xray` sets beside
 * PostgreSQL's `pageinspect` and SQLite's `dbstat`.
 *
 * Fill is measured in keys: a leaf holding 3 keys in a tree of order 4 is 75% full. Real
 * engines measure bytes, since their entries vary in size; with fixed-size keys the two
 * agree up to page headers.
 */
import type { TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';

export interface TreeStats {
  readonly size: number;
  readonly order: number;
  /** Levels, counting the leaf level (1 for a tree that is a single leaf). */
  readonly height: number;
  readonly internalNodes: number;
  readonly leafNodes: number;
  /** Keys in all leaves over the room in all leaves (leaves × order): 0 to 1. */
  readonly avgLeafFill: number;
  /** The emptiest leaf's keys over the order: 0 to 1. */
  readonly minLeafFill: number;
  /** Keys held at each level, the root's first. */
  readonly keysPerLevel: readonly number[];
  /** Nodes at each level, the root's first. */
  readonly nodesPerLevel: readonly number[];
}

export function treeStats<K, V>(state: TreeState<K, V>): TreeStats {
  const keysPerLevel: number[] = [];
  const nodesPerLevel: number[] = [];
  let level: TreeNode<K, V>[] = [state.root];
  let leafNodes = 0;
  let leafKeys = 0;
  let minLeafKeys = Number.POSITIVE_INFINITY;
  while (level.length > 0) {
    nodesPerLevel.push(level.length);
    keysPerLevel.push(level.reduce((sum, node) => sum + node.keys.length, 0));
    const next: TreeNode<K, V>[] = [];
    for (const node of level) {
      if (node.kind === 'leaf') {
        leafNodes += 1;
        leafKeys += node.keys.length;
        minLeafKeys = Math.min(minLeafKeys, node.keys.length);
      } else {
        for (const child of node.children) next.push(child);
      }
    }
    level = next;
  }
  return {
    size: state.size,
    order: state.order,
    height: state.height,
    internalNodes: nodesPerLevel.reduce((sum, n) => sum + n, 0) - leafNodes,
    leafNodes,
    avgLeafFill: leafKeys / (leafNodes * state.order),
    minLeafFill: minLeafKeys / state.order,
    keysPerLevel,
    nodesPerLevel,
  };
}
