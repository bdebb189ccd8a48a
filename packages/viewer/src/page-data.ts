/**
 * The data a page carries: one JSON document, embedded in the page and read by its script.
 *
 * A trace is a list of steps, and a picture of the state after each. The terminal plays
 * them one after another (playground/src/step-player.ts); a page lets the reader go back
 * and forth. Everything the page draws is in this document, already reduced to what a
 * drawing needs (display text for keys, ids for highlighting, one number per bar), so the
 * browser script only lays it out, and the tests check this JSON rather than pixels.
 *
 * Four kinds, one per area: {@link BtreePageData}, {@link LsmPageData},
 * {@link IsolationPageData}, {@link ExplainPageData}. Every kind has a title, steps with a
 * narration each, and optional tables and notes shown under the picture.
 */

/** What every step of every kind has: what happened, and the sentence that says so. */
export interface PageStep {
  /** The step's kind as its package names it: `visit`, `split`, `flush`, `wait`, `node` … */
  readonly kind: string;
  readonly narration: string;
  /** Ids of what the step touched (node ids, table ids, session names), drawn highlighted. */
  readonly touched: readonly (number | string)[];
}

/** A table of figures shown under the picture (the x-ray's engines side by side, a verdict). */
export interface PageTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

interface PageBase<Kind extends string, S extends PageStep> {
  readonly kind: Kind;
  readonly title: string;
  /** One line under the title: the command, the engine, the settings. */
  readonly subtitle: string;
  readonly steps: readonly S[];
  readonly tables?: readonly PageTable[];
  readonly notes?: readonly string[];
}

// ---------------------------------------------------------------- B+tree

/**
 * One version of one node. A trace of a thousand inserts holds thousands of snapshots of
 * the same tree, and between two steps only a leaf and its ancestors change; so every
 * distinct node version is kept once, and a snapshot is the index of its root's version.
 */
export interface BtreeNodeVersion {
  readonly id: number;
  readonly leaf: boolean;
  /** Keys as display text; of a node holding many, only the first three and the last two. */
  readonly keys: readonly string[];
  /** How many keys the node holds, when `keys` shows only some of them. */
  readonly count?: number;
  /** Internal nodes: the versions of the children, left to right. */
  readonly children?: readonly number[];
}

export interface BtreePageStep extends PageStep {
  /** Which operation of the command the step belongs to: an index into `operations`. */
  readonly operation: number;
  /** The tree after the step (an index into `nodes`); null when none was recorded. */
  readonly root: number | null;
  /** For a split, merge, borrow or a change of root: the tree before it, drawn beside. */
  readonly before?: number;
  /** The nodes the operation has gone through so far: the search path and the leaves a scan read. */
  readonly trail: readonly number[];
}

export interface BtreePageData extends PageBase<'btree', BtreePageStep> {
  readonly order: number;
  /** What each operation was: `insert 40`, `range 3..9`. */
  readonly operations: readonly string[];
  readonly nodes: readonly BtreeNodeVersion[];
}

// ---------------------------------------------------------------- LSM

export interface LsmTableView {
  readonly id: number;
  readonly bytes: number;
  readonly entries: number;
  readonly firstKey: string;
  readonly lastKey: string;
}

export interface LsmRunView {
  /** `L0`, `L1`, `tier 12`. */
  readonly name: string;
  readonly tables: readonly LsmTableView[];
}

export interface MemtableView {
  readonly entries: number;
  readonly bytes: number;
  readonly limit: number;
}

/** The amplifications so far, after a step; see the definitions in lsm-page.ts. */
export interface AmplificationPoint {
  readonly write: number;
  readonly read: number;
  readonly space: number;
}

export interface LsmPageStep extends PageStep {
  /** The memtable after the step (absent in a simulation, which has none). */
  readonly memtable?: MemtableView;
  /** The frozen memtable being flushed, if any. */
  readonly immutable?: MemtableView;
  /** The levels or tiers after the step: an index into `shapes`. */
  readonly shape: number;
  /** How the touched tables are marked: compaction inputs, outputs, a flushed table, a probe. */
  readonly role: 'input' | 'output' | 'flushed' | 'probed' | null;
  readonly amplification: AmplificationPoint;
}

