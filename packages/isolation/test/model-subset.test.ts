/**
 * The model's SQL subset as it grows toward PostgreSQL's own isolation suite: what each new
 * construct parses to, and that a scenario outside the subset is refused with every construct
 * it uses, not only the first. Agreement with PostgreSQL on the new constructs is checked by
 * model-agreement.test.ts (model-probes/nowait-skip-locked.spec) and by
 * `dbplay isolation conformance` over exercises/isolation/postgres-suite.
 */
import { BadInputError } from '@dbplay/core';
import { parseSpec, runPermutation, startModelEngine } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { findUnsupported } from '../src/model/sql/find-unsupported.ts';
import { parseStatement } from '../src/model/sql/parse-sql.ts';

describe('locking clauses: NOWAIT, SKIP LOCKED, LIMIT', () => {
  it.each([
    ['select * from t for update', { lock: 'update', waitPolicy: 'block', limit: null }],
    ['select * from t for share nowait', { lock: 'share', waitPolicy: 'nowait', limit: null }],
    [
      'select * from t for no key update skip locked',
      { lock: 'no key update', waitPolicy: 'skip locked', limit: null },
    ],
    [
      'select * from t order by id limit 1 for update skip locked',
      { lock: 'update', waitPolicy: 'skip locked', limit: 1 },
    ],
    [
      'select * from t for key share skip locked limit 2',
      { lock: 'key share', waitPolicy: 'skip locked', limit: 2 },
    ],
    ['select * from t limit 0', { lock: null, waitPolicy: 'block', limit: 0 }],
  ])('%s', (sql, expected) => {
    expect(parseStatement(sql)).toMatchObject({ kind: 'select', ...expected });
  });

  it.each([
    ['select * from t limit 1 + 1', 'LIMIT with anything but a whole number'],
    ['select * from t for update skip', 'expected LOCKED, found the end of the statement'],
    ['select * from t limit 1 offset 1', 'OFFSET'],
  ])('refuses %s', (sql, message) => {
    expect(() => parseStatement(sql)).toThrow(message);
  });

  it('NOWAIT fails with 55P03 at once; SKIP LOCKED leaves the held row out; LIMIT counts the rows locked', async () => {
    const engine = await startModelEngine();
    const scenario = parseSpec(
      `setup { create table q (id int primary key); insert into q values (1), (2), (3); }
session T1
step a { select id from q where id = 1 for update; }
step ac { commit; }
session T2
step n { select id from q where id = 1 for update nowait; }
step nc { rollback; }
session T3
step k { select id from q order by id for update skip locked limit 2; }
step kc { commit; }`,
      'q.spec',
    );
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: ['a', 'n', 'k', 'ac', 'nc', 'kc'],
    });
    const step = (name: string) => outcome.steps.find((s) => s.step === name);
    expect(step('n')?.error).toMatchObject({
      code: '55P03',
      message: 'could not obtain lock on row in relation "q"',
    });
    expect(step('n')?.waitedFor).toEqual([]);
    expect(step('k')?.rows?.rows).toEqual([[2], [3]]);
    expect(step('k')?.status).toBe('ok');
  });
});

describe('COALESCE', () => {
  const select = async (sql: string) => {
    const engine = await startModelEngine();
    const scenario = parseSpec(
      `setup { create table t (id int primary key, a int, b bigint, s text); insert into t values (1, null, 7, null); }
session T1
step r { ${sql} }`,
      'c.spec',
    );
    const outcome = await runPermutation({ engine, scenario, level: 'read-committed', permutation: ['r'] });
    const step = outcome.steps[0];
    return step?.error === null ? step.rows : `${step?.error.code} ${step?.error.message}`;
  };

  it('parses its arguments', () => {
    expect(parseStatement('select coalesce(a, 1) from t')).toMatchObject({
      items: [{ expression: { kind: 'coalesce', arguments: [{ kind: 'column' }, { kind: 'literal' }] } }],
    });
  });

  it.each([
    ['select coalesce(a, 1) from t', { columns: ['coalesce'], rows: [[1]] }],
    ['select coalesce(a, b) as x from t', { columns: ['x'], rows: [[7]] }],
    ["select coalesce(s, 'none') from t", { columns: ['coalesce'], rows: [['none']] }],
    ['select coalesce(null, null) from t', { columns: ['coalesce'], rows: [[null]] }],
    ['select coalesce(max(a) + 1, 1) from t where id = 2', { columns: ['coalesce'], rows: [[1]] }],
    // Later arguments are not evaluated once one is not null …
    ['select coalesce(b, 1 / a) from t', { columns: ['coalesce'], rows: [[7]] }],
    ['select coalesce(2, 1 / 0) from t', { columns: ['coalesce'], rows: [[2]] }],
    ['select coalesce(a, 3, 1 / 0) from t', { columns: ['coalesce'], rows: [[3]] }],
    // … but the planner folds a constant argument before any row is read, errors included.
    ['select coalesce(b, 1 / 0) from t', '22012 division by zero'],
    ["select coalesce(a, 'x') from t", '22P02 invalid input syntax for type integer: "x"'],
    ['select coalesce(a, s) from t', '42804 COALESCE types integer and text cannot be matched'],
  ])('%s', async (sql, expected) => {
    expect(await select(sql)).toEqual(expected);
  });
});

