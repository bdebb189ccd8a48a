/**
 * Bad input to the model engine: SQL outside its subset is refused before the run starts, as
 * a bad-input error with the file, the line and the step, naming the construct and pointing
 * to the real engines; a setup that fails says so with its line. SQL the subset reads but
 * PostgreSQL would refuse at run time fails in the step with PostgreSQL's SQLSTATE and
 * message, and the run goes on, as it does on PostgreSQL.
 */
import { BadInputError } from '@dbplay/core';
import { type IsolationLevel, parseSpec, runPermutation, startModelEngine } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';

const engine = await startModelEngine();
const setup =
  'setup { create table test (id int primary key, value int not null); insert into test values (1, 10), (2, 20); }';

async function failure(spec: string): Promise<BadInputError> {
  const scenario = parseSpec(spec, 'bad.spec');
  try {
    await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: scenario.sessions.flatMap((s) => s.steps.map((step) => step.name)),
    });
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('the run did not fail');
}

async function stepErrors(statements: readonly string[], level: IsolationLevel = 'read-committed') {
  const steps = statements.map((sql, i) => `step s${i + 1} { ${sql} }`).join('\n');
  const scenario = parseSpec(`${setup}\nsession T1\n${steps}\nstep sc { commit; }`, 'errors.spec');
  const outcome = await runPermutation({
    engine,
    scenario,
    level,
    permutation: [...statements.map((_, i) => `s${i + 1}`), 'sc'],
  });
  return outcome.steps.map((step) =>
    step.error === null ? (step.command ?? 'ok') : `${step.error.code} ${step.error.message}`,
  );
}

/** What one statement, alone in its transaction, answers. */
const one = async (sql: string) => (await stepErrors([sql]))[0];

describe('SQL outside the model’s subset', () => {
  it('is refused before anything runs, with the step, its line, the construct and the real engines', async () => {
    const error = await failure(`${setup}
session T1
step s1 { select * from test t join test u on t.id = u.id; }
step s2 { commit; }`);
    expect(error.message).toBe(
      'step s1 uses JOIN, which the model engine does not support ("select * from test t join test u on t.id = u.id;")',
    );
    expect(error.location).toEqual({ file: 'bad.spec', line: 3 });
    expect(error.hint).toContain('--engine postgres or --engine sqlite');
    expect(error.oneLine()).toContain('bad.spec:3: step s1 uses JOIN');
  });

  it('names a session setup or the scenario setup that uses it', async () => {
    const session = await failure(`${setup}
session T1
setup { set work_mem = '1MB'; }
step s1 { commit; }`);
    expect(session.message).toContain(
      "session T1's setup uses SET work_mem (settings other than SET TRANSACTION)",
    );
    expect(session.location?.line).toBe(3);
    const top = await failure(`setup { create table t (id int default 1); }
session T1
step s1 { commit; }`);
    expect(top.message).toContain('the setup block uses DEFAULT on a column');
    expect(top.location?.line).toBe(1);
  });

  it('reports SQL it cannot read at all with what was expected', async () => {
    const error = await failure(`${setup}
session T1
step s1 { update test set value 11 where id = 1; }`);
    expect(error.message).toBe(
      "step s1 is not SQL the model can read: expected '=', found '11' (\"update test set value 11 where id = 1;\")",
    );
  });

  it('a setup that fails on the model is bad input, with its line', async () => {
    const error =
      await failure(`setup { create table test (id int primary key); insert into test values (1), (1); }
session T1
step s1 { commit; }`);
    expect(error.message).toBe(
      'the setup block failed on the model: duplicate key value violates unique constraint "test_pkey"',
    );
    expect(error.location?.line).toBe(1);
  });
});

