/**
 * EXPLAIN plans as page data: each plan a tree of boxes, shaded by each node's own share of
 * the cost (of the time, with ANALYZE), estimates beside actual rows, misestimates flagged,
 * and the analyser's notes beside the nodes they are about.
 *
 * The steps read a plan the way rows flow through it: first the whole plan, then each node
 * children first (a post-order walk), so the reader meets a join after the scans that feed
 * it. A command that shows two plans (an answer's plan beside the reference) steps through
 * one after the other.
 *
 * The figures come from @dbplay/explain (`exclusiveCosts`, `planNotes`, `estimateFactor`),
 * which the caller passes in, so that this page shows exactly what the terminal drawing
 * and the grader say. Only the exclusive *time* is worked out here: a node's total time
 * over all its loops, less its children's.
 */

import { formatCount } from '@dbplay/core';
import type { Plan, PlanNode, PlanNote } from '@dbplay/explain/plans';
import type { ExplainPageData, ExplainPageStep, PlanNodeView, PlanView } from '../page-data.ts';

export interface ExplainPlanInput {
  /** `your plan`, `the reference plan`, `before the index` … */
  readonly label: string;
  readonly sql: string;
  readonly plan: Plan;
  /** @dbplay/explain's `planNotes(plan)`. */
  readonly notes: readonly PlanNote[];
  /** @dbplay/explain's `exclusiveCosts(plan)`: each node's own cost, children excluded. */
  readonly exclusiveCosts: ReadonlyMap<number, number>;
  /** How a node is named (@dbplay/explain's `nodeLabel`). */
  readonly labelOf: (node: PlanNode) => string;
  /** How far off each node's estimate was (@dbplay/explain's `estimateFactor`), with ANALYZE. */
  readonly estimateFactor: (node: PlanNode) => number | undefined;
}

export interface ExplainPageInput {
  readonly title: string;
  readonly subtitle: string;
  readonly plans: readonly ExplainPlanInput[];
  readonly notes?: readonly string[];
}

/** A node whose estimate is off by this factor or more (with 50 rows on one side) is flagged, as @dbplay/explain's notes do. */
export const misestimateFactor = 10;

