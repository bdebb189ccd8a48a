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

describe('refusing a scenario outside the subset', () => {
  const spec = `setup { create table t (id int primary key, n numeric); }
session T1
step s1 { savepoint a; select * from t where id = 1; }
step s2 { select * from t join t u on true; lock table t; }
step s3 { commit; }`;

  it('lists every construct of the file, each with its block and line', () => {
    const uses = findUnsupported(parseSpec(spec, 'x.spec'));
    expect(uses.map((use) => [use.where, use.line, use.construct])).toEqual([
      ['the setup block', 1, 'the type numeric (the model has integer, bigint, text and boolean columns)'],
      ['step s1', 3, 'SAVEPOINT'],
      ['step s2', 4, 'JOIN'],
      ['step s2', 4, 'LOCK TABLE'],
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
      'the setup block uses the type numeric (the model has integer, bigint, text and boolean columns), which the model engine does not support ("create table t (id int primary key, n numeric);"); and 3 more: step s1 uses SAVEPOINT (line 3); step s2 uses JOIN (line 4); step s2 uses LOCK TABLE (line 4)',
    );
    expect(refused.hint).toContain('--engine postgres');
  });
});
