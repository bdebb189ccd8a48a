/**
 * Tables drawn with box characters, like the sqlite3 shell's `.mode box`.
 *
 * dbplay prints many small tables: doctor's checks, B+tree statistics beside
 * PostgreSQL's and SQLite's, isolation swim-lanes (one column per session, one row per
 * step). Cells are strings, so the caller decides how numbers are formatted; a cell may
 * hold several lines (a multi-line SQL step), and may be coloured.
 *
 *     ┌───────┬─────────┐
 *     │ check │ version │
 *     ├───────┼─────────┤
 *     │ node  │ 20.20.2 │
 *     └───────┴─────────┘
 */
import { type Palette, plainPalette } from './palette.ts';
import { padVisible, visibleWidth } from './text-width.ts';

export interface TableColumn {
  readonly header: string;
  /** Numbers read best right-aligned, as in psql. Default: left. */
  readonly align?: 'left' | 'right';
}

export interface TableOptions {
  readonly palette?: Palette;
  /** A line printed above the table. */
  readonly title?: string;
  /** A line printed below the table, such as psql's "(3 rows)". */
  readonly footer?: string;
  /** Draw a rule between body rows too (for rows of several lines). Default: false. */
  readonly rowRules?: boolean;
}

export function renderTable(
  columns: readonly (string | TableColumn)[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const palette = options.palette ?? plainPalette;
  const cols: TableColumn[] = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  rows.forEach((row, index) => {
    if (row.length !== cols.length) {
      throw new RangeError(
        `table row ${index} has ${row.length} cells; the table has ${cols.length} columns`,
      );
    }
  });

  const cellLines = (cell: string): string[] => cell.split('\n');
  const widths = cols.map((col, i) =>
    Math.max(visibleWidth(col.header), ...rows.flatMap((row) => cellLines(row[i] ?? '').map(visibleWidth))),
  );

  const rule = (left: string, middle: string, right: string): string =>
    left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right;

  const renderRow = (cells: readonly string[], paint: (text: string) => string): string[] => {
    const split = cells.map(cellLines);
    const height = Math.max(1, ...split.map((lines) => lines.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      const parts = cols.map((col, i) => {
        const text = split[i]?.[line] ?? '';
        return ` ${padVisible(paint(text), widths[i] ?? 0, col.align)} `;
      });
      out.push(`│${parts.join('│')}│`);
    }
    return out;
  };

  const lines: string[] = [];
  if (options.title !== undefined) lines.push(palette.heading(options.title));
  lines.push(rule('┌', '┬', '┐'));
  lines.push(
    ...renderRow(
      cols.map((c) => c.header),
      palette.heading,
    ),
  );
  lines.push(rule('├', '┼', '┤'));
  rows.forEach((row, index) => {
    if (index > 0 && options.rowRules === true) lines.push(rule('├', '┼', '┤'));
    lines.push(...renderRow(row, (text) => text));
  });
  lines.push(rule('└', '┴', '┘'));
  if (options.footer !== undefined) lines.push(options.footer);
  return lines.join('\n');
}
