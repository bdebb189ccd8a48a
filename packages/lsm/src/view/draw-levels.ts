/**
 * The tree drawn in the terminal: the memtable, then each level (or tier) as a row of
 * boxes, one per table, with its id, key range, size and entry count.
 *
 *     memtable  ┌──────────────────────────┐
 *               │ log 9 · 3 entries        │
 *               │ 96 B of 4.0 KiB · a .. c │
 *               └──────────────────────────┘
 *     L0        ╔══════════════════════╗ ┌──────────────────────┐
 *               ║ #7 apple .. melon    ║ │ #8 banana .. zebra   │
 *               ║ 1.2 KiB · 40 entries ║ │ 1.1 KiB · 38 entries │
 *               ╚══════════════════════╝ └──────────────────────┘
 *     L1        (empty)
 *
 * L0 is drawn oldest first, so the newest table is on the right; a level's tables are in
 * key order. Tables a step touched are drawn with a double line, which shows without colour
 * too. Rows wrap to fit the width.
 */
import { type Palette, plainPalette, visibleWidth } from '@dbplay/core';
import { formatBytes, shortened } from './display-text.ts';
import type { LsmSnapshot, TableSnapshot } from './snapshot.ts';

export interface DrawOptions {
  readonly palette?: Palette;
  /** Ids to highlight: table ids, or `memtable`. */
  readonly highlight?: readonly (number | string)[];
  /** Columns available. Default 100. */
  readonly width?: number;
}

const single = { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│' };
const double = { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║' };

export function renderLsm(snapshot: LsmSnapshot, options: DrawOptions = {}): string {
  const palette = options.palette ?? plainPalette;
  const highlight = new Set(options.highlight ?? []);
  const width = options.width ?? 100;
  const rows: { label: string; boxes: string[][] | undefined }[] = [];

  const memtable = snapshot.memtable;
  const range =
    memtable.firstKey === undefined ? '' : ` · ${key(memtable.firstKey)} .. ${key(memtable.lastKey ?? '')}`;
  rows.push({
    label: 'memtable',
    boxes: [
      box(
        [
          `log ${memtable.id} · ${memtable.entries} ${memtable.entries === 1 ? 'entry' : 'entries'}`,
          `${formatBytes(memtable.bytes)} of ${formatBytes(snapshot.memtableLimit)}${range}`,
        ],
        highlight.has('memtable'),
        palette,
      ),
    ],
  });
  if (snapshot.immutable !== undefined) {
    rows.push({
      label: 'frozen',
      boxes: [box([`log ${snapshot.immutable.id}`, `${snapshot.immutable.entries} entries`], true, palette)],
    });
  }
  for (const run of snapshot.runs) {
    rows.push({
      label: run.name,
      boxes:
        run.tables.length === 0
          ? undefined
          : run.tables.map((t) => tableBox(t, highlight.has(t.id), palette)),
    });
  }

  const labelWidth = Math.max(...rows.map((row) => row.label.length)) + 2;
  const indent = ' '.repeat(labelWidth);
  const lines: string[] = [];
  for (const row of rows) {
    const label = palette.heading(row.label) + ' '.repeat(labelWidth - row.label.length);
    if (row.boxes === undefined) {
      lines.push(`${label}${palette.dim('(empty)')}`);
      continue;
    }
    // Pack boxes into lines of at most `width` columns.
    let first = true;
    let pending: string[][] = [];
    let used = 0;
    const emit = () => {
      const height = pending[0]?.length ?? 0;
      for (let line = 0; line < height; line++) {
        const prefix = first && line === 0 ? label : indent;
        lines.push(prefix + pending.map((b) => b[line]).join(' '));
      }
      first = false;
      pending = [];
      used = 0;
    };
    for (const b of row.boxes) {
      const w = visibleWidth(b[0] ?? '');
      if (pending.length > 0 && labelWidth + used + 1 + w > width) emit();
      used += (pending.length > 0 ? 1 : 0) + w;
      pending.push(b);
    }
    emit();
  }
  return lines.join('\n');
}

function tableBox(table: TableSnapshot, highlighted: boolean, palette: Palette): string[] {
  return box(
    [
      `#${table.id} ${key(table.firstKey)} .. ${key(table.lastKey)}`,
      `${formatBytes(table.bytes)} · ${table.entries} ${table.entries === 1 ? 'entry' : 'entries'}`,
    ],
    highlighted,
    palette,
  );
}

function box(content: readonly string[], highlighted: boolean, palette: Palette): string[] {
  const chars = highlighted ? double : single;
  const inner = Math.max(...content.map(visibleWidth)) + 2;
  const paint = highlighted ? palette.highlight : (text: string) => text;
  return [
    paint(chars.tl + chars.h.repeat(inner) + chars.tr),
    ...content.map((text) =>
      paint(`${chars.v} ${text}${' '.repeat(inner - 1 - visibleWidth(text))}${chars.v}`),
    ),
    paint(chars.bl + chars.h.repeat(inner) + chars.br),
  ];
}

function key(text: string): string {
  return shortened(text, 10);
}
