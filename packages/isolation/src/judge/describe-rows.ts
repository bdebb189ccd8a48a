/**
 * Rows and tables in words, for verdicts: "value=11", "(1, 10), (2, 20)", "no rows".
 *
 * A verdict explains a mismatch in a sentence ("in T1→T2, T2 would have read value=11 at
 * s2r"), so a result has to fit in a clause: a single value is `column=value`, a single row
 * names its columns, several rows are tuples, and long results are cut short.
 */
import type { ResultSet, TableState, Value } from '../run/outcome.ts';
import { sortedRows } from './sort-rows.ts';

export function describeValue(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return /^[\w.-]+$/.test(value) && !/^\d/.test(value) ? value : `'${value}'`;
  return String(value);
}

export function describeRow(row: readonly Value[]): string {
  return `(${row.map(describeValue).join(', ')})`;
}

/**
 * A result set as a clause: `value=11`, `id=1, value=10`, `(1, 10), (2, 20)`, `no rows`.
 * `sorted` lists the rows in a fixed order, for results whose order means nothing.
 */
export function describeResult(
  result: ResultSet | null,
  options: { readonly limit?: number; readonly sorted?: boolean } = {},
): string {
  if (result === null) return 'nothing';
  const limit = options.limit ?? 4;
  const { columns } = result;
  const rows = options.sorted === true ? sortedRows(result.rows) : result.rows;
  if (rows.length === 0) return 'no rows';
  const first = rows[0] ?? [];
  if (rows.length === 1) {
    return columns.map((column, i) => `${column}=${describeValue(first[i] ?? null)}`).join(', ');
  }
  const shown = rows.slice(0, limit).map(describeRow);
  const more = rows.length > limit ? `, … (${rows.length} rows)` : '';
  return `${shown.join(', ')}${more}`;
}

/** The tables of a final state: `test: (1, 11), (2, 21)`; tables joined by `; `. */
export function describeTables(tables: readonly TableState[], limit = 6): string {
  return tables
    .map((table) => {
      const rows = table.rows.length === 0 ? 'empty' : describeResult(table, { limit });
      return `${table.table}: ${table.rows.length === 1 ? `(${rows})` : rows}`;
    })
    .join('; ');
}
