/**
 * A plan drawn in the terminal: psql's text plan, made easier to read.
 *
 * psql prints `->` arrows and every number in one dense line per node (the text format
 * of src/backend/commands/explain.c). Here each node is one line with its name, table and
 * index, then the numbers in a fixed order (cost, rows, width), with tree lines showing
 * which node feeds which. Details sit under their node: conditions, rows removed,
 * sort and hash memory, heap fetches. With ANALYZE, the estimate and the actual rows
 * stand side by side with each node's loops and actual time, and a misestimate of 10× or
 * more is flagged. The costliest nodes (by the cost they add themselves, not counting
 * their children; with ANALYZE, by the time they took themselves) are marked, and
 * highlighted when colour is on; notes from plan-notes.ts follow the tree.
 *
 *     Hash Join  cost 711.00..3764.62  rows 1,000  width 6  ◀ 19% of the cost
 *     │   Hash Cond: (o.customer_id = c.id)
 *     ├─ Seq Scan on orders o  cost 0.00..2945.00  rows 1,000  width 4  ◀ 78% of the cost
 *     │      Filter: (status = 'pending'::text)
 *     └─ Hash  cost 461.00..461.00  rows 20,000  width 10
 *        └─ Seq Scan on customers c  cost 0.00..461.00  rows 20,000  width 10
 */
import { formatCount, type Palette, plainPalette } from '@dbplay/core';
import { misestimateFactor, nodeLabel, type PlanNote, planNotes } from './plan-notes.ts';
import { exclusiveCosts, filteredFraction, type Plan, type PlanNode } from './plan-tree.ts';

export interface DrawPlanOptions {
  readonly palette?: Palette;
  /** Print the notes under the plan. Default true. */
  readonly notes?: boolean;
  /** Print planning and execution times (never in golden files: they change run to run). Default false. */
  readonly times?: boolean;
}

export function drawPlan(plan: Plan, options: DrawPlanOptions = {}): string {
  const palette = options.palette ?? plainPalette;
  const byTime = hasActualTimes(plan);
  const costly = byTime ? slowestNodes(plan) : costliestNodes(plan);
  const lines: string[] = [];

  const visit = (node: PlanNode, prefix: string, last: boolean, root: boolean): void => {
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    const share = costly.get(node.id);
    const marker =
      share === undefined ? '' : `  ◀ ${Math.round(share * 100)}% of the ${byTime ? 'time' : 'cost'}`;
    const header = `${palette.heading(nodeTitle(node))}  ${numbers(node, palette)}`;
    lines.push(`${prefix}${branch}${share === undefined ? header : palette.highlight(header + marker)}`);
    const below = root ? '' : prefix + (last ? '   ' : '│  ');
    const bar = node.children.length > 0 ? '│' : ' ';
    for (const detail of details(node)) lines.push(`${below}${bar}   ${palette.dim(detail)}`);
    node.children.forEach((child, index) => {
      visit(child, below, index === node.children.length - 1, false);
    });
  };
  visit(plan.root, '', true, true);

  if (options.times === true) {
    if (plan.planningTimeMs !== undefined)
      lines.push(palette.dim(`Planning Time: ${plan.planningTimeMs.toFixed(3)} ms`));
    if (plan.executionTimeMs !== undefined)
      lines.push(palette.dim(`Execution Time: ${plan.executionTimeMs.toFixed(3)} ms`));
  }
  if (options.notes !== false) {
    const notes = planNotes(plan);
    if (notes.length > 0)
      lines.push('', palette.heading('Notes'), ...notes.map((note) => drawNote(note, palette)));
  }
  return lines.join('\n');
}

function drawNote(note: PlanNote, palette: Palette): string {
  return `${palette.warn('•')} ${note.text}`;
}

/** `Seq Scan on orders o`, `Index Scan using orders_pkey on orders`: psql's wording. */
function nodeTitle(node: PlanNode): string {
  const alias = node.alias !== undefined && node.alias !== node.relation ? ` ${node.alias}` : '';
  const subplan = node.subplanName === undefined ? '' : ` (${node.subplanName})`;
  return `${nodeLabel(node)}${alias}${subplan}`;
}

function numbers(node: PlanNode, palette: Palette): string {
  const cost = `cost ${node.startupCost.toFixed(2)}..${node.totalCost.toFixed(2)}`;
  const width = `width ${node.planWidth}`;
  if (node.actual === undefined) return `${cost}  rows ${count(node.planRows)}  ${width}`;
  if (node.actual.loops === 0) return `${cost}  rows ${count(node.planRows)} est → never executed  ${width}`;
  const loops =
    node.actual.loops === 1 ? '' : ` × ${count(node.actual.loops)} loops = ${count(node.actual.totalRows)}`;
  const factor = misestimateFactor(node);
  const flag =
    factor === undefined
      ? ''
      : `  ${palette.warn(`✗ ${Math.round(factor)}× ${node.actual.rows > node.planRows ? 'under' : 'over'}estimated`)}`;
  const { startupTimeMs, totalTimeMs } = node.actual;
  const time =
    startupTimeMs === undefined || totalTimeMs === undefined
      ? ''
      : `  time ${startupTimeMs.toFixed(3)}..${totalTimeMs.toFixed(3)} ms${node.actual.loops === 1 ? '' : ' per loop'}`;
  return `${cost}  rows ${count(node.planRows)} est → ${count(node.actual.rows)} actual${loops}  loops ${count(node.actual.loops)}${time}  ${width}${flag}`;
}

