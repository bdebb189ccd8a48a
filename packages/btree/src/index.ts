/**
 * @dbplay/btree: a B+tree you can step through, draw and check, fast enough to use, and
 * an x-ray that sets it beside PostgreSQL's and SQLite's real B-trees.
 *
 * - {@link BPlusTree}: get, set, delete with borrow and merge, range scans over linked
 *   leaves, bulk load, `check()`, `stats()`, tracing of every operation
 * - drawing: boxes or one line per level for the terminal, and Graphviz DOT
 * - page sizing: the order an 8 KiB PostgreSQL page gives for a key size
 * - the x-ray: the same keys in the toy tree, in PostgreSQL (pageinspect) and in SQLite
 *   (dbstat), side by side
 */
export {
  BPlusTree,
  type BPlusTreeOptions,
  type BTreeTracer,
  type BulkLoadOptions,
  defaultOrder,
} from './bplus-tree.ts';
export { type CheckReport, type InvariantName, invariantNames } from './check-invariants.ts';
export { drawLevels, type LevelsOptions } from './draw-levels.ts';
export { boxKeys, type DrawOptions, drawBoxes, drawTree } from './draw-tree.ts';
export { maxOrder, minInternalKeys, minLeafKeys, minOrder } from './fill-bounds.ts';
export { formatKey, formatKeys } from './format-keys.ts';
export { InternalNode, LeafNode, type TreeNode } from './nodes.ts';
export { type PageSizeOptions, type PageSizing, pageSizing } from './page-sizing.ts';
export { type SnapshotNode, snapshotKeyLimit, type TreeSnapshot } from './snapshot.ts';
export { type DotOptions, toDot } from './tree-dot.ts';
export type { TreeStats } from './tree-stats.ts';
export type {
  BorrowStep,
  BTreeStep,
  BTreeStepKind,
  FoundStep,
  InsertStep,
  LeafHopStep,
  LoadLeafStep,
  LoadNodeStep,
  LoadRootStep,
  MergeStep,
  MissingStep,
  NewRootStep,
  RemoveStep,
  RootCollapseStep,
  ScanEndStep,
  ScanStep,
  SplitStep,
  UpdateStep,
  VisitStep,
} from './tree-steps.ts';
export { nodeName } from './tree-steps.ts';
export type { IndexShape } from './xray/index-shape.ts';
export { type InsertOrder, insertOrders, keysInOrder, parseInsertOrder } from './xray/insert-order.ts';
export type { PageItem, PostgresPage } from './xray/postgres-page.ts';
export type { PostgresShape } from './xray/postgres-shape.ts';
export type { SqliteShape } from './xray/sqlite-shape.ts';
export { startPgliteWithPageinspect } from './xray/start-pageinspect.ts';
export { maxXrayKeys, type XrayOptions, type XrayReport, xrayBtree } from './xray/xray.ts';
