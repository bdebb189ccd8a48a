/**
 * The toy tree's side of the x-ray: the same keys inserted one by one into a
 * {@link BPlusTree} whose order comes from an 8 KiB page of 4-byte keys, as PostgreSQL
 * stores an `int4` index (407 entries per page; see page-sizing.ts).
 */
import { BPlusTree } from '../bplus-tree.ts';
import type { IndexShape } from './index-shape.ts';

/** The keys inserted one by one into a tree of 8 KiB pages of `int4` keys. */
export function toyTree(keys: readonly number[]): BPlusTree<number, number> {
  const tree = new BPlusTree<number, number>({ page: { pageSize: 8192, keyBytes: 4 } });
  for (const key of keys) tree.set(key, key);
  return tree;
}

export function toyShape(tree: BPlusTree<number, number>): IndexShape & { readonly order: number } {
  const stats = tree.stats();
  return {
    height: stats.height,
    leafPages: stats.leafNodes,
    internalPages: stats.internalNodes,
    avgLeafFill: stats.avgLeafFill,
    fillMeasure: 'keys',
    avgLeafItems: stats.size / stats.leafNodes,
    avgEntryBytes: tree.sizing?.entryBytes ?? 0,
    pageSize: 8192,
    source: `BPlusTree({ page: { pageSize: 8192, keyBytes: 4 } }).stats(), order ${tree.order}`,
    order: tree.order,
  };
}
