/**
 * Notes on a plan, in the spirit of explain.dalibo.com, explain.depesz.com and pgMustard:
 * the handful of patterns that explain most slow plans, each said in one sentence a
 * learner can act on ("Seq Scan on orders removes 99.8% of rows: an index on
 * (customer_id) would let PostgreSQL read only the matching rows").
 *
 * The thresholds are the analysers' bands: an estimate off by 10× or more (depesz and
 * dalibo colour from 10×), a scan that discards most of what it reads (dalibo flags 90%),
 * a sort or hash that spilled to disk, a bitmap that went lossy, an index-only scan that
 * still visits the heap. Most need `EXPLAIN ANALYZE`: without it only the estimates are
 * known.
 */

import { formatCount } from '@dbplay/core';
import { estimateFactor, filteredFraction, type Plan, type PlanNode } from './plan-tree.ts';

export interface PlanNote {
  /** The node the note is about (its depth-first id). */
  readonly nodeId: number;
  readonly kind:
    | 'filtering-scan'
    | 'filtering-index-scan'
    | 'misestimate'
    | 'disk-sort'
    | 'hash-batches'
    | 'lossy-bitmap'
    | 'heap-fetches'
    | 'repeated-inner-scan'
    | 'workers-not-launched';
  readonly text: string;
}

/** The label a note uses for a node: `Seq Scan on orders`, `Index Scan using orders_pkey on orders`. */
export function nodeLabel(node: PlanNode): string {
  const using = node.index === undefined ? '' : ` using ${node.index}`;
  const on = node.relation === undefined ? '' : ` on ${node.relation}`;
  return `${node.name}${using}${on}`;
}

/**
 * How many times the estimate was off, when it is off enough to flag (10× or more, with 50
 * rows or more on one side); undefined otherwise. The drawing marks the same nodes.
 */
export function misestimateFactor(node: PlanNode): number | undefined {
  const factor = estimateFactor(node);
  if (factor === undefined || factor < 10 || node.actual === undefined) return undefined;
  return Math.max(node.planRows, node.actual.rows) >= 50 ? factor : undefined;
}

export function planNotes(plan: Plan): PlanNote[] {
  const notes: PlanNote[] = [];
  for (const node of plan.nodes) {
    const add = (kind: PlanNote['kind'], text: string): void => {
      notes.push({ nodeId: node.id, kind, text });
    };
    const label = nodeLabel(node);
    const removed = filteredFraction(node);
    const removedRows = (node.rowsRemovedByFilter ?? 0) * (node.actual?.loops ?? 1);
    if (removed !== undefined && removed >= 0.9 && removedRows >= 1000) {
      const columns = filterColumns(node.filter ?? '');
      if (node.rawType === 'Seq Scan') {
        const advice =
          columns.length > 0
            ? `an index on (${columns.join(', ')}) would let PostgreSQL read only the matching rows`
            : 'an index matching the filter would let PostgreSQL read only the matching rows';
        add(
          'filtering-scan',
          `${label} removes ${percent(removed)} of the rows it reads (${count(removedRows)}): ${advice}.`,
        );
      } else if (node.index !== undefined) {
        add(
          'filtering-index-scan',
          `${label} finds rows through the index, then its Filter discards ${percent(removed)} of them: an index that also covers ${columns.length > 0 ? `(${columns.join(', ')})` : 'the filtered columns'} would skip them.`,
        );
      }
    }
    const factor = misestimateFactor(node);
    if (factor !== undefined && node.actual !== undefined) {
      const more = node.actual.rows > node.planRows;
      add(
        'misestimate',
        `${label}: the planner expected ${count(node.planRows)} rows per loop and got ${count(node.actual.rows)}, ${Math.round(factor)}× ${more ? 'more' : 'fewer'}. Stale statistics (ANALYZE) or correlated columns (CREATE STATISTICS) are the usual causes.`,
      );
    }
    if (node.sortSpaceType === 'Disk') {
      add(
        'disk-sort',
        `${label} spilled ${count(node.sortSpaceUsedKb ?? 0)} kB to disk (${node.sortMethod ?? 'external sort'}): the rows did not fit in work_mem. More work_mem, fewer or narrower rows, or an index in the sort order would keep it in memory.`,
      );
    }
    if ((node.hashBatches ?? 1) > 1) {
      add(
        'hash-batches',
        `${label} was split into ${node.hashBatches} batches: the hash table did not fit in work_mem, so it went to disk in parts.`,
      );
    }
    if ((node.lossyHeapBlocks ?? 0) > 0) {
      add(
        'lossy-bitmap',
        `${label}: the bitmap went lossy on ${count(node.lossyHeapBlocks ?? 0)} pages (it outgrew work_mem), so every row on them was rechecked${node.rowsRemovedByIndexRecheck ? ` and ${count(node.rowsRemovedByIndexRecheck)} thrown away` : ''}.`,
      );
    }
    if (node.rawType === 'Index Only Scan' && (node.heapFetches ?? 0) > 0) {
      add(
        'heap-fetches',
        `${label} still fetched ${count(node.heapFetches ?? 0)} rows from the table: those pages are not marked all-visible in the visibility map. VACUUM sets it.`,
      );
    }
    const inner = node.rawType === 'Nested Loop' ? node.children[1] : undefined;
    if (inner !== undefined && inner.rawType === 'Seq Scan' && (inner.actual?.loops ?? 0) > 10) {
      add(
        'repeated-inner-scan',
        `${nodeLabel(inner)} runs ${count(inner.actual?.loops ?? 0)} times, once per outer row: an index on its join column would turn each into a quick lookup.`,
      );
    }
    if (
      node.workersPlanned !== undefined &&
      node.workersLaunched !== undefined &&
      node.workersLaunched < node.workersPlanned
    ) {
      add(
        'workers-not-launched',
        `${label} planned ${node.workersPlanned} parallel workers and launched ${node.workersLaunched}${node.workersLaunched === 0 ? ' (PGlite is single-process, so it never launches any)' : ''}.`,
      );
    }
  }
  return notes;
}

/**
 * The columns a deparsed filter compares, such as `customer_id` in
 * `(customer_id = 42)` or `(o.status = 'pending'::text)`; columns wrapped in a function
 * (`lower(email)`) are left out, since a plain index on them would not help.
 */
export function filterColumns(filter: string): string[] {
  const columns: string[] = [];
  const pattern = /(^|[\s(])(?:[a-z_][a-z0-9_]*\.)?([a-z_][a-z0-9_]*)\)?\s*(?:=|<>|<=|>=|<|>|~~\*?|@>)/g;
  for (const match of filter.matchAll(pattern)) {
    const column = match[2] as string;
    const before = filter.slice(0, match.index + (match[1]?.length ?? 0));
    // A name right after "(" that itself follows a word is a function's argument.
    if (/[a-z_]\($/i.test(before)) continue;
    if (['and', 'or', 'not', 'any', 'all'].includes(column)) continue;
    if (!columns.includes(column)) columns.push(column);
  }
  return columns;
}

function percent(fraction: number): string {
  // 99,993 of 100,000 is not 100%: keep a second decimal near the top.
  return `${(fraction * 100).toFixed(fraction >= 0.999 && fraction < 1 ? 2 : 1)}%`;
}

function count(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
}
