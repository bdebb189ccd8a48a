/**
 * Finding nodes in a plan and reading values off them: what questions and fix conditions
 * are written in.
 *
 * Graders that hold up match nodes by what they are (type, table, index), never by their
 * position in the tree, which moves when the planner adds a Gather or a Materialize.
 * A selector is a set of such properties; a field names one value of a node.
 */
import type { NodeField, NodeSelector } from '../exercises/exercise.ts';
import { normaliseNodeName } from './plan-node-name.ts';
import { estimateFactor, filteredFraction, type Plan, type PlanNode } from './plan-tree.ts';

/** The nodes a selector picks, depth-first; the empty selector picks just the root. */
export function selectNodes(plan: Plan, selector: NodeSelector): PlanNode[] {
  if (isEmptySelector(selector)) return [plan.root];
  const parents = parentMap(plan);
  return plan.nodes.filter((node) => matches(node, selector, parents));
}

function isEmptySelector(selector: NodeSelector): boolean {
  return Object.values(selector).every((value) => value === undefined);
}

function matches(node: PlanNode, selector: NodeSelector, parents: Map<PlanNode, PlanNode>): boolean {
  if (selector.node !== undefined && !nodeNameMatches(node, selector.node)) return false;
  if (selector.relation !== undefined && !globMatches(selector.relation, node.relation)) return false;
  if (selector.index !== undefined && !globMatches(selector.index, node.index)) return false;
  if (selector.joinType !== undefined && !sameWord(selector.joinType, node.joinType)) return false;
  if (selector.strategy !== undefined && !sameWord(selector.strategy, node.strategy)) return false;
  if (selector.sortSpaceType !== undefined && !sameWord(selector.sortSpaceType, node.sortSpaceType))
    return false;
  if (selector.role !== undefined && !sameWord(selector.role, node.parentRelationship)) return false;
  if (selector.parent !== undefined) {
    const parent = parents.get(node);
    if (parent === undefined || !matches(parent, selector.parent, parents)) return false;
  }
  return true;
}

/**
 * A selector's `node` matches the psql name (`HashAggregate`, `Index Scan Backward`), the
 * JSON name (`Aggregate`, `Index Scan`), and, for backward scans, the name without the
 * direction: `Index Scan` picks backward index scans too.
 */
function nodeNameMatches(node: PlanNode, name: string): boolean {
  const wanted = normaliseNodeName(name);
  return [...acceptedNames(node), node.rawType].some((candidate) => normaliseNodeName(candidate) === wanted);
}

/** Every name a learner may give for this node. */
export function acceptedNames(node: PlanNode): string[] {
  return [...new Set([node.name, node.name.replace(/ Backward$/, '')])];
}

function sameWord(wanted: string, actual: string | undefined): boolean {
  return actual !== undefined && wanted.toLowerCase() === actual.toLowerCase();
}

function globMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 'i');
  return regex.test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parentMap(plan: Plan): Map<PlanNode, PlanNode> {
  const parents = new Map<PlanNode, PlanNode>();
  for (const node of plan.nodes) for (const child of node.children) parents.set(child, node);
  return parents;
}

/** A field of a node: a number, a name, or undefined when the node has no such value. */
export function readField(node: PlanNode, field: NodeField): number | string | undefined {
  switch (field) {
    case 'node':
      return node.name;
    case 'relation':
      return node.relation;
    case 'index':
      return node.index;
    case 'join_type':
      return node.joinType;
    case 'strategy':
      return node.strategy;
    case 'sort_method':
      return node.sortMethod;
    case 'sort_space_type':
      return node.sortSpaceType;
    case 'startup_cost':
      return node.startupCost;
    case 'total_cost':
      return node.totalCost;
    case 'rows':
      return node.planRows;
    case 'width':
      return node.planWidth;
    case 'actual_rows':
      return node.actual?.rows;
    case 'actual_total_rows':
      return node.actual?.totalRows;
    case 'loops':
      return node.actual?.loops;
    case 'rows_removed_by_filter':
      return node.rowsRemovedByFilter;
    case 'removed_percent': {
      const fraction = filteredFraction(node);
      return fraction === undefined ? undefined : fraction * 100;
    }
    case 'heap_fetches':
      return node.heapFetches;
    case 'index_searches':
      return node.indexSearches;
    case 'exact_heap_blocks':
      return node.exactHeapBlocks ?? (node.rawType === 'Bitmap Heap Scan' && node.actual ? 0 : undefined);
    case 'lossy_heap_blocks':
      return node.lossyHeapBlocks ?? (node.rawType === 'Bitmap Heap Scan' && node.actual ? 0 : undefined);
    case 'hash_batches':
      return node.hashBatches;
    case 'estimate_factor':
      return estimateFactor(node);
    case 'shared_blocks':
      // Pages found in shared buffers plus pages read in: every 8 kB page the node touched.
      return node.buffers === undefined ? undefined : node.buffers.sharedHit + node.buffers.sharedRead;
    case 'actual_per_estimate':
      // Above 1: more rows than the planner expected (an underestimate); below 1: fewer.
      return node.actual === undefined
        ? undefined
        : Math.max(1, node.actual.rows) / Math.max(1, node.planRows);
  }
}

/** A selector in words, for messages: `Seq Scan on orders`, `the root node`. */
export function describeSelector(selector: NodeSelector): string {
  if (isEmptySelector(selector)) return 'the top node';
  const parts: string[] = [selector.node ?? 'a node'];
  if (selector.relation !== undefined) parts.push(`on ${selector.relation}`);
  if (selector.index !== undefined) parts.push(`using ${selector.index}`);
  if (selector.joinType !== undefined) parts.push(`(${selector.joinType} join)`);
  if (selector.strategy !== undefined) parts.push(`(strategy ${selector.strategy})`);
  if (selector.sortSpaceType !== undefined) parts.push(`(sorting on ${selector.sortSpaceType})`);
  if (selector.role !== undefined) parts.push(`(the ${selector.role.toLowerCase()} side)`);
  if (selector.parent !== undefined) parts.push(`under ${describeSelector(selector.parent)}`);
  return parts.join(' ');
}
