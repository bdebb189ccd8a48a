/**
 * A result set drawn the way psql draws it, which is what PostgreSQL's isolation tester's
 * expected files show too (src/test/isolation/expected/*.out):
 *
 *      id | value
 *     ----+-------
 *       1 |    10
 *     (1 row)
 *
 * Numbers are right-aligned, everything else left-aligned; null prints as nothing, as psql does.
 */
import type { ResultSet, Value } from '../run/outcome.ts';

export function formatValue(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

export function renderResultSet(result: ResultSet, options: { footer?: boolean } = {}): string[] {
  const cells = result.rows.map((row) => row.map(formatValue));
  const widths = result.columns.map((column, i) =>
    Math.max(column.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const numeric = result.columns.map(
    (_, i) =>
      result.rows.length > 0 && result.rows.every((row) => typeof row[i] === 'number' || row[i] === null),
  );
  const header = result.columns
    .map((column, i) => {
      const width = widths[i] ?? 0;
      const pad = width - column.length;
      return ' '.repeat(Math.floor(pad / 2)) + column + ' '.repeat(Math.ceil(pad / 2));
    })
    .map((text) => ` ${text} `)
    .join('|');
  const rule = widths.map((width) => '-'.repeat(width + 2)).join('+');
  const lines = [header.trimEnd(), rule];
  for (const row of cells) {
    lines.push(
      row
        .map((text, i) => {
          const width = widths[i] ?? 0;
          return ` ${numeric[i] === true ? text.padStart(width) : text.padEnd(width)} `;
        })
        .join('|')
        .trimEnd(),
    );
  }
  if (options.footer !== false)
    lines.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return lines;
}
