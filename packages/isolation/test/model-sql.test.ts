/**
 * The model engine's SQL subset: what it reads, and a clear refusal, naming the construct, of
 * everything it does not (the engine turns the refusal into a bad-input error with the step's
 * file and line; see model-errors.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseStatement, UnsupportedSqlError } from '../src/model/sql/parse-sql.ts';
import { SqlSyntaxError } from '../src/model/sql/sql-tokens.ts';

describe('the SQL subset', () => {
  it.each([
    'create table test (id int primary key, value int)',
    'create table t (a integer not null, b text, c boolean, d bigint, e varchar(20), primary key (a, d))',
    'insert into test values (1, 10), (2, 20)',
    "insert into bookings (room, starts) values ('blue', 9) returning room",
    'select * from test',
    'select count(*) as n, sum(value), min(value), max(value) from test where value > 5',
    'select id, value * 2 + 1 as twice from test t where t.id in (1, 2) and not (value between 3 and 9) or value is null',
    "select name, balance from accounts where name <> 'x' and balance % 3 = 0 order by name desc, 2",
    'select * from test where id = 1 for update',
    'select * from test where id = 1 for no key update',
    'select * from test where value > 1 for share',
    'select * from test for key share',
    'update test set value = value + 1, id = id where id = 1 returning value',
    'delete from test where value = 20 returning *',
    'begin',
    'begin isolation level serializable read only deferrable',
    'start transaction isolation level repeatable read, read write',
    'set transaction isolation level read committed',
    'commit',
    'end',
    'rollback',
    'abort',
    'drop table if exists test',
    "select 1 + 2 as three, true, null, -5, 'text' || 'more'",
  ])('reads %s', (sql) => {
    expect(() => parseStatement(sql)).not.toThrow();
  });

  it('builds the statements the executor runs', () => {
    expect(parseStatement('select value from test where id = 1 for update')).toMatchObject({
      kind: 'select',
      items: [{ kind: 'expression', expression: { kind: 'column', name: 'value' }, alias: null }],
      from: { table: 'test', alias: 'test' },
      where: { kind: 'comparison', operator: '=' },
      lock: 'update',
    });
    expect(parseStatement('begin isolation level repeatable read read only')).toMatchObject({
      kind: 'begin',
      modes: { isolation: 'repeatable read', readOnly: true, deferrable: null },
    });
    expect(parseStatement('create table t (a int, b text not null, primary key (a))')).toMatchObject({
      kind: 'create-table',
      columns: [
        { name: 'a', type: 'integer', notNull: true },
        { name: 'b', type: 'text', notNull: true },
      ],
      primaryKey: ['a'],
    });
  });

  it.each([
    ['select * from a join b on a.id = b.id', 'JOIN'],
    ['select * from a, b', 'several tables in FROM'],
    ['select * from test where id in (select id from other)', 'a subquery (IN (SELECT …))'],
    ['select * from test where exists (select 1)', 'EXISTS (a subquery)'],
    ['select value, count(*) from test group by value', 'GROUP BY'],
    ['select * from test limit 1 offset 1', 'OFFSET'],
    ['select distinct value from test', 'SELECT DISTINCT'],
    ['select * from test union select * from test', 'UNION'],
    ['with x as (select 1) select * from x', 'WITH (common table expressions)'],
    ["select * from test where name like 'a%'", 'LIKE (pattern matching)'],
    ['select now()', 'the function now()'],
    [
      'select avg(value) from test',
      'the aggregate avg() (it returns numeric; the model has count, sum, min and max)',
    ],
    ['select value::text from test', 'casts (::type)'],
    ['select case when value > 1 then 1 end from test', 'CASE'],
    ['select * from test limit all', 'LIMIT with anything but a whole number'],
    ['insert into test select * from other', 'INSERT … SELECT'],
    ['insert into test values (1, 2) on conflict do nothing', 'ON CONFLICT'],
    ['update test set value = 1 from other where other.id = test.id', 'UPDATE … FROM (a join)'],
    ['delete from test using other where other.id = test.id', 'DELETE … USING (a join)'],
    ['savepoint a', 'SAVEPOINT'],
    ['rollback to savepoint a', 'ROLLBACK TO SAVEPOINT'],
    ['lock table test', 'LOCK TABLE'],
    ['create index on test (value)', 'CREATE INDEX (the model indexes the primary key only)'],
    ['create table t (id serial primary key)', 'the type serial (sequences)'],
    [
      'create table t (id numeric)',
      'the type numeric (the model has integer, bigint, text and boolean columns)',
    ],
    ['create table t (id int unique)', 'UNIQUE on a column'],
    ['create table t (id int references p (id))', 'REFERENCES on a column'],
    ['create table t (id int, check (id > 0))', 'CHECK constraints'],
    ['set deadlock_timeout = 10', 'SET deadlock_timeout (settings other than SET TRANSACTION)'],
    ['select 1.5', 'the decimal number 1.5 (numeric values)'],
    ['truncate test', 'TRUNCATE'],
    ['commit and chain', 'COMMIT AND CHAIN / ROLLBACK AND CHAIN'],
  ])('refuses %s, naming %s', (sql, construct) => {
    let error: unknown;
    try {
      parseStatement(sql);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedSqlError);
    expect((error as UnsupportedSqlError).construct).toBe(construct);
    expect((error as Error).message).toBe(`the model engine does not support ${construct}`);
  });

  it.each([
    ['selec * from test', "'selec' does not start a statement the model knows"],
    ['select * from test where', 'the statement ends too early'],
    ["select 'unterminated from test", 'unterminated string literal'],
    ['select * from test where id = = 1', "unexpected '='"],
    ['update test set value 1', "expected '=', found '1'"],
    [
      'create table t (a int, primary key (a), primary key (a))',
      'multiple primary keys for table "t" are not allowed',
    ],
    ['select id from test where a < b < c', "chained comparison at '<'"],
  ])('reports a syntax error in %s', (sql, message) => {
    expect(() => parseStatement(sql)).toThrow(SqlSyntaxError);
    expect(() => parseStatement(sql)).toThrow(message);
  });
});
