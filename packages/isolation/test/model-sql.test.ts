/**
 * The model engine's SQL subset: what it reads, and a clear refusal, naming the construct, of
 * everything it does not (the engine turns the refusal into a bad-input error with the step's
 * file and line; see model-errors.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseStatement, UnsupportedSqlError } from '../src/model/sql/parse-sql.ts';
import { SqlSyntaxError } from '../src/model/sql/sql-tokens.ts';

describe('the SQL subset', () => {
  const column = (name: string) => ({ kind: 'column', table: null, name });
  const literal = (value: unknown) => ({ kind: 'literal', value });
  it.each<[string, object]>([
    [
      'create table test (id int primary key, value int)',
      {
        kind: 'create-table',
        table: 'test',
        columns: [
          { name: 'id', type: 'integer', notNull: true },
          { name: 'value', type: 'integer', notNull: false },
        ],
        primaryKey: ['id'],
      },
    ],
    [
      'create table t (a integer not null, b text, c boolean, d bigint, e varchar(20), primary key (a, d))',
      {
        kind: 'create-table',
        columns: [
          { name: 'a', type: 'integer', notNull: true },
          { name: 'b', type: 'text' },
          { name: 'c', type: 'boolean' },
          { name: 'd', type: 'bigint', notNull: true },
          { name: 'e', type: 'text' },
        ],
        primaryKey: ['a', 'd'],
      },
    ],
    [
      'create table foo (key int, value int, primary key (key) include (value))',
      {
        kind: 'create-table',
        columns: [
          { name: 'key', type: 'integer', notNull: true },
          { name: 'value', type: 'integer', notNull: false },
        ],
        primaryKey: ['key'],
        include: ['value'],
      },
    ],
    [
      'insert into t values (1, 2) on conflict do nothing',
      { kind: 'insert', onConflict: { target: null, action: 'nothing' } },
    ],
    [
      'insert into t values (1, 2) on conflict (id) do update set v = t.v + 1 where t.v < 5',
      {
        kind: 'insert',
        onConflict: {
          target: ['id'],
          action: 'update',
          assignments: [{ column: 'v', value: { kind: 'arithmetic', operator: '+' } }],
          where: { kind: 'comparison', operator: '<' },
        },
      },
    ],
    [
      'select pg_advisory_lock(7), pg_advisory_unlock(-7)',
      {
        kind: 'select',
        items: [
          { kind: 'expression', expression: { kind: 'advisory', function: 'pg_advisory_lock', key: '7' } },
          { kind: 'expression', expression: { kind: 'advisory', function: 'pg_advisory_unlock', key: '-7' } },
        ],
      },
    ],
    [
      'select * from t where pg_advisory_xact_lock(0) is not null and key = 1 for key share',
      {
        kind: 'select',
        lock: 'key share',
        advisoryLocks: [{ kind: 'advisory', function: 'pg_advisory_xact_lock', key: '0' }],
      },
    ],
    [
      'update t set v = 1 where pg_advisory_lock_shared(2) is not null and id = 1',
      {
        kind: 'update',
        advisoryLocks: [{ kind: 'advisory', function: 'pg_advisory_lock_shared', key: '2' }],
      },
    ],
    [
      'create trigger t after insert or update of i on a for each row execute procedure f()',
      {
        kind: 'create-trigger',
        name: 't',
        table: 'a',
        timing: 'after',
        events: ['insert', 'update'],
        forEach: 'row',
        function: 'f',
      },
    ],
    [
      "CREATE FUNCTION f() RETURNS TRIGGER LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END;'",
      { kind: 'create-function', name: 'f', returns: 'null' },
    ],
    ['drop function if exists f(), g', { kind: 'drop-function', names: ['f', 'g'], ifExists: true }],
    ['explain (costs off) execute q', { kind: 'explain', statement: { kind: 'execute', name: 'q' } }],
    [
      'drop index concurrently if exists i',
      { kind: 'drop-index', index: 'i', ifExists: true, concurrently: true },
    ],
    ['rollback to savepoint a', { kind: 'rollback-to', name: 'a' }],
    ['lock table test', { kind: 'lock-table', tables: ['test'], mode: 'ACCESS EXCLUSIVE', nowait: false }],
    [
      'lock a1, a2 in share row exclusive mode nowait',
      { kind: 'lock-table', tables: ['a1', 'a2'], mode: 'SHARE ROW EXCLUSIVE', nowait: true },
    ],
    ["set deadlock_timeout = '100s'", { kind: 'set-setting', name: 'deadlock_timeout', value: '100s' }],
    ['set deadlock_timeout to 10', { kind: 'set-setting', name: 'deadlock_timeout', value: '10' }],
    ['set local lock_timeout = 5', { kind: 'set-setting', name: 'lock_timeout', value: '5', local: true }],
    [
      'set session statement_timeout to default',
      { kind: 'set-setting', name: 'statement_timeout', value: null },
    ],
    ['reset lock_timeout', { kind: 'set-setting', name: 'lock_timeout', value: null }],
    ['set role regress_a', { kind: 'set-setting', name: 'role', value: 'regress_a' }],
    ['reset role', { kind: 'set-setting', name: 'role', value: null }],
    [
      'set local debug_parallel_query = on',
      { kind: 'set-setting', name: 'debug_parallel_query', local: true },
    ],
    ['create table a1 ()', { kind: 'create-table', table: 'a1', columns: [], primaryKey: [] }],
    ['rollback work to b', { kind: 'rollback-to', name: 'b' }],
    ['create role regress_a', { kind: 'create-role', role: 'regress_a' }],
    ['drop role if exists a, b', { kind: 'drop-role', roles: ['a', 'b'], ifExists: true }],
    [
      'grant truncate, select on table t to a',
      { kind: 'grant', privileges: ['truncate', 'select'], tables: ['t'], roles: ['a'] },
    ],
    ['grant a to b with admin option', { kind: 'grant-role', roles: ['a'], members: ['b'], admin: true }],
    ['alter table t owner to a', { kind: 'alter-owner', table: 't', owner: 'a' }],
    ['drop owned by a', { kind: 'drop-owned', roles: ['a'] }],
    ['truncate table t, u', { kind: 'truncate', tables: ['t', 'u'] }],
    ['analyze verbose t, u', { kind: 'analyze', tables: ['t', 'u'] }],
    ['create sequence s maxvalue 10', { kind: 'create-sequence', sequence: 's', options: { maxValue: 10 } }],
    [
      'alter sequence s increment by 2 restart with 5',
      { kind: 'alter-sequence', sequence: 's', options: { increment: 2, restart: 5 } },
    ],
    ['alter sequence s restart', { kind: 'alter-sequence', sequence: 's', options: { restart: null } }],
    ['drop sequence if exists s', { kind: 'drop-sequence', sequences: ['s'], ifExists: true }],
    ['reindex table concurrently t', { kind: 'reindex', target: 'table', name: 't', concurrently: true }],
    ['reindex schema s', { kind: 'reindex', target: 'schema', name: 's', concurrently: false }],
    ['lock public.t, s.u', { kind: 'lock-table', tables: ['t', 's.u'] }],
    ['select x.id from s.t x', { kind: 'select', from: { table: 's.t', alias: 'x' } }],
    [
      'drop schema if exists s cascade',
      { kind: 'drop-schema', schemas: ['s'], ifExists: true, cascade: true },
    ],
    ['cluster t using t_pkey', { kind: 'cluster', table: 't', index: 't_pkey' }],
    ['set debug_parallel_query = on', { kind: 'set-setting', name: 'debug_parallel_query' }],
    ['set client_min_messages to warning', { kind: 'set-setting', name: 'client_min_messages' }],
    [
      "select current_setting('default_transaction_isolation')",
      {
        kind: 'select',
        items: [
          {
            kind: 'expression',
            expression: {
              kind: 'literal',
              value: 'read committed',
              type: 'text',
              function: 'current_setting',
            },
          },
        ],
      },
    ],
    [
      'insert into test values (1, 10), (2, 20)',
      {
        kind: 'insert',
        table: 'test',
        columns: null,
        rows: [
          [literal(1), literal(10)],
          [literal(2), literal(20)],
        ],
      },
    ],
    [
      "insert into bookings (room, starts) values ('blue', 9) returning room",
      {
        kind: 'insert',
        columns: ['room', 'starts'],
        rows: [[{ kind: 'literal', value: 'blue', type: 'unknown' }, literal(9)]],
        returning: [{ kind: 'expression', expression: column('room') }],
      },
    ],
    [
      'select * from test',
      { kind: 'select', items: [{ kind: 'star' }], from: { table: 'test' }, where: null, lock: null },
    ],
    [
      'select count(*) as n, sum(value), min(value), max(value) from test where value > 5',
      {
        kind: 'select',
        items: [{ alias: 'n' }, { alias: null }, { alias: null }, { alias: null }],
        where: { kind: 'comparison', operator: '>', left: column('value'), right: literal(5) },
      },
    ],
    [
      'select id, value * 2 + 1 as twice from test t where t.id in (1, 2) and not (value between 3 and 9) or value is null',
      {
        kind: 'select',
        items: [
          { expression: column('id') },
          { alias: 'twice', expression: { kind: 'arithmetic', operator: '+' } },
        ],
        from: { table: 'test', alias: 't' },
        // AND binds tighter than OR.
        where: { kind: 'or', left: { kind: 'and', right: { kind: 'not' } }, right: { kind: 'is' } },
      },
    ],
    [
      "select name, balance from accounts where name <> 'x' and balance % 3 = 0 order by name desc, 2",
      {
        kind: 'select',
        orderBy: [
          { expression: column('name'), descending: true },
          { expression: literal(2), descending: false },
        ],
      },
    ],
    ['select * from test where id = 1 for update', { kind: 'select', lock: 'update' }],
    ['select * from test where id = 1 for no key update', { kind: 'select', lock: 'no key update' }],
    ['select * from test where value > 1 for share', { kind: 'select', lock: 'share' }],
    ['select * from test for key share', { kind: 'select', where: null, lock: 'key share' }],
    [
      'update test set value = value + 1, id = id where id = 1 returning value',
      {
        kind: 'update',
        target: { table: 'test' },
        assignments: [
          {
            column: 'value',
            value: { kind: 'arithmetic', operator: '+', left: column('value'), right: literal(1) },
          },
          { column: 'id', value: column('id') },
        ],
        where: { kind: 'comparison', operator: '=' },
        returning: [{ expression: column('value') }],
      },
    ],
    [
      'delete from test where value = 20 returning *',
      { kind: 'delete', where: { kind: 'comparison', right: literal(20) }, returning: [{ kind: 'star' }] },
    ],
    ['begin', { kind: 'begin', modes: { isolation: null, readOnly: null, deferrable: null } }],
    [
      'begin isolation level serializable read only deferrable',
      { kind: 'begin', modes: { isolation: 'serializable', readOnly: true, deferrable: true } },
    ],
    [
      'start transaction isolation level repeatable read, read write',
      { kind: 'begin', modes: { isolation: 'repeatable read', readOnly: false } },
    ],
    [
      'set transaction isolation level read committed',
      { kind: 'set-transaction', modes: { isolation: 'read committed', readOnly: null, deferrable: null } },
    ],
    ['commit', { kind: 'commit' }],
    ['end', { kind: 'commit' }],
    ['rollback', { kind: 'rollback' }],
    ['abort', { kind: 'rollback' }],
    ['drop table if exists test', { kind: 'drop-table', tables: ['test'], ifExists: true }],
    [
      "select 1 + 2 as three, true, null, -5, 'text' || 'more'",
      {
        kind: 'select',
        from: null,
        items: [
          {
            alias: 'three',
            expression: { kind: 'arithmetic', operator: '+', left: literal(1), right: literal(2) },
          },
          { expression: literal(true) },
          { expression: literal(null) },
          { expression: literal(-5) },
          { expression: { kind: 'arithmetic', operator: '||' } },
        ],
      },
    ],
  ])('reads %s', (sql, parsed) => {
    expect(parseStatement(sql)).toMatchObject({ ...parsed, text: sql });
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
    ['select * from test where id = any (select id from other)', 'ANY (…)'],
    ['select * from test where (id, value) in (select 1, 2)', 'row constructors (a, b)'],
    ['select value, count(*) from test group by value having count(*) > 1', 'HAVING'],
    ['select * from test limit 1 offset 1', 'OFFSET'],
    ['select distinct value from test', 'SELECT DISTINCT'],
    ['select * from test union select * from test', 'UNION'],
    ['with x as (select 1) select * from x', 'a WITH query that is not INSERT, UPDATE or DELETE'],
    ['with x as (delete from t returning *) select * from x', "reading a WITH query's rows"],
    ['with recursive x as (select 1) select 1', 'WITH RECURSIVE'],
    [
      'merge into t using s on t.id = s.id when matched and s.v > 1 then delete',
      'an AND condition on a WHEN clause of MERGE',
    ],
    [
      'merge into t using s on t.id = s.id when matched then delete when matched then update set v = 1',
      'several WHEN MATCHED clauses',
    ],
    [
      'merge into t using s on t.id = s.id when not matched by source then delete',
      'WHEN NOT MATCHED BY SOURCE',
    ],
    ["select * from test where name similar to 'a%'", 'SIMILAR (pattern matching)'],
    ["select * from test where name like 'a!%' escape '!'", 'LIKE … ESCAPE'],
    ['select * from pg_locks l join test t on l.relation = t.id', 'JOIN'],
    ['alter table test add column c varchar(10)', 'ADD COLUMN with a type modifier'],
    [
      'select id::regclass from test',
      'casts to the type regclass (the model takes them in queries on its system views only)',
    ],
    ['select now()', 'the function now()'],
    [
      'select avg(value) from test',
      'the aggregate avg() (it returns numeric; the model has count, sum, min and max)',
    ],
    ['select value::date from test', 'casts to the type date'],
    ['select case when value > 1 then 1 end from test', 'CASE'],
    ['select * from test limit all', 'LIMIT with anything but a whole number'],
    ['insert into test select * from other', 'INSERT … SELECT with FROM or other clauses'],
    ['insert into test select id, 1 from other', 'INSERT … SELECT with FROM or other clauses'],
    [
      'insert into test values (1, 2) on conflict on constraint test_pkey do nothing',
      'ON CONFLICT ON CONSTRAINT',
    ],
    ['create table t (a int) partition by hash (a)', 'PARTITION BY HASH'],
    ['alter table t drop column b', 'ALTER TABLE … DROP'],
    ['update test set value = 1 from other where other.id = test.id', 'UPDATE … FROM (a join)'],
    ['delete from test using other where other.id = test.id', 'DELETE … USING (a join)'],
    ['create table t (id int default 1)', 'DEFAULT on a column'],
    ['create index on test using gin (value)', 'gin indexes (the model has B-tree and hash)'],
    [
      'create table t (id money)',
      'the type money (the model has integer, bigint, numeric, text, character, boolean, date and timestamp columns)',
    ],
    ['create table t (id int unique)', 'UNIQUE on a column'],
    ['create table t (id int references p (id) on delete set default)', 'ON DELETE SET DEFAULT'],
    ['create table t (id int, check (id > 0))', 'CHECK constraints'],
    ['create table t (like u)', 'CREATE TABLE … (LIKE table)'],
    ["select current_setting('work_mem')", "current_setting('work_mem')"],
    ["set work_mem = '4MB'", 'SET work_mem (settings other than SET TRANSACTION)'],
    ["set local work_mem = '4MB'", 'SET work_mem (settings other than SET TRANSACTION)'],
    [
      'reset work_mem',
      'RESET work_mem (the model keeps statement_timeout, lock_timeout, deadlock_timeout, role)',
    ],
    [
      'create table u as select pg_advisory_lock(1)',
      'advisory-lock functions outside SELECT, UPDATE and DELETE',
    ],
    [
      'update t set v = 1 where id = 1 and pg_advisory_lock(1) is not null',
      'an advisory-lock call after another condition of WHERE',
    ],
    [
      'select id, pg_advisory_lock(1) from t',
      'advisory-lock functions here (only alone in a SELECT, or as … IS NOT NULL in WHERE)',
    ],
    ['select pg_advisory_lock(id) from t', 'pg_advisory_lock() with anything but a whole-number key'],
    ['select pg_try_advisory_lock(1)', 'the function pg_try_advisory_lock()'],
    [
      "create function f() returns trigger language plpgsql as 'begin insert into log values (1); return new; end'",
      'a PL/pgSQL body other than BEGIN RETURN NULL | NEW | OLD; END (the model does not interpret PL/pgSQL)',
    ],
    [
      "create function f(int) returns trigger language plpgsql as 'begin return null; end'",
      'CREATE FUNCTION with arguments',
    ],
    [
      "create function f() returns int language sql as 'select 1'",
      'CREATE FUNCTION returning int (the model has trigger functions only)',
    ],
    ["create function f() returns trigger language sql as 'select 1'", 'functions in LANGUAGE sql'],
    [
      "create or replace function f() returns trigger language plpgsql as 'begin return null; end'",
      'CREATE OR REPLACE FUNCTION',
    ],
    [
      'create trigger t before update on a for each row execute function f()',
      'BEFORE … FOR EACH ROW triggers (their value decides the row; the model runs AFTER and statement triggers)',
    ],
    ['create trigger t instead of insert on v for each row execute function f()', 'INSTEAD OF triggers'],
    [
      'create trigger t after update on a for each row when (new.i > 0) execute function f()',
      'triggers with WHEN',
    ],
    [
      'create constraint trigger t after insert on a for each row execute function f()',
      'constraint triggers',
    ],
    ['drop trigger t on a cascade', 'DROP … CASCADE'],
    ['alter table a disable trigger all', 'ALTER TABLE … DISABLE TRIGGER ALL'],
    ['alter table a enable always trigger t', 'ALTER TABLE … ENABLE ALWAYS TRIGGER'],
    ['alter table a enable row level security', 'ALTER TABLE … ENABLE ROW'],
    [
      'explain select * from t',
      "EXPLAIN with costs (the model prints plans with COSTS OFF: its planner's costs are not PostgreSQL's)",
    ],
    ['explain analyze select * from t', 'EXPLAIN ANALYZE'],
    ['explain (costs off, verbose) select * from t', 'EXPLAIN (VERBOSE)'],
    [
      'explain (costs off) select count(*) from t',
      'EXPLAIN of a query with aggregates or subqueries (Aggregate and SubPlan nodes)',
    ],
    [
      'explain (costs off) select * from t where id in (1, 2)',
      'EXPLAIN of a condition other than column op constant or column IS [NOT] NULL',
    ],
    ['explain (costs off) update t set v = 1', 'EXPLAIN of UPDATE'],
    ['select item from t group by lower(item)', 'GROUP BY an expression'],
    ['select item from t group by item order by item', 'GROUP BY with ORDER BY or LIMIT'],
    [
      'refresh materialized view s',
      'REFRESH MATERIALIZED VIEW without CONCURRENTLY (a new file swapped in: not MVCC-safe)',
    ],
    ['create materialized view s as select item from t with no data', 'WITH NO DATA (an unpopulated view)'],
    ['create materialized view s as select 1', 'a materialized view of anything but a query on a table'],
    ['truncate test cascade', 'TRUNCATE … CASCADE'],
    ['analyze (buffer_usage_limit 256) t', 'ANALYZE BUFFER_USAGE_LIMIT'],
    ["select nextval('s') + 1", 'nextval() here (only alone in a select list without a table)'],
    ["insert into t values (nextval('s'))", 'nextval() here (only alone in a select list without a table)'],
    ['alter sequence s owned by t.id', 'ALTER SEQUENCE … OWNED'],
    ['reindex index test_pkey', 'REINDEX INDEX without CONCURRENTLY (the model does not lock indexes)'],
    ['reindex database d', 'REINDEX DATABASE'],
    ['select * from d.s.t', 'names with a database part'],
    ['create schema s authorization r', 'CREATE SCHEMA with AUTHORIZATION or elements'],
    ['grant select on all tables in schema public to r', 'GRANT … ON ALL'],
    ['create role r superuser', 'CREATE ROLE … SUPERUSER'],
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
    ['create table t (a int, primary key (a) include (b))', 'column "b" named in key does not exist'],
    ['set debug_parallel_query = on off', "unexpected 'off'"],
    ["set lock_timeout = 'soon'", 'invalid value for parameter "lock_timeout": "soon"'],
  ])('reports a syntax error in %s', (sql, message) => {
    expect(() => parseStatement(sql)).toThrow(SqlSyntaxError);
    expect(() => parseStatement(sql)).toThrow(message);
  });
});
