/**
 * When are two reads the same read, and two final states the same state?
 *
 * A verdict replays the committed transactions one after another and asks whether each read
 * returns what it returned in the concurrent run. Without ORDER BY, SQL promises no row order
 * (PostgreSQL returns an updated row after the others, because the new version sits at the
 * end of the heap), so rows compare as multisets unless the statement orders them.
 * Final states are already sorted (sort-rows.ts).
 */
import type { ResultSet, TableState } from '../run/outcome.ts';
import { compareRows, sortedRows } from './sort-rows.ts';

/** Whether the SQL asks for an order, so that the order of its rows is part of the answer. */
export function ordersRows(sql: string): boolean {
  return /\border\s+by\b/i.test(sql);
}

export function sameRows(a: ResultSet | null, b: ResultSet | null, ordered: boolean): boolean {
  if (a === null || b === null) return a === b;
  if (a.columns.length !== b.columns.length || a.columns.some((column, i) => column !== b.columns[i])) {
    return false;
  }
  if (a.rows.length !== b.rows.length) return false;
  const left = ordered ? a.rows : sortedRows(a.rows);
  const right = ordered ? b.rows : sortedRows(b.rows);
  return left.every((row, i) => compareRows(row, right[i] ?? []) === 0);
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
          true,
        )
      );
    })
  );
}
