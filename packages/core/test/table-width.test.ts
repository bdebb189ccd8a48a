/**
 * A table given `maxWidth` fits it, and loses nothing: prose columns are word-wrapped and
 * the other columns dealt out into parts that repeat the row names (table.ts). Checked
 * against the plain model of a table: every cell's words are still there, in its row.
 */
import { renderTable, visibleWidth, wrapWords } from '@dbplay/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const cell = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));

describe('renderTable with maxWidth', () => {
  it('fits every line in maxWidth, and keeps every word of every cell', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 60, max: 120 }),
        fc.boolean(),
        fc.array(cell, { minLength: 5, maxLength: 5 }),
        (columns, rowCount, maxWidth, wrapLast, prose) => {
          const rows = Array.from({ length: rowCount }, (_, r) =>
            Array.from({ length: columns }, (_, c) =>
              c === 0
                ? `row${r}`
                : wrapLast && c === columns - 1
                  ? (prose[r] ?? '')
                  : `c${c}r${r} ${'x'.repeat((c * 7) % 13)}`,
            ),
          );
          const headers = Array.from({ length: columns }, (_, c) => ({
            header: c === 0 ? 'name' : `column ${c}`,
            wrap: wrapLast && c === columns - 1,
          }));
          const text = renderTable(headers, rows, { maxWidth });
          for (const line of text.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(maxWidth);
          for (const row of rows)
            for (const value of row) for (const w of value.split(' ')) expect(text).toContain(w);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('wraps prose at word boundaries', () => {
    fc.assert(
      fc.property(cell, fc.integer({ min: 12, max: 40 }), (text, width) => {
        const lines = wrapWords(text, width);
        for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join(' ')).toBe(text);
      }),
    );
  });

  it('repeats the row names in every part of a split table', () => {
    const text = renderTable(
      ['scenario', 'a', 'b', 'c'],
      [['write-skew', 'x'.repeat(30), 'y'.repeat(30), 'z'.repeat(30)]],
      { maxWidth: 60 },
    );
    expect(text.match(/write-skew/g)).toHaveLength(3);
  });
});