export function explainPage(input: ExplainPageInput): ExplainPageData {
  const plans = input.plans.map(planView);
  const steps: ExplainPageStep[] = [];
  plans.forEach((plan, index) => {
    const root = plan.nodes[0];
    const total = root?.totalCost ?? 0;
    const timing =
      plan.executionMs === null
        ? ''
        : `; planning took ${plan.planningMs?.toFixed(3) ?? '?'} ms and execution ${plan.executionMs.toFixed(3)} ms`;
    steps.push({
      kind: 'plan',
      narration: `${capital(plan.label)}: ${plan.nodes.length} ${plan.nodes.length === 1 ? 'node' : 'nodes'}, estimated total cost ${total.toFixed(2)}${timing}. Boxes are shaded by each node's own share of the ${plan.shareOf}; step on to read the nodes in the order rows flow, innermost first.`,
      touched: [],
      plan: index,
      node: null,
    });
    for (const node of postOrder(plan)) {
      steps.push({
        kind: 'node',
        narration: narrateNode(plan, node),
        touched: [node.id],
        plan: index,
        node: node.id,
      });
    }
  });
  return {
    kind: 'explain',
    title: input.title,
    subtitle: input.subtitle,
    plans,
    misestimateFactor,
    steps,
    ...(input.notes === undefined ? {} : { notes: input.notes }),
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

function narrateNode(plan: PlanView, node: PlanNodeView): string {
  const rows =
    node.actualRows === null
      ? `the planner expects ${formatCount(node.estimatedRows)} rows`
      : `the planner expected ${formatCount(node.estimatedRows)} rows per loop and got ${formatCount(node.actualRows)}${node.loops !== null && node.loops > 1 ? ` in each of ${formatCount(node.loops)} loops` : ''}`;
  const off = node.misestimate === null ? '' : ` — off by ${node.misestimate.toFixed(0)}×, a misestimate`;
  const notes = plan.notes.filter((note) => note.nodeId === node.id).map((note) => note.text);
  return `${node.name}: ${rows}${off}; it adds ${percent(node.share)} of the plan's ${plan.shareOf} itself.${notes.length > 0 ? ` ${notes.join(' ')}` : ''}`;
}

function postOrder(plan: PlanView): PlanNodeView[] {
  const children = new Map<number | null, PlanNodeView[]>();
  for (const node of plan.nodes) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  const out: PlanNodeView[] = [];
  const visit = (node: PlanNodeView) => {
    for (const child of children.get(node.id) ?? []) visit(child);
    out.push(node);
  };
  for (const root of children.get(null) ?? []) visit(root);
  return out;
}

/** Total time a node spent over all its loops (ANALYZE reports it per loop). */
function loopTime(node: PlanNode): number {
  return (node.actual?.totalTimeMs ?? 0) * (node.actual?.loops ?? 0);
}

function planView(input: ExplainPlanInput): PlanView {
  const { plan } = input;
  const timed = plan.analyzed && plan.nodes.some((node) => node.actual?.totalTimeMs !== undefined);
  const totalCost = plan.root.totalCost;
  const totalTime = loopTime(plan.root);
  const parents = new Map<number, number>();
  for (const node of plan.nodes) for (const child of node.children) parents.set(child.id, node.id);
  const flagged = new Set(
    input.notes.filter((note) => note.kind === 'misestimate').map((note) => note.nodeId),
  );
  const nodes: PlanNodeView[] = plan.nodes.map((node) => {
    const ownTime = Math.max(
      0,
      loopTime(node) - node.children.reduce((sum, child) => sum + loopTime(child), 0),
    );
    const share = timed
      ? totalTime > 0
        ? ownTime / totalTime
        : 0
      : totalCost > 0
        ? Math.min(1, (input.exclusiveCosts.get(node.id) ?? 0) / totalCost)
        : 0;
    const factor = flagged.has(node.id) ? input.estimateFactor(node) : undefined;
    return {
      id: node.id,
      parent: parents.get(node.id) ?? null,
      depth: node.depth,
      name: input.labelOf(node),
      details: detailsOf(node),
      estimatedRows: node.planRows,
      actualRows: node.actual?.rows ?? null,
      loops: node.actual?.loops ?? null,
      totalCost: node.totalCost,
      share: Math.round(share * 10000) / 10000,
      actualMs: node.actual?.totalTimeMs ?? null,
      misestimate: factor === undefined ? null : Math.round(factor * 10) / 10,
    };
  });
  return {
    label: input.label,
    sql: input.sql,
    analyzed: plan.analyzed,
    shareOf: timed ? 'time' : 'cost',
    planningMs: plan.planningTimeMs ?? null,
    executionMs: plan.executionTimeMs ?? null,
    nodes,
    notes: input.notes.map((note) => ({ nodeId: note.nodeId, text: note.text })),
  };
}

/** The condition lines psql prints under a node. */
function detailsOf(node: PlanNode): string[] {
  const lines: string[] = [];
  const add = (label: string, value: string | number | undefined) => {
    if (value !== undefined) lines.push(`${label}: ${value}`);
  };
  add('Index Cond', node.indexCond);
  add('Recheck Cond', node.recheckCond);
  add('Hash Cond', node.rawType === 'Hash Join' ? node.joinCond : undefined);
  add('Merge Cond', node.rawType === 'Merge Join' ? node.joinCond : undefined);
  add('Join Filter', node.joinFilter);
  add('Filter', node.filter);
  add('Rows Removed by Filter', node.rowsRemovedByFilter);
  add('Sort Key', node.sortKey?.join(', '));
  add('Group Key', node.groupKey?.join(', '));
  add('Heap Fetches', node.heapFetches);
  return lines;
}
