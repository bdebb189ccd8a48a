/**
 * When are two reads the same read, and two final states the same state?
 *
 * A verdict replays the committed transactions one after another and asks whether each read
 * returns what it returned in the concurrent run. Without ORDER BY, SQL promises no row order
 * (PostgreSQL returns an updated row after the others, because the new version sits at the
 * end of the heap), so rows compare as multisets unless the statement orders them.
 * Final states are already sorted (sort-rows.ts). The comparing itself is @dbplay/core's sameRows.
 */
import { type SameRowsOptions, sameRows } from '@dbplay/core';
import type { TableState } from '../run/outcome.ts';

/** Whether the SQL asks for an order, so that the order of its rows is part of the answer. */
export function ordersRows(sql: string): boolean {
  return /\border\s+by\b/i.test(sql);
}

/** How two reads of the same `sql` compare: column names and all, in order when it sorts. */
/**
 * Whether a step reads the server's state rather than data: the system views that report
 * locks, sessions and the catalog (pg_locks, pg_stat_activity, pg_class, pg_settings). What they
 * show depends on the moment (who waits for whom), so a serial order cannot reproduce it, and
 * serializability, which is about data, does not compare them.
 */
export function readsServerState(sql: string): boolean {
  return /\b(pg_catalog\.)?pg_(locks|stat_activity|class|settings)\b/i.test(sql);
}

export function readComparison(sql: string): SameRowsOptions {
  return { order: ordersRows(sql) ? 'ordered' : 'unordered', columnNames: 'compare' };
}

export function sameFinalState(a: readonly TableState[], b: readonly TableState[]): boolean {
  return (
    a.length === b.length &&
    a.every((table, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        table.table === other.table &&
        sameRows(
          { columns: table.columns, rows: table.rows },
          { columns: other.columns, rows: other.rows },
          { order: 'ordered', columnNames: 'compare' },
        )
      );
    })
  );
}
