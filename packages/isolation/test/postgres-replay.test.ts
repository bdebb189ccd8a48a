/**
 * PostgreSQL's shortcut for serial replays (postgres-replay.ts) gives what the general way
 * gives, and declines where it could not: sequences, deferrable constraints, session setups
 * that do more than begin a transaction, and errors.
 */
import {
  findScenario,
  type IsolationEngine,
  parseSpec,
  runPermutation,
  type Scenario,
  startPostgresEngine,
} from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerialReplayStep } from '../src/engines/engine.ts';
import { findStep } from '../src/spec/scenario.ts';

let engine: IsolationEngine;
beforeAll(async () => {
  engine = await startPostgresEngine();
}, 120_000);
afterAll(() => engine.close(), 60_000);

/** The plan a verdict's replay of `steps` would make: the first step of each session begins it. */
function plan(scenario: Scenario, steps: string[]): { setups: []; steps: SerialReplayStep[] } {
  const begun = new Set<string>();
  return {
    setups: [],
    steps: steps.map((name) => {
      const step = findStep(scenario, name);
      if (step === undefined) throw new Error(`no step ${name}`);
      const begin = begun.has(step.session) ? null : 'transaction';
      begun.add(step.session);
      return { name, session: step.session, sql: step.sql, begin };
    }),
  };
}

const replay = (scenario: Scenario, steps: string[]) =>
  engine.replayInOneTransaction?.(scenario, plan(scenario, steps)) ?? Promise.resolve(null);

describe('serial replays in one transaction', () => {
  it('read and leave what a fresh copy reads and leaves, and leave the replay database unchanged', async () => {
    const scenario = await findScenario('g2-item');
    const steps = ['s2r', 's2w2', 's2c', 's1r', 's1w1', 's1c'];
    const general = await runPermutation({ engine, scenario, level: 'read-committed', permutation: steps });
    for (let i = 0; i < 2; i++) {
      const quick = await replay(scenario, steps);
      expect(quick?.final).toEqual(general.final);
      expect(quick?.results.map((r) => [r.rows, r.command, r.error])).toEqual(
        general.steps.map((s) => [s.rows, s.command, s.error]),
      );
      expect(quick?.results.map((r) => r.ended)).toEqual([null, null, 'commit', null, null, 'commit']);
    }
  });

  it('decline sequences, deferrable constraints, busy session setups and errors', async () => {
    const withSequence = parseSpec(
      `setup { create table log (id serial primary key, note text); }
       session A
       step a { insert into log (note) values ('a') returning id; }
       step c { commit; }`,
      'sequence.spec',
    );
    expect(await replay(withSequence, ['a', 'c'])).toBeNull();

    const deferrable = parseSpec(
      `setup { create table t (id int primary key deferrable initially deferred); }
       session A
       step a { insert into t values (1); }`,
      'deferrable.spec',
    );
    expect(await replay(deferrable, ['a'])).toBeNull();

    const failing = parseSpec(
      `setup { create table t (id int primary key); insert into t values (1); }
       session A
       step a { insert into t values (1); }`,
      'failing.spec',
    );
    expect(await replay(failing, ['a'])).toBeNull();
    // The replay database is as the setup left it afterwards.
    const ok = parseSpec(
      `setup { create table t (id int primary key); insert into t values (1); }
       session A
       step a { insert into t values (2); }
       step r { select count(*) as n from t; }`,
      'ok.spec',
    );
    expect((await replay(ok, ['a', 'r']))?.results[1]?.rows).toEqual({ columns: ['n'], rows: [[2]] });
    expect((await replay(ok, ['a', 'r']))?.results[1]?.rows).toEqual({ columns: ['n'], rows: [[2]] });

    const busySetup = parseSpec(
      `setup { create table t (id int); }
       session A
       setup { set enable_seqscan = off; }
       step a { select * from t; }`,
      'setup.spec',
    );
    const steps = plan(busySetup, ['a']);
    expect(
      await engine.replayInOneTransaction?.(busySetup, {
        setups: [{ session: 'A', sql: 'set enable_seqscan = off;' }],
        steps: steps.steps,
      }),
    ).toBeNull();
  });
});