describe('numeric', () => {
  const select = async (sql: string) => {
    const engine = await startModelEngine();
    const scenario = parseSpec(
      `setup { create table t (id int primary key, n numeric, i int); insert into t values (1, 10.50, 2); }
session T1
step r { ${sql} }`,
      'n.spec',
    );
    const outcome = await runPermutation({ engine, scenario, level: 'read-committed', permutation: ['r'] });
    const step = outcome.steps[0];
    return step?.error === null ? step.rows?.rows : `${step?.error.code} ${step?.error.message}`;
  };

  it.each([
    // A number when PostgreSQL's text of it reads back the same, else the text, scale kept.
    [
      'select n, n + 1, n - 0.5, n * 2, n * i, -n from t',
      [['10.50', '11.50', '10.00', '21.00', '21.00', '-10.50']],
    ],
    ['select 1.5 + 1, 0.1 + 0.2, 2 * 1.25, 1e3, 1.50 from t', [[2.5, 0.3, '2.50', 1000, '1.50']]],
    ["select n from t where n = '10.5' and n > 10 and n between 10.4 and 10.6", [['10.50']]],
    ['select sum(n), min(n), max(n + i) from t', [['10.50', '10.50', '12.50']]],
    ['select coalesce(n, 0) from t', [['10.50']]],
    [
      'select n / 2 from t',
      "0A000 the model does not compute numeric division (PostgreSQL's result scale rules); run this on --engine postgres",
    ],
    ["select n + 'x' from t", '22P02 invalid input syntax for type numeric: "x"'],
    ["select n || 'x', n = 'a' from t", '22P02 invalid input syntax for type numeric: "a"'],
  ])('%s', async (sql, expected) => {
    expect(await select(sql)).toEqual(expected);
  });

  it('rounds half away from zero when a numeric is assigned to an integer column (numeric_int4)', async () => {
    const engine = await startModelEngine();
    const scenario = parseSpec(
      `setup { create table t (id int primary key, i int); insert into t values (1, 2.5), (2, -2.5), (3, 2.49); }
session T1
step r { select i from t order by id; }`,
      'r.spec',
    );
    const outcome = await runPermutation({ engine, scenario, level: 'read-committed', permutation: ['r'] });
    expect(outcome.steps[0]?.rows?.rows).toEqual([[3], [-3], [2]]);
  });

  it.each([['create table t (a decimal primary key)', 'a numeric primary key']])(
    'refuses %s',
    (sql, construct) => {
      expect(() => parseStatement(sql)).toThrow(construct);
    },
  );
});

describe('refusing a scenario outside the subset', () => {
  const spec = `setup { create table t (id int primary key, n money); }
session T1
step s1 { truncate t cascade; select * from t where id = 1; }
step s2 { select * from t join t u on true; create index on t using gist (n); }
step s3 { commit; }`;

  it('lists every construct of the file, each with its block and line', () => {
    const uses = findUnsupported(parseSpec(spec, 'x.spec'));
    expect(uses.map((use) => [use.where, use.line, use.construct])).toEqual([
      [
        'the setup block',
        1,
        'the type money (the model has integer, bigint, numeric, text, character, boolean, date and timestamp columns)',
      ],
      ['step s1', 3, 'TRUNCATE … CASCADE'],
      ['step s2', 4, 'JOIN'],
      ['step s2', 4, 'gist indexes (the model has B-tree and hash)'],
    ]);
  });

  it('the model engine names the first with its line, then the others, and points to the real engines', async () => {
    const engine = await startModelEngine();
    const scenario = parseSpec(spec, 'x.spec');
    const error = await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: ['s3'],
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadInputError);
    const refused = error as BadInputError;
    expect(refused.location).toEqual({ file: 'x.spec', line: 1 });
    expect(refused.message).toBe(
      'the setup block uses the type money (the model has integer, bigint, numeric, text, character, boolean, date and timestamp columns), which the model engine does not support ("create table t (id int primary key, n money);"); and 3 more: step s1 uses TRUNCATE … CASCADE (line 3); step s2 uses JOIN (line 4); step s2 uses gist indexes (the model has B-tree and hash) (line 4)',
    );
    expect(refused.hint).toContain('--engine postgres');
  });
});