describe('errors PostgreSQL raises at run time, with its SQLSTATEs', () => {
  it('reports unknown tables and columns, type errors, and arithmetic errors', async () => {
    expect(
      await stepErrors([
        'select * from nothere;',
        'select nothere from test;',
        "select * from test where value = 'abc';",
        'select * from test where value;',
        "select * from test where id = 1 and 'a' || value = 3;",
        'select value / 0 from test;',
        'select value * 1000000000 from test;',
      ]),
    ).toEqual([
      '42P01 relation "nothere" does not exist',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
      'ROLLBACK',
    ]);
    // One at a time, each in its own transaction:
    expect(await one('select nothere from test;')).toBe('42703 column "nothere" does not exist');
    expect(await one("select * from test where value = 'abc';")).toBe(
      '22P02 invalid input syntax for type integer: "abc"',
    );
    expect(await one('select * from test where value;')).toBe(
      '42804 argument of WHERE must be type boolean, not type integer',
    );
    expect(await one("select * from test where id = 'a';")).toBe(
      '22P02 invalid input syntax for type integer: "a"',
    );
    expect(await one('select * from test where id = true;')).toBe(
      '42883 operator does not exist: integer = boolean',
    );
    expect(await one('select value / 0 from test;')).toBe('22012 division by zero');
    expect(await one('select value * 1000000000 from test;')).toBe('22003 integer out of range');
    expect(await one('select id, count(*) from test;')).toBe(
      '42803 column "test.id" must appear in the GROUP BY clause or be used in an aggregate function',
    );
    expect(await one('select count(*) from test for update;')).toBe(
      '0A000 FOR UPDATE is not allowed with aggregate functions',
    );
    expect(await one('select * from test where count(*) > 1;')).toBe(
      '42803 aggregate functions are not allowed in WHERE',
    );
  });

  it('fails, rather than answer unlike PostgreSQL, where the model knows too little: pg_settings, EXPLAIN', async () => {
    expect(await one("select setting from pg_settings where name = 'work_mem';")).toBe(
      "0A000 the model's pg_settings answers WHERE name = one of 'default_transaction_isolation', 'enable_seqscan', 'enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan'",
    );
    expect(
      await stepErrors(['prepare q as update test set value = 1;', 'explain (costs off) execute q;']),
    ).toEqual(['PREPARE', '0A000 the model cannot EXPLAIN update', 'ROLLBACK']);
  });

  it('reports constraint violations on insert and update', async () => {
    expect(await one('insert into test values (1, 11);')).toBe(
      '23505 duplicate key value violates unique constraint "test_pkey"',
    );
    expect(await one('insert into test (id) values (3);')).toBe(
      '23502 null value in column "value" of relation "test" violates not-null constraint',
    );
    expect(await one('update test set value = null where id = 1;')).toBe(
      '23502 null value in column "value" of relation "test" violates not-null constraint',
    );
    expect(await one('insert into test values (3, 30, 300);')).toBe(
      '42601 INSERT has more expressions than target columns',
    );
    expect(await one('update test set nothere = 1;')).toBe(
      '42703 column "nothere" of relation "test" does not exist',
    );
  });

  it('checks ON CONFLICT as PostgreSQL analyses it, and a row the same command touched twice', async () => {
    expect(await one('insert into test values (1, 11) on conflict (value) do nothing;')).toBe(
      '42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification',
    );
    expect(await one('insert into test values (1, 11) on conflict do update set value = 1;')).toBe(
      '42601 ON CONFLICT DO UPDATE requires inference specification or constraint name',
    );
    expect(
      await one('insert into test values (1, 11) on conflict (id) do update set value = value + 1;'),
    ).toBe('42702 column reference "value" is ambiguous');
    expect(
      await one(
        'insert into test values (3, 1), (3, 2) on conflict (id) do update set value = test.value + 1;',
      ),
    ).toBe('21000 ON CONFLICT DO UPDATE command cannot affect row a second time');
    expect(await one('insert into test values (1, 11), (3, 30) on conflict do nothing;')).toBe('INSERT 0 1');
  });

  it('refuses writes in a read-only transaction, and a late SET TRANSACTION', async () => {
    const scenario = parseSpec(
      `${setup}
session T1
setup { begin isolation level repeatable read read only; }
step s1 { update test set value = 0; }
step s2 { rollback; }
session T2
setup { begin; }
step t1 { select * from test; }
step t2 { set transaction isolation level serializable; }
step t3 { rollback; }`,
      'read-only.spec',
    );
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: ['s1', 's2', 't1', 't2', 't3'],
    });
    expect(outcome.steps.map((step) => step.error?.code ?? step.command)).toEqual([
      '25006',
      'ROLLBACK',
      'SELECT 2',
      '25001',
      'ROLLBACK',
    ]);
    expect(outcome.steps[0]?.error?.message).toBe('cannot execute UPDATE in a read-only transaction');
  });

  it('takes SAVEPOINT, RELEASE and ROLLBACK TO only in a transaction block, and a savepoint that is set (PostgreSQL xact.c)', async () => {
    expect(await stepErrors(['savepoint a', 'release savepoint a', 'savepoint b', 'release b'])).toEqual([
      'SAVEPOINT',
      'RELEASE',
      'SAVEPOINT',
      'RELEASE',
      'COMMIT',
    ]);
    expect(await stepErrors(['savepoint a', 'release a', 'release a'])).toEqual([
      'SAVEPOINT',
      'RELEASE',
      '3B001 savepoint "a" does not exist',
      'ROLLBACK',
    ]);
    // A failed block recovers with ROLLBACK TO a savepoint that is set, which stays set.
    expect(
      await stepErrors(['savepoint a', 'rollback to b', 'rollback to a', 'rollback to savepoint a']),
    ).toEqual(['SAVEPOINT', '3B001 savepoint "b" does not exist', 'ROLLBACK', 'ROLLBACK', 'COMMIT']);
    // Outside a block (the autocommit session runs each statement alone).
    const scenario = parseSpec(
      `${setup}\nsession T1\nstep s1 { savepoint a; }\nstep s2 { release a; }\nstep s3 { rollback to a; }\nstep s4 { lock table test; }`,
      'x.spec',
    );
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'read-committed',
      permutation: ['s1', 's2', 's3', 's4'],
    });
    expect(outcome.steps.map((step) => `${step.error?.code} ${step.error?.message}`)).toEqual([
      '25P01 SAVEPOINT can only be used in transaction blocks',
      '25P01 RELEASE SAVEPOINT can only be used in transaction blocks',
      '25P01 ROLLBACK TO SAVEPOINT can only be used in transaction blocks',
      '25P01 LOCK TABLE can only be used in transaction blocks',
    ]);
  });
});