function details(node: PlanNode): string[] {
  const out: string[] = [];
  if (node.indexCond !== undefined) out.push(`Index Cond: ${node.indexCond}`);
  if (node.recheckCond !== undefined) out.push(`Recheck Cond: ${node.recheckCond}`);
  if (node.joinCond !== undefined)
    out.push(`${node.rawType === 'Merge Join' ? 'Merge' : 'Hash'} Cond: ${node.joinCond}`);
  if (node.joinFilter !== undefined) out.push(`Join Filter: ${node.joinFilter}`);
  if (node.filter !== undefined) {
    const removed = filteredFraction(node);
    const note =
      removed === undefined || node.rowsRemovedByFilter === undefined || node.rowsRemovedByFilter === 0
        ? ''
        : ` · removed ${count(Math.round(node.rowsRemovedByFilter * (node.actual?.loops ?? 1)))} rows (${(removed * 100).toFixed(1)}%)`;
    out.push(`Filter: ${node.filter}${note}`);
  }
  if (node.rowsRemovedByIndexRecheck !== undefined && node.rowsRemovedByIndexRecheck > 0) {
    out.push(`Rows Removed by Index Recheck: ${count(node.rowsRemovedByIndexRecheck)}`);
  }
  if ((node.exactHeapBlocks ?? 0) + (node.lossyHeapBlocks ?? 0) > 0) {
    out.push(`Heap Blocks: exact=${node.exactHeapBlocks ?? 0} lossy=${node.lossyHeapBlocks ?? 0}`);
  }
  if (node.heapFetches !== undefined) out.push(`Heap Fetches: ${count(node.heapFetches)}`);
  if (node.indexSearches !== undefined && node.indexSearches !== 1)
    out.push(`Index Searches: ${count(node.indexSearches)}`);
  if (node.groupKey !== undefined) out.push(`Group Key: ${node.groupKey.join(', ')}`);
  if (node.presortedKey !== undefined) out.push(`Presorted Key: ${node.presortedKey.join(', ')}`);
  if (node.sortKey !== undefined) {
    const method =
      node.sortMethod === undefined
        ? ''
        : ` · ${node.sortMethod}, ${count(node.sortSpaceUsedKb ?? 0)} kB ${node.sortSpaceType === 'Disk' ? 'on disk' : 'in memory'}`;
    out.push(`Sort Key: ${node.sortKey.join(', ')}${method}`);
  }
  if (node.hashBatches !== undefined) {
    out.push(
      `Buckets: ${count(node.hashBuckets ?? 0)}  Batches: ${node.hashBatches}  Memory: ${count(node.peakMemoryKb ?? 0)} kB`,
    );
  }
  if (node.workersPlanned !== undefined) {
    out.push(
      `Workers Planned: ${node.workersPlanned}${node.workersLaunched === undefined ? '' : `  Launched: ${node.workersLaunched}`}`,
    );
  }
  if (node.subplansRemoved !== undefined && node.subplansRemoved > 0)
    out.push(`Subplans Removed: ${node.subplansRemoved}`);
  if (node.buffers !== undefined) {
    const b = node.buffers;
    const parts = [`shared hit=${b.sharedHit}`];
    if (b.sharedRead > 0) parts.push(`read=${b.sharedRead}`);
    if (b.tempRead + b.tempWritten > 0) parts.push(`temp read=${b.tempRead} written=${b.tempWritten}`);
    out.push(`Buffers: ${parts.join(' ')}`);
  }
  return out;
}

/**
 * The nodes that add the most cost themselves, with their share of the total: the
 * costliest one, and any other that adds 40% or more. A one-node plan marks nothing.
 */
export function costliestNodes(plan: Plan): Map<number, number> {
  const marked = new Map<number, number>();
  const total = plan.root.totalCost;
  if (plan.nodes.length < 2 || total <= 0) return marked;
  const costs = exclusiveCosts(plan);
  const shares = plan.nodes.map((node) => ({ node, share: Math.min(1, (costs.get(node.id) ?? 0) / total) }));
  shares.sort((a, b) => b.share - a.share);
  shares.forEach(({ node, share }, index) => {
    if ((index === 0 && share >= 0.1) || share >= 0.4) marked.set(node.id, share);
  });
  return marked;
}

/** Whether EXPLAIN ANALYZE measured times (it does unless TIMING OFF). */
function hasActualTimes(plan: Plan): boolean {
  return plan.nodes.some((node) => node.actual?.totalTimeMs !== undefined && node.actual.loops > 0);
}

/**
 * With ANALYZE, the costliest node is the one that took the most time itself: its total
 * time over all loops, less its children's (the same subtraction as for costs; InitPlans
 * and SubPlans are children here too). The same marking rule as {@link costliestNodes}.
 */
export function slowestNodes(plan: Plan): Map<number, number> {
  const marked = new Map<number, number>();
  const spent = (node: PlanNode): number => (node.actual?.totalTimeMs ?? 0) * (node.actual?.loops ?? 0);
  const total = spent(plan.root);
  if (plan.nodes.length < 2 || total <= 0) return marked;
  const shares = plan.nodes.map((node) => {
    const own = spent(node) - node.children.reduce((sum, child) => sum + spent(child), 0);
    return { node, share: Math.min(1, Math.max(0, own) / total) };
  });
  shares.sort((a, b) => b.share - a.share);
  shares.forEach(({ node, share }, index) => {
    if ((index === 0 && share >= 0.1) || share >= 0.4) marked.set(node.id, share);
  });
  return marked;
}

function count(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
}
