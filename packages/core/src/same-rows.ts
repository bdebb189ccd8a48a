/**
 * When are two results the same result? The question behind a verdict (does a replayed read
 * return what the concurrent read returned?) and behind a grade (did the learner's fix keep
 * the query's answer?).
 *
 * Without ORDER BY, SQL promises no row order: PostgreSQL returns an updated row after the
 * others, because its new version sits at the end of the heap, and a new index may change
 * the order a query returns. So rows compare as multisets unless the query orders them, the
 * way pgexercises.com and the PostgreSQL regression tests (which sort unordered output)
 * compare results. Values compare by their JSON form, with the types drivers return that
 * JSON does not know (bigint, Date, bytes) written out first.
 */

/** A statement's result: its column names and its rows, each an array in column order. */
export interface RowSet {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface SameRowsOptions {
  /** `ordered` when the query sorts its rows (then their order is part of the answer). */
  readonly order: 'ordered' | 'unordered';
  /**
   * Whether the column names must match too. A verdict compares the same statement run
   * twice, so they must; a rewritten query may name its columns differently.
   */
  readonly columnNames: 'compare' | 'ignore';
}

/**
 * Whether `a` and `b` hold the same rows (and columns, when asked); `null` is a statement
 * that returned no rows at all (an UPDATE), which equals only another `null`.
 *
 * @example
 * sameRows({ columns: ['id'], rows: [[1], [2]] }, { columns: ['id'], rows: [[2], [1]] },
 *   { order: 'unordered', columnNames: 'compare' }) // → true
 */
export function sameRows(a: RowSet | null, b: RowSet | null, options: SameRowsOptions): boolean {
  if (a === null || b === null) return a === b;
  if (
    options.columnNames === 'compare' &&
    (a.columns.length !== b.columns.length || a.columns.some((column, i) => column !== b.columns[i]))
  ) {
    return false;
  }
  if (a.rows.length !== b.rows.length) return false;
  const left = a.rows.map(rowKey);
  const right = b.rows.map(rowKey);
  if (options.order === 'unordered') {
    left.sort();
    right.sort();
  }
  return left.every((key, i) => key === right[i]);
}

/** One row as text: values by their JSON form. */
function rowKey(row: readonly unknown[]): string {
  return JSON.stringify(row, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    return value;
  });
}
