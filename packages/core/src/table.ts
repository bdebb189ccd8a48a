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
 *
 * A table wider than the terminal (`maxWidth`) is made to fit in two ways, as a person
 * would: text columns marked `wrap` are word-wrapped to a narrower width first; if it
 * is still too wide, the columns are dealt out into several tables printed one under the
 * other, each repeating the first `repeatColumns` (the row names), as R prints a wide data
 * frame. Nothing is cut off, so nothing needs a legend to be read back.
 */
import { type Palette, plainPalette } from './palette.ts';
import { padVisible, visibleWidth, wrapWords } from './text-width.ts';

export interface TableColumn {
  readonly header: string;
  /** Numbers read best right-aligned, as in psql. Default: left. */
  readonly align?: 'left' | 'right';
  /** Prose that may be word-wrapped to fit `maxWidth`. Default: false. */
  readonly wrap?: boolean;
}

export interface TableOptions {
  readonly palette?: Palette;
  /** A line printed above the table. */
  readonly title?: string;
  /** A line printed below the table, such as psql's "(3 rows)". */
  readonly footer?: string;
  /** Draw a rule between body rows too (for rows of several lines). Default: false. */
  readonly rowRules?: boolean;
  /** The widest the table may be, in columns (the terminal's width); default: unlimited. */
  readonly maxWidth?: number;
  /** When the columns are split to fit `maxWidth`, how many leading ones every part repeats. Default 1. */
  readonly repeatColumns?: number;
}

/** A wrapped column is not made narrower than this. */
const narrowestWrap = 16;

export function renderTable(
  columns: readonly (string | TableColumn)[],
  body: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  let rows = body;
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
  const widthsOf = (body: readonly (readonly string[])[]): number[] =>
    cols.map((col, i) =>
      Math.max(visibleWidth(col.header), ...body.flatMap((row) => cellLines(row[i] ?? '').map(visibleWidth))),
    );
  const tableWidth = (ws: readonly number[]): number => ws.reduce((sum, w) => sum + w + 3, 1);
  let widths = widthsOf(rows);
  const { maxWidth } = options;
  if (maxWidth !== undefined && tableWidth(widths) > maxWidth) {
    const wrapped = fitWrappedColumns(cols, rows, widths, maxWidth);
    if (wrapped !== rows) {
      rows = wrapped;
      widths = widthsOf(rows);
    }
    if (tableWidth(widths) > maxWidth) return splitColumns(cols, rows, widths, { ...options, maxWidth });
  }

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

/** The rows with the cells of `wrap` columns word-wrapped so the table fits, if that can help. */
function fitWrappedColumns(
  cols: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  maxWidth: number,
): readonly (readonly string[])[] {
  const wrapping = cols.map((col, i) => col.wrap === true && (widths[i] ?? 0) > narrowestWrap);
  if (!wrapping.includes(true)) return rows;
  const fixed = widths.reduce((sum, w, i) => sum + (wrapping[i] ? 0 : w) + 3, 1);
  const count = wrapping.filter(Boolean).length;
  // Each wrapped column takes its share of what the others leave, less its borders.
  const share = Math.max(narrowestWrap, Math.floor((maxWidth - fixed) / count) - 3);
  return rows.map((row) =>
    row.map((cell, i) =>
      wrapping[i]
        ? cell
            .split('\n')
            .flatMap((line) => wrapWords(line, share))
            .join('\n')
        : cell,
    ),
  );
}

/**
 * The table as several, one under the other, each with the first `repeatColumns` columns and
 * as many of the others as fit in `maxWidth` (at least one each).
 */
function splitColumns(
  cols: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  options: TableOptions & { readonly maxWidth: number },
): string {
  const repeat = Math.min(options.repeatColumns ?? 1, cols.length - 1);
  const base = widths.slice(0, repeat).reduce((sum, w) => sum + w + 3, 1);
  const groups: number[][] = [];
  let group: number[] = [];
  let used = base;
  for (let i = repeat; i < cols.length; i++) {
    const width = (widths[i] ?? 0) + 3;
    if (group.length > 0 && used + width > options.maxWidth) {
      groups.push(group);
      group = [];
      used = base;
    }
    group.push(i);
    used += width;
  }
  groups.push(group);
  const leading = Array.from({ length: repeat }, (_, i) => i);
  return groups
    .map((indexes, part) => {
      const picked = [...leading, ...indexes];
      return renderTable(
        picked.map((i) => cols[i] ?? { header: '' }),
        rows.map((row) => picked.map((i) => row[i] ?? '')),
        {
          ...(options.palette === undefined ? {} : { palette: options.palette }),
          ...(options.rowRules === undefined ? {} : { rowRules: options.rowRules }),
          ...(part === 0 && options.title !== undefined ? { title: options.title } : {}),
          ...(part === groups.length - 1 && options.footer !== undefined ? { footer: options.footer } : {}),
        },
      );
    })
    .join('\n');
}
