/**
 * Comparing and describing results: reads compare as sets unless the query orders them,
 * results read as clauses in verdicts and as psql tables in transcripts.
 */
import { describe, expect, it } from 'vitest';
import { ordersRows, readComparison, sameFinalState } from '../src/judge/compare-results.ts';
import { describeResult, describeTables } from '../src/judge/describe-rows.ts';
import { sortedRows } from '../src/judge/sort-rows.ts';
import { renderResultSet } from '../src/render/render-result.ts';

const rows = (...values: (string | number | boolean | null)[][]) => ({
  columns: ['id', 'value'],
  rows: values,
});

describe('comparing results', () => {
  it('compares unordered reads as multisets and ordered ones row by row', () => {
    // The comparing is @dbplay/core's sameRows (tested there); a read's SQL says how.
    expect(readComparison('select * from t order by id')).toEqual({
      order: 'ordered',
      columnNames: 'compare',
    });
    expect(readComparison('select * from t')).toEqual({ order: 'unordered', columnNames: 'compare' });
    expect(ordersRows('select * from t ORDER  BY id')).toBe(true);
    expect(ordersRows("select 'order by' from t")).toBe(true); // conservative: order matters then
    expect(ordersRows('select * from t')).toBe(false);
    // An EXPLAIN's rows are the lines of a plan: their order is the plan's shape.
    expect(ordersRows('EXPLAIN (COSTS OFF) SELECT * FROM t WHERE a = 1')).toBe(true);
    expect(ordersRows('set enable_seqscan = off; explain select * from t')).toBe(true);
    expect(ordersRows('select explained from t')).toBe(false);
  });

  it('sorts rows by every column, numbers before text, nulls last', () => {
    expect(
      sortedRows([
        [2, 'b'],
        [null, 'a'],
        [1, 'z'],
        ['x', 'a'],
        [1, 'a'],
      ]),
    ).toEqual([
      [1, 'a'],
      [1, 'z'],
      [2, 'b'],
      ['x', 'a'],
      [null, 'a'],
    ]);
  });

  it('compares final states table by table', () => {
    const a = [{ table: 'test', columns: ['id', 'value'], rows: [[1, 11]] }];
    expect(sameFinalState(a, [{ table: 'test', columns: ['id', 'value'], rows: [[1, 11]] }])).toBe(true);
    expect(sameFinalState(a, [{ table: 'test', columns: ['id', 'value'], rows: [[1, 12]] }])).toBe(false);
    expect(sameFinalState(a, [])).toBe(false);
  });
});

describe('describing results', () => {
  it('says a result in a clause', () => {
    expect(describeResult({ columns: ['value'], rows: [[11]] })).toBe('value=11');
    expect(describeResult(rows([1, 10]))).toBe('id=1, value=10');
    expect(describeResult(rows([2, 20], [1, 10]))).toBe('(2, 20), (1, 10)');
    expect(describeResult(rows([2, 20], [1, 10]), { sorted: true })).toBe('(1, 10), (2, 20)');
    expect(describeResult(rows())).toBe('no rows');
    expect(describeResult(rows([1, 1], [2, 2], [3, 3]), { limit: 2 })).toBe('(1, 1), (2, 2), … (3 rows)');
    expect(
      describeResult({
        columns: ['name', 'note'],
        rows: [
          ['alice', 'on call'],
          ['bob', null],
        ],
      }),
    ).toBe("(alice, 'on call'), (bob, null)");
    expect(describeTables([{ table: 'test', columns: ['id', 'value'], rows: [[1, 11]] }])).toBe(
      'test: (id=1, value=11)',
    );
  });

  it('draws a result the way psql does', () => {
    expect(
      renderResultSet({
        columns: ['name', 'balance', 'ok'],
        rows: [
          ['checking', -11, true],
          ['savings', 20, null],
        ],
      }),
    ).toEqual([
      '   name   | balance | ok',
      '----------+---------+----',
      ' checking |     -11 | t',
      ' savings  |      20 |',
      '(2 rows)',
    ]);
  });
});
