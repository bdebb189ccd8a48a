import { describe, expect, it } from 'vitest';
import { hashBucket, hashInt4 } from '../src/model/mvcc/heap.ts';
import { parseStatement, UnsupportedSqlError } from '../src/model/sql/parse-sql.ts';
import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'indexes on the model agree with PostgreSQL',
  new URL('./model-index/', import.meta.url),
  { timeoutMs: 120_000 },
);

describe('what the index statements refuse', () => {
  it.each([
    ['create index on t (v desc)', "DESC in an index's columns"],
    ['create index on t (v) with (fillfactor = 70)', "an index's storage parameters"],
    ['create index on t using hash ((v + 1))', 'hash indexes on an expression'],
    ['create index concurrently on t (v)', 'CREATE INDEX CONCURRENTLY'],
    ['create index on t using brin (v)', 'brin indexes (the model has B-tree and hash)'],
    ['alter table t set (toast_tuple_target = 128)', 'the storage parameter toast_tuple_target'],
    ['alter table t add column if not exists w int', 'ADD COLUMN IF NOT EXISTS'],
    ['prepare q (int) as select 1', 'PREPARE with parameter types'],
    ['execute q (1)', 'EXECUTE with parameters'],
    [
      'select generate_series(1, 2), generate_series(1, 3)',
      'several set-returning functions in a select list',
    ],
    ['select 1::date', 'casts to the type date'],
  ])('%s: %s', (sql, construct) => {
    expect(() => parseStatement(sql)).toThrow(UnsupportedSqlError);
    try {
      parseStatement(sql);
    } catch (error) {
      expect((error as UnsupportedSqlError).construct).toBe(construct);
    }
  });

  it("hashes integers as hashint4 does, and a key's bucket is that hash masked by the bucket count", () => {
    // SELECT hashint4(k) on PostgreSQL 18.4 for these keys.
    const keys = [10, 20, 30, -7, 0, 2147483647];
    expect(keys.map(hashInt4)).toEqual([
      -1547814713, -2014641093, 1660582443, -82204417, -272711505, -96758253,
    ]);
    // -1547814713 is 0xa3be38c7, so 10 is in bucket 7 of 8 and bucket 3 of 4.
    expect([hashBucket(10, 8), hashBucket(10, 4)]).toEqual([7, 3]);
  });
});
