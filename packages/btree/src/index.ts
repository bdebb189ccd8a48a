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
 *
 * The front door holds what a library user needs (14 names at run time); the tests import
 * the rest by path. Reading order and data flow: docs/architecture/btree.md. Start with
 * {@link BPlusTree} (bplus-tree.ts): its `@example` is compiled and run by
 * test/examples.test.ts. The fill bounds alone, without the tree: `@dbplay/btree/fill-bounds`.
 */
export {
  BPlusTree,
  type BPlusTreeOptions,
  type BTreeTracer,
  type BulkLoadOptions,
  defaultOrder,
} from './bplus-tree.ts';
export type { CheckReport, InvariantName } from './check/check-invariants.ts';
export type { TreeStats } from './check/tree-stats.ts';
export { drawLevels, type LevelsOptions } from './draw/draw-levels.ts';
export { type DrawOptions, drawTree } from './draw/draw-tree.ts';
export { type DotOptions, toDot } from './draw/tree-dot.ts';
export type { BTreeStep, BTreeStepKind } from './steps/btree-step.ts';
export type { BorrowStep, MergeStep, RemoveStep, RootCollapseStep } from './steps/delete-steps.ts';
export type { InsertStep, NewRootStep, SplitStep, UpdateStep } from './steps/insert-steps.ts';
export type { LoadLeafStep, LoadNodeStep, LoadRootStep } from './steps/load-steps.ts';
export type {
  FoundStep,
  LeafHopStep,
  MissingStep,
  ScanEndStep,
  ScanStep,
  VisitStep,
} from './steps/search-steps.ts';
export type { SnapshotNode, TreeSnapshot } from './steps/snapshot.ts';
export { maxOrder, minOrder } from './tree/fill-bounds.ts';
export { formatKey, formatKeys } from './tree/format-keys.ts';
export type { TreeNode } from './tree/nodes.ts';
export { type PageSizeOptions, type PageSizing, pageSizing } from './tree/page-sizing.ts';
export type { IndexShape } from './xray/index-shape.ts';
export { type InsertOrder, parseInsertOrder } from './xray/insert-order.ts';
export type { PageItem, PostgresPage } from './xray/postgres-page.ts';
export type { PostgresShape } from './xray/postgres-shape.ts';
export type { SqliteShape } from './xray/sqlite-shape.ts';
export { type StartPageinspectOptions, startPgliteWithPageinspect } from './xray/start-pageinspect.ts';
export { maxXrayKeys, type XrayOptions, type XrayReport, xrayBtree } from './xray/xray.ts';
