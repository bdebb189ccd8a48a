/**
 * The fingerprint of a query's rows (sessions/exercise-transaction.ts, rowsDigestQuery), by
 * which a fix's `same_rows` condition compares the result before and after, on PGlite.
 */

import { startPglite } from '@dbplay/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestible, type RowOrder, rowsDigestQuery } from '../src/sessions/exercise-transaction.ts';

let db: Awaited<ReturnType<typeof startPglite>>;
beforeAll(async () => {
  db = await startPglite();
  await db.exec(`create table t (id int primary key, name text, at timestamp);
    insert into t values (1, 'a', '2026-01-01 10:00:00.000001'), (2, 'b', '2026-01-01 10:00:00.000002'), (3, null, null);`);
}, 60_000);
afterAll(async () => {
  await db.close();
});

async function digest(query: string, order: RowOrder): Promise<string> {
  const result = await db.query<[string]>(rowsDigestQuery(query, order), [], { rowMode: 'array' });
  return String(result.rows[0]?.[0]);
}

describe('the fingerprint of a query’s rows', () => {
  it('counts the rows and hashes them', async () => {
    expect(await digest('select * from t', 'unordered')).toMatch(/^3 [0-9a-f]{32}$/);
    expect(await digest('select * from t where false', 'ordered')).toBe('0 ');
  });

  it('ignores column names, and a trailing semicolon or comment', async () => {
    const plain = await digest('select id, name from t order by id', 'ordered');
    expect(await digest('select id as k, name as v from t order by id;', 'ordered')).toBe(plain);
    expect(await digest('select id, name from t order by id -- by id', 'ordered')).toBe(plain);
  });

  it('tells the order apart only when asked to', async () => {
    const up = 'select id, name from t order by id';
    const down = 'select id, name from t order by id desc';
    expect(await digest(up, 'ordered')).not.toBe(await digest(down, 'ordered'));
    expect(await digest(up, 'unordered')).toBe(await digest(down, 'unordered'));
  });

  it('tells apart values that differ in a microsecond, a null, or a duplicate row', async () => {
    expect(await digest('select at from t where id = 1', 'unordered')).not.toBe(
      await digest('select at from t where id = 2', 'unordered'),
    );
    expect(await digest('select name from t where id in (1, 3)', 'unordered')).not.toBe(
      await digest("select name from t where id = 1 union all select '' ", 'unordered'),
    );
    expect(await digest('select id from t', 'unordered')).not.toBe(
      await digest('select id from t union all select 1', 'unordered'),
    );
  });
});

describe('which queries are fingerprinted in PostgreSQL', () => {
  it.each([
    ['select * from orders', true],
    ['  -- the orders\n  select 1;', true],
    ['with a as (select 1) select * from a', true],
    ['(select 1) union (select 2)', true],
    ['table orders', true],
    ['values (1), (2)', true],
    // Not a subquery: the rows are fetched and compared in JavaScript.
    ["execute orders_by_status('pending')", false],
    ['with gone as (delete from orders returning *) select * from gone', false],
    ['explain select 1', false],
  ])('%j: %s', (query, expected) => {
    expect(digestible(query)).toBe(expected);
  });
});
