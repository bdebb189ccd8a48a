/**
 * The plan tree: `EXPLAIN (FORMAT JSON)` read into typed nodes.
 *
 * PostgreSQL builds the JSON in src/backend/commands/explain.c (`ExplainNode` writes one
 * object per plan node, `ExplainPropertyFloat` and friends its fields, "Plans" its
 * children). We keep the fields a learner reads and a grader checks, with names that say
 * what they are, and we walk the JSON rather than parse the text format: text changes
 * shape between versions and options, the JSON keys do not.
 *
 * Two things the JSON does differently from psql's text plan, both undone here:
 * - node names: text says `HashAggregate` and `Hash Anti Join`, JSON says `Aggregate` with
 *   `Strategy: Hashed` and `Hash Join` with `Join Type: Anti` (see plan-node-name.ts);
 * - `EXPLAIN ANALYZE` reports rows and times **per loop** (since PostgreSQL 18 with two
 *   decimals, `rows=0.98 loops=999`); {@link PlanNode.actual} keeps them per loop and adds
 *   the total, rows × loops, which is what the node really produced.
 */
import { displayNodeName } from './plan-node-name.ts';

/** What EXPLAIN ANALYZE measured for one node. Times are milliseconds, per loop. */
export interface ActualCounts {
  readonly startupTimeMs: number | undefined;
  readonly totalTimeMs: number | undefined;
  /** Rows per loop (an average, fractional since PostgreSQL 18). */
  readonly rows: number;
  readonly loops: number;
  /** rows × loops: every row this node handed to its parent. */
  readonly totalRows: number;
}

/** Buffer counts from `BUFFERS`; they include the node's children. */
export interface BufferCounts {
  readonly sharedHit: number;
  readonly sharedRead: number;
  readonly sharedDirtied: number;
  readonly sharedWritten: number;
  readonly tempRead: number;
  readonly tempWritten: number;
}

export interface PlanNode {
  /** Position in a depth-first walk from the root (0): stable names for nodes in notes and JSON. */
  readonly id: number;
  readonly depth: number;
  /** The `Node Type` as the JSON says it: `Aggregate`, `Hash Join`, `Index Scan` … */
  readonly rawType: string;
  /** The name psql's text plan prints: `HashAggregate`, `Hash Anti Join`, `Index Scan Backward` … */
  readonly name: string;
  /** `Outer`, `Inner`, `Subquery`, `InitPlan` …: how the parent uses this node. */
  readonly parentRelationship: string | undefined;
  readonly relation: string | undefined;
  readonly alias: string | undefined;
  readonly index: string | undefined;
  /** Inner, Left, Right, Full, Semi, Anti, Right Semi, Right Anti. */
  readonly joinType: string | undefined;
  /** Aggregates: Plain, Sorted, Hashed, Mixed. */
  readonly strategy: string | undefined;
  readonly scanDirection: string | undefined;
  readonly startupCost: number;
  readonly totalCost: number;
  /** The planner's estimate of rows per loop. */
  readonly planRows: number;
  /** Average row width in bytes. */
  readonly planWidth: number;
  readonly actual: ActualCounts | undefined;
  /** Conditions, as PostgreSQL deparsed them. */
  readonly filter: string | undefined;
  readonly indexCond: string | undefined;
  readonly recheckCond: string | undefined;
  readonly joinCond: string | undefined;
  readonly joinFilter: string | undefined;
  readonly rowsRemovedByFilter: number | undefined;
  readonly rowsRemovedByJoinFilter: number | undefined;
  readonly rowsRemovedByIndexRecheck: number | undefined;
  readonly heapFetches: number | undefined;
  /** PostgreSQL 18: how many times the index was descended (more than 1 with skip scan or IN lists). */
  readonly indexSearches: number | undefined;
  readonly exactHeapBlocks: number | undefined;
  readonly lossyHeapBlocks: number | undefined;
  readonly sortKey: readonly string[] | undefined;
  readonly presortedKey: readonly string[] | undefined;
  readonly groupKey: readonly string[] | undefined;
  readonly sortMethod: string | undefined;
  readonly sortSpaceUsedKb: number | undefined;
  /** `Memory` or `Disk`. */
  readonly sortSpaceType: string | undefined;
  readonly hashBuckets: number | undefined;
  readonly hashBatches: number | undefined;
  readonly peakMemoryKb: number | undefined;
  readonly workersPlanned: number | undefined;
  readonly workersLaunched: number | undefined;
  /** Partitions the planner or executor pruned away (Append / Merge Append). */
  readonly subplansRemoved: number | undefined;
  readonly subplanName: string | undefined;
  readonly buffers: BufferCounts | undefined;
  readonly children: readonly PlanNode[];
}

