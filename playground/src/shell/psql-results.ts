/**
 * How psql prints what a statement returned, for the SQL the shell runs on a dataset and for
 * the rows of the multi-session console: a driver's value as the result tables print it, the
 * command tag of a statement that returns no rows (`CREATE INDEX`), and `\x`'s expanded layout,
 * one `-[ RECORD n ]-` block per row (psql's print.c, print_aligned_vertical).
 */
import type { StepOutcome, Value } from '@dbplay/isolation';
import type { IsolationLibrary } from '../commands/isolation/isolation-library.ts';

/** A value from a driver as the result tables print it. */
export function asValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** psql's command tag, as far as the statement's first words tell it (`CREATE INDEX`). */
export function commandTag(sql: string): string {
  const words = sql
    .trim()
    .split(/\s+/)
    .map((word) => word.toUpperCase().replace(/;$/, ''));
  const [first = '', second = ''] = words;
  return ['CREATE', 'DROP', 'ALTER'].includes(first)
    ? `${first} ${second === 'UNIQUE' ? 'INDEX' : second}`
    : first;
}

/** psql's `\x` layout: one `-[ RECORD n ]-` block per row, a column per line. */
export function expandedRows(
  result: NonNullable<StepOutcome['rows']>,
  format: (value: Value) => string,
): string[] {
  const width = Math.max(0, ...result.columns.map((column) => column.length));
  const lines: string[] = [];
  for (const [i, row] of result.rows.entries()) {
    lines.push(`-[ RECORD ${i + 1} ]${'-'.repeat(Math.max(1, width - 8))}`);
    for (const [j, column] of result.columns.entries()) {
      lines.push(`${column.padEnd(width)} | ${format(row[j] ?? null)}`);
    }
  }
  if (result.rows.length === 0) lines.push('(0 rows)');
  return lines;
}

/** How result rows are drawn: psql's aligned table, or `\x`'s expanded records when `expanded`. */
export function resultLines(
  isolation: Pick<IsolationLibrary, 'formatValue' | 'renderResultSet'>,
  expanded: boolean,
): (result: NonNullable<StepOutcome['rows']>) => string[] {
  return (result) =>
    expanded ? expandedRows(result, isolation.formatValue) : isolation.renderResultSet(result);
}
