/** Comparing results: multisets unless ordered, values by their JSON form, names when asked. */
import { type RowSet, type SameRowsOptions, sameRows } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

const rows = (...values: unknown[][]): RowSet => ({ columns: ['id', 'value'], rows: values });
const unordered: SameRowsOptions = { order: 'unordered', columnNames: 'compare' };
const ordered: SameRowsOptions = { order: 'ordered', columnNames: 'compare' };

describe('sameRows', () => {
  it.each<[string, RowSet | null, RowSet | null, SameRowsOptions, boolean]>([
    ['unordered reads as multisets', rows([1, 10], [2, 20]), rows([2, 20], [1, 10]), unordered, true],
    ['ordered reads row by row', rows([1, 10], [2, 20]), rows([2, 20], [1, 10]), ordered, false],
    ['a duplicate row counts', rows([1, 10]), rows([1, 10], [1, 10]), unordered, false],
    ['column names', rows([1, 10]), { columns: ['id', 'v'], rows: [[1, 10]] }, unordered, false],
    [
      'column names ignored',
      rows([1, 10]),
      { columns: ['id', 'v'], rows: [[1, 10]] },
      { order: 'unordered', columnNames: 'ignore' },
      true,
    ],
    ['no result set on both sides', null, null, unordered, true],
    ['no result set on one side', rows(), null, unordered, false],
    ['a number is not its text', rows([1, '1']), rows(['1', 1]), ordered, false],
    ['bigints and dates', rows([5n, new Date(0)]), rows([5n, new Date(0)]), ordered, true],
    ['bytes', rows([new Uint8Array([1])]), rows([new Uint8Array([2])]), ordered, false],
  ])('%s', (_what, a, b, options, expected) => {
    expect(sameRows(a, b, options)).toBe(expected);
  });
});