export interface Plan {
  readonly root: PlanNode;
  /** Whether the plan was run (`EXPLAIN ANALYZE`), so actual counts exist. */
  readonly analyzed: boolean;
  readonly planningTimeMs: number | undefined;
  readonly executionTimeMs: number | undefined;
  /** Every node, depth-first from the root. */
  readonly nodes: readonly PlanNode[];
}

type Json = Record<string, unknown>;

/**
 * Reads the value of `EXPLAIN (FORMAT JSON)`: the array PostgreSQL returns as the single
 * `QUERY PLAN` cell (already parsed by PGlite and node-postgres), or its text.
 */
export function parsePlan(explainOutput: unknown): Plan {
  const value = typeof explainOutput === 'string' ? (JSON.parse(explainOutput) as unknown) : explainOutput;
  const top = Array.isArray(value) ? (value[0] as unknown) : value;
  if (!isObject(top) || !isObject(top.Plan)) {
    throw new Error('not the output of EXPLAIN (FORMAT JSON): no "Plan" object');
  }
  const nodes: PlanNode[] = [];
  const root = readNode(top.Plan, 0, nodes, undefined);
  return {
    root,
    analyzed: nodes.some((node) => node.actual !== undefined),
    planningTimeMs: num(top['Planning Time']),
    executionTimeMs: num(top['Execution Time']),
    nodes,
  };
}

function readNode(json: Json, depth: number, all: PlanNode[], bitmapTable: string | undefined): PlanNode {
  const id = all.length;
  // Reserve the slot so ids follow a depth-first, parent-before-children order.
  all.push(undefined as unknown as PlanNode);
  const rawType = str(json['Node Type']) ?? '?';
  // A Bitmap Index Scan reads an index of the table its Bitmap Heap Scan reads; the JSON
  // names only the index, so the table is passed down to it.
  const table = rawType === 'Bitmap Heap Scan' ? str(json['Relation Name']) : bitmapTable;
  const children = (Array.isArray(json.Plans) ? json.Plans : [])
    .filter(isObject)
    .map((child) => readNode(child, depth + 1, all, table));
  const loops = num(json['Actual Loops']);
  const rows = num(json['Actual Rows']);
  const actual: ActualCounts | undefined =
    loops === undefined || rows === undefined
      ? undefined
      : {
          startupTimeMs: num(json['Actual Startup Time']),
          totalTimeMs: num(json['Actual Total Time']),
          rows,
          loops,
          totalRows: Math.round(rows * loops),
        };
  const node: PlanNode = {
    id,
    depth,
    rawType,
    name: displayNodeName({
      rawType,
      joinType: str(json['Join Type']),
      strategy: str(json.Strategy),
      scanDirection: str(json['Scan Direction']),
      partialMode: str(json['Partial Mode']),
    }),
    parentRelationship: str(json['Parent Relationship']),
    relation: str(json['Relation Name']) ?? (rawType === 'Bitmap Index Scan' ? bitmapTable : undefined),
    alias: str(json.Alias),
    index: str(json['Index Name']),
    joinType: str(json['Join Type']),
    strategy: str(json.Strategy),
    scanDirection: str(json['Scan Direction']),
    startupCost: num(json['Startup Cost']) ?? 0,
    totalCost: num(json['Total Cost']) ?? 0,
    planRows: num(json['Plan Rows']) ?? 0,
    planWidth: num(json['Plan Width']) ?? 0,
    actual,
    filter: str(json.Filter),
    indexCond: str(json['Index Cond']),
    recheckCond: str(json['Recheck Cond']),
    joinCond: str(json['Hash Cond']) ?? str(json['Merge Cond']),
    joinFilter: str(json['Join Filter']),
    rowsRemovedByFilter: num(json['Rows Removed by Filter']),
    rowsRemovedByJoinFilter: num(json['Rows Removed by Join Filter']),
    rowsRemovedByIndexRecheck: num(json['Rows Removed by Index Recheck']),
    heapFetches: num(json['Heap Fetches']),
    indexSearches: num(json['Index Searches']),
    exactHeapBlocks: num(json['Exact Heap Blocks']),
    lossyHeapBlocks: num(json['Lossy Heap Blocks']),
    sortKey: strings(json['Sort Key']),
    presortedKey: strings(json['Presorted Key']),
    groupKey: strings(json['Group Key']),
    sortMethod: str(json['Sort Method']),
    sortSpaceUsedKb: num(json['Sort Space Used']),
    sortSpaceType: str(json['Sort Space Type']),
    hashBuckets: num(json['Hash Buckets']),
    hashBatches: num(json['Hash Batches']),
    peakMemoryKb: num(json['Peak Memory Usage']),
    workersPlanned: num(json['Workers Planned']),
    workersLaunched: num(json['Workers Launched']),
    subplansRemoved: num(json['Subplans Removed']),
    subplanName: str(json['Subplan Name']),
    buffers: readBuffers(json),
    children,
  };
  all[id] = node;
  return node;
}

