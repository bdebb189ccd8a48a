/**
 * Did a fix keep the query's answer? The rows before and after, compared as multisets
 * (SQL promises no order without ORDER BY, so neither do we) or in order when the query
 * sorts, the way pgexercises.com and LeetCode compare results.
 */
import type { SqlResult } from '../sessions/sql-session.ts';

export function sameRows(before: SqlResult, after: SqlResult, order: 'ordered' | 'unordered'): boolean {
  if (before.rows.length !== after.rows.length) return false;
  const keysBefore = before.rows.map(rowKey);
  const keysAfter = after.rows.map(rowKey);
  if (order === 'unordered') {
    keysBefore.sort();
    keysAfter.sort();
  }
  return keysBefore.every((key, index) => key === keysAfter[index]);
}

/** One row as text: column names are ignored, values compared by their JSON form. */
function rowKey(row: readonly unknown[]): string {
  return JSON.stringify(row, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    return value;
  });
}
