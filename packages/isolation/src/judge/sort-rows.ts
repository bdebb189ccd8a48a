/**
 * A fixed order for rows, the same for every engine.
 *
 * A table has no order, and two engines (or two runs of one) may return the same rows in
 * different orders: PostgreSQL's heap puts an updated row at the end. Final states are
 * therefore sorted by every column, left to right, in JavaScript, so that equal contents
 * print and compare equal whatever the engine and its collation. Nulls sort last, as in
 * PostgreSQL's default ascending order; numbers before text.
 */
import type { Value } from '../run/outcome.ts';

export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const rank = (v: Value) => (typeof v === 'boolean' ? 0 : typeof v === 'number' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareRows(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = compareValues(a[i] ?? null, b[i] ?? null);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function sortedRows(rows: readonly (readonly Value[])[]): (readonly Value[])[] {
  return [...rows].sort(compareRows);
}
