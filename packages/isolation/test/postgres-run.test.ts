/**
 * The runner on the real PostgreSQL, where it once differed from PostgreSQL's own isolation
 * tester (issue 13's last runner differences), each case a spec small enough to read:
 *
 * - a wait on an object lock (not a table or a row) is seen as a wait: the tester's
 *   pg_isolation_test_session_is_blocked covers every heavyweight lock;
 * - a wait that the session's own lock_timeout ends after the last step is reported with
 *   PostgreSQL's error, as the tester waits for it, not cancelled as a wait nothing can end;
 * - the embedded server runs with autovacuum on, as PostgreSQL's suite does, so CREATE INDEX
 *   records the table's size and the planner picks the plans the expected outputs show;
 * - the spec's setup runs with the sessions' settings (the suite's time zone), as the tester's
 *   setup connection is opened like the sessions', so a timestamptz literal in the setup and
 *   the same literal in a step are the same instant (classroom-scheduling).
 */
import { type IsolationEngine, parseSpec, runPermutation, startPostgresEngine } from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asWritten } from '../src/conformance/run-conformance.ts';

let engine: IsolationEngine;
beforeAll(async () => {
  engine = await startPostgresEngine();
}, 120_000);
afterAll(() => engine.close(), 60_000);

const run = (spec: string, permutation: string[]) =>
  runPermutation({ engine, scenario: parseSpec(spec), level: 'read-committed', permutation });

describe('the runner on PostgreSQL', () => {
  it('sees a wait on an object lock: DROP ROLE waits for a transaction that made the role an owner', async () => {
    const outcome = await run(
      `setup { create role dbplay_test_owner; create function f() returns int language sql return 1; }
       teardown { drop function f(); drop role dbplay_test_owner; }
       session s1
       step b1 { begin; }
       step own { alter function f() owner to dbplay_test_owner; }
       step c1 { commit; }
       session s2
       step drop { drop role dbplay_test_owner; }`,
      ['b1', 'own', 'drop', 'c1'],
    );
    const drop = outcome.steps.find((step) => step.step === 'drop');
    expect(drop).toMatchObject({ status: 'error', waitedFor: ['s1'], finishedAfter: 'c1' });
    expect(drop?.error?.message).toBe(
      'role "dbplay_test_owner" cannot be dropped because some objects depend on it',
    );
  });

  it("reports a last step ended by its session's lock_timeout with PostgreSQL's error", async () => {
    const outcome = await run(
      `setup { create table t (id int primary key); }
       session s1
       setup { begin; }
       step lock1 { lock table t; }
       teardown { rollback; }
       session s2
       step timeout { set lock_timeout = '300ms'; }
       step read2 { select * from t; }`,
      ['lock1', 'timeout', 'read2'],
    );
    const read = outcome.steps.find((step) => step.step === 'read2');
    expect(read).toMatchObject({ status: 'error', waitedFor: ['s1'] });
    expect(read?.error).toMatchObject({ code: '55P03', message: 'canceling statement due to lock timeout' });
  });

  it('runs with autovacuum on, so CREATE INDEX records the size of the table it indexes', async () => {
    const outcome = await run(
      `setup {
         create table t (id int, v int);
         insert into t select g, g from generate_series(1, 100) g;
         create index on t (v);
       }
       session s1
       step size { select relpages, reltuples from pg_class where relname = 't'; }`,
      ['size'],
    );
    expect(outcome.steps[0]?.rows?.rows).toEqual([[1, 100]]);
  });

  it("runs the spec's setup with the sessions' settings, so a timestamptz literal means one instant", async () => {
    const settings = "set timezone = 'America/Los_Angeles'";
    const outcome = await runPermutation({
      engine: asWritten(engine, settings),
      scenario: parseSpec(
        `setup { create table r (start_time timestamptz); insert into r values ('2010-04-01 10:00'); }
         session s1
         step same { select start_time = timestamptz '2010-04-01 10:00' as same from r; }`,
      ),
      level: engine.defaultLevel,
      permutation: ['same'],
    });
    expect(outcome.steps[0]?.rows?.rows).toEqual([[true]]);
  });
});