export interface LsmPageData extends PageBase<'lsm', LsmPageStep> {
  readonly strategy: string;
  /** Distinct shapes (levels or tiers with their tables), shared by the steps. */
  readonly shapes: readonly (readonly LsmRunView[])[];
  /** What the three amplification figures mean in this page. */
  readonly amplificationNotes: { readonly write: string; readonly read: string; readonly space: string };
}

// ---------------------------------------------------------------- isolation

/** One row of the swim lanes: a statement issued, a wait, a wait that ended. */
export interface LaneRow {
  readonly session: string;
  readonly step: string;
  readonly sql: string;
  /** `step`, `wait`, `finish`, `postpone`, `abandon`: the run event the row draws. */
  readonly event: string;
  /** What came back: `UPDATE 1`, `(1, 10)`, `waits`. */
  readonly result: string;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The sessions it waits for (an arrow goes to each). */
  readonly waitsFor: readonly string[];
  readonly ended: 'commit' | 'rollback' | null;
}

export interface IsolationPageStep extends PageStep {
  /** The swim-lane row the step is about, or null (a step of the model's before any statement). */
  readonly row: number | null;
  /** Model runs: the internals after the step, an index into `internals`. */
  readonly internals?: number;
  /** The last step of a model run shows the dependency graph. */
  readonly graph?: boolean;
}

export interface GraphView {
  readonly nodes: readonly { readonly name: string; readonly session: string }[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: string;
    readonly label: string;
    readonly inCycle: boolean;
  }[];
  /** `T1 -rw-> T2 -rw-> T1`, and the anomaly it names; null when the graph has no cycle. */
  readonly cycle: { readonly text: string; readonly anomaly: string } | null;
}

export interface IsolationPageData extends PageBase<'isolation', IsolationPageStep> {
  readonly engine: string;
  readonly level: string;
  readonly sessions: readonly {
    readonly name: string;
    /** committed, aborted, rolled-back, unfinished */
    readonly status: string;
  }[];
  readonly rows: readonly LaneRow[];
  /** Model runs: distinct internals (tuple versions, snapshots, locks), shared by the steps. */
  readonly internals: readonly unknown[];
  readonly graph: GraphView | null;
}

// ---------------------------------------------------------------- EXPLAIN

export interface PlanNodeView {
  readonly id: number;
  readonly parent: number | null;
  readonly depth: number;
  /** `Hash Join`, `Index Scan using orders_pkey on orders o` */
  readonly name: string;
  /** Conditions and other lines, as psql prints them: `Filter: (total > 100)`. */
  readonly details: readonly string[];
  readonly estimatedRows: number;
  readonly actualRows: number | null;
  readonly loops: number | null;
  readonly totalCost: number;
  /** Its own share (children excluded) of the plan's cost, or of its time with ANALYZE, 0 to 1. */
  readonly share: number;
  /** Actual time of the node per loop (ANALYZE), ms. */
  readonly actualMs: number | null;
  /** How far the estimate was off (10 = ten times), null without ANALYZE. */
  readonly misestimate: number | null;
}

export interface PlanView {
  readonly label: string;
  readonly sql: string;
  readonly analyzed: boolean;
  /** What `share` measures: cost, or time with ANALYZE. */
  readonly shareOf: 'cost' | 'time';
  readonly planningMs: number | null;
  readonly executionMs: number | null;
  readonly nodes: readonly PlanNodeView[];
  readonly notes: readonly { readonly nodeId: number; readonly text: string }[];
}

export interface ExplainPageStep extends PageStep {
  readonly plan: number;
  /** The node the step reads, or null for the plan as a whole. */
  readonly node: number | null;
}

export interface ExplainPageData extends PageBase<'explain', ExplainPageStep> {
  readonly plans: readonly PlanView[];
  /** A misestimate at least this many times off is flagged. */
  readonly misestimateFactor: number;
}

export type PageData = BtreePageData | LsmPageData | IsolationPageData | ExplainPageData;
export type PageKind = PageData['kind'];