function readBuffers(json: Json): BufferCounts | undefined {
  if (json['Shared Hit Blocks'] === undefined) return undefined;
  return {
    sharedHit: num(json['Shared Hit Blocks']) ?? 0,
    sharedRead: num(json['Shared Read Blocks']) ?? 0,
    sharedDirtied: num(json['Shared Dirtied Blocks']) ?? 0,
    sharedWritten: num(json['Shared Written Blocks']) ?? 0,
    tempRead: num(json['Temp Read Blocks']) ?? 0,
    tempWritten: num(json['Temp Written Blocks']) ?? 0,
  };
}

/**
 * The cost each node adds on its own, by node id: its share of the total, not counting
 * what its children cost. Two corrections keep the shares honest (PEV2 makes similar ones):
 * a node that stops early, like a Limit, runs its child only partly, so the child counts
 * for the fraction the parent's cost implies; and the inner side of a Nested Loop runs once
 * per outer row, so its per-run cost counts that many times.
 */
export function exclusiveCosts(plan: Plan): Map<number, number> {
  const costs = new Map<number, number>();
  const visit = (node: PlanNode, scale: number): number => {
    const effective = node.totalCost * scale;
    let children = 0;
    node.children.forEach((child, index) => {
      let childScale = scale;
      if (node.rawType === 'Nested Loop' && index === 1)
        childScale *= Math.max(1, node.children[0]?.planRows ?? 1);
      const childTotal = child.totalCost * childScale;
      if (childTotal > effective && childTotal > 0) childScale *= effective / childTotal;
      children += visit(child, childScale);
    });
    costs.set(node.id, Math.max(0, effective - children));
    return effective;
  };
  visit(plan.root, 1);
  return costs;
}

/**
 * How far the estimate was from what happened, as a factor ≥ 1 (10 means off by ten times
 * either way), the measure explain.dalibo.com and explain.depesz.com colour by; undefined
 * without ANALYZE. Both sides are per loop, and a zero is counted as one row, as they do.
 */
export function estimateFactor(node: PlanNode): number | undefined {
  if (node.actual === undefined || node.actual.loops === 0) return undefined;
  // Bitmap nodes pass a bitmap, not rows; BitmapAnd and BitmapOr always report 0.
  if (node.rawType === 'BitmapAnd' || node.rawType === 'BitmapOr') return undefined;
  const estimated = Math.max(1, node.planRows);
  const actual = Math.max(1, node.actual.rows);
  return Math.max(estimated / actual, actual / estimated);
}

/**
 * The share of rows a scan read and then threw away because of its Filter: removed over
 * (removed + returned), both summed over every loop. Undefined without ANALYZE.
 */
export function filteredFraction(node: PlanNode): number | undefined {
  if (node.actual === undefined || node.rowsRemovedByFilter === undefined) return undefined;
  // "Rows Removed by Filter" is per loop as well, like the rows.
  const removed = node.rowsRemovedByFilter * node.actual.loops;
  const kept = node.actual.totalRows;
  return removed + kept === 0 ? 0 : removed / (removed + kept);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
