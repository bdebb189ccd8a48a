/**
 * The scheduler shared by every engine, driven through a toy lock engine (lock-engine.ts):
 * waits reported and resumed, steps of a waiting session postponed, a deadlock left to the
 * engine's detector, a wait nothing can end cancelled, transactions begun by the runner.
 */
import { parseSpec, runPermutation } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { lockEngine } from './lock-engine.ts';

const twoSessions = parseSpec(`
session T1
step a1 { lock a; }
step b1 { lock b; }
step r1 { read; }
step c1 { commit; }
session T2
step b2 { lock b; }
step a2 { lock a; }
step c2 { commit; }
`);

const run = (permutation: string[], engine = lockEngine()) =>
  runPermutation({ engine, scenario: twoSessions, level: 'serializable-2pl', permutation });

const eventsOf = (outcome: Awaited<ReturnType<typeof run>>) =>
  outcome.events.map((e) => `${e.kind} ${e.step}${e.kind === 'wait' ? ` for ${e.waitsFor.join(',')}` : ''}`);

describe('runPermutation', () => {
  it('reports a blocked step as waiting, goes on, and reports it finished after the step that freed it', async () => {
    const outcome = await run(['a1', 'a2', 'c1', 'c2']);
    expect(eventsOf(outcome)).toEqual(['step a1', 'wait a2 for T1', 'step c1', 'finish a2', 'step c2']);
    const a2 = outcome.steps.find((s) => s.step === 'a2');
    expect(a2).toMatchObject({
      status: 'resumed',
      waitedFor: ['T1'],
      finishedAfter: 'c1',
      postponedBehind: null,
    });
    expect(outcome.sessions).toEqual([
      { session: 'T1', status: 'committed', endedBy: { step: 'c1', event: 2 } },
      { session: 'T2', status: 'committed', endedBy: { step: 'c2', event: 4 } },
    ]);
    expect(outcome.commitOrder).toEqual(['T1', 'T2']);
    expect(outcome.steps.map((s) => s.step)).toEqual(['a1', 'a2', 'c1', 'c2']);
  });

  it('postpones a step whose session still waits, and runs it as soon as the wait ends', async () => {
    const outcome = await run(['a1', 'a2', 'c2', 'r1', 'c1']);
    expect(eventsOf(outcome)).toEqual([
      'step a1',
      'wait a2 for T1',
      'postpone c2',
      'step r1',
      'step c1',
      'finish a2',
      'step c2',
    ]);
    expect(outcome.steps.find((s) => s.step === 'c2')).toMatchObject({ status: 'ok', postponedBehind: 'a2' });
    expect(outcome.steps.find((s) => s.step === 'r1')?.rows).toEqual({ columns: ['held'], rows: [['a']] });
    // Steps are listed in the order they were issued.
    expect(outcome.steps.map((s) => s.step)).toEqual(['a1', 'a2', 'r1', 'c1', 'c2']);
  });

  it("lets the engine's deadlock detector break a wait cycle after the last step", async () => {
    const outcome = await run(['a1', 'b2', 'b1', 'a2', 'c1', 'c2']);
    expect(eventsOf(outcome)).toEqual([
      'step a1',
      'step b2',
      'wait b1 for T2',
      'wait a2 for T1',
      'postpone c1',
      'postpone c2',
      'finish b1',
      'finish a2',
      'step c1',
      'step c2',
    ]);
    const b1 = outcome.steps.find((s) => s.step === 'b1');
    expect(b1).toMatchObject({ status: 'error', waitedFor: ['T2'], finishedAfter: 'a2' });
    expect(b1?.error?.code).toBe('40P01');
    expect(outcome.steps.find((s) => s.step === 'a2')).toMatchObject({
      status: 'resumed',
      finishedAfter: 'b1',
    });
    expect(outcome.sessions.map((s) => [s.session, s.status])).toEqual([
      ['T1', 'aborted'],
      ['T2', 'committed'],
    ]);
    expect(outcome.commitOrder).toEqual(['T2']);
  });

  it('cancels a wait nothing can end, and the steps queued behind it never run', async () => {
    const outcome = await run(['a1', 'a2', 'c2']);
    expect(eventsOf(outcome)).toEqual(['step a1', 'wait a2 for T1', 'postpone c2', 'abandon a2']);
    expect(outcome.steps.map((s) => [s.step, s.status, s.postponedBehind])).toEqual([
      ['a1', 'ok', null],
      ['a2', 'waiting', null],
      ['c2', 'waiting', 'a2'],
    ]);
    expect(outcome.sessions.map((s) => s.status)).toEqual(['unfinished', 'unfinished']);
  });

  it("skips the rest of a permutation a client could not issue, when asked to, as PostgreSQL's older tester did", async () => {
    const outcome = await runPermutation({
      engine: lockEngine(),
      scenario: twoSessions,
      level: 'serializable-2pl',
      permutation: ['a1', 'a2', 'c2', 'c1'],
      whenSessionWaits: 'skip',
    });
    expect(outcome.skipped).toEqual({ step: 'c2', behind: 'a2' });
    expect(eventsOf(outcome)).toEqual(['step a1', 'wait a2 for T1', 'abandon a2']);
    expect((await run(['a1', 'a2', 'c1', 'c2'])).skipped).toBeNull();
  });

  it('refuses a session setup that waits for a lock no other session will release', async () => {
    const scenario = parseSpec(
      `session A
setup { lock a; }
step a1 { read; }
session B
setup { lock a; }
step b1 { read; }`,
      'setups.spec',
    );
    await expect(
      runPermutation({
        engine: lockEngine(),
        scenario,
        level: 'serializable-2pl',
        permutation: ['a1', 'b1'],
      }),
    ).rejects.toThrow("session B's setup waits for a lock that no other session will release");
  });

  it("begins a session's transaction with its first step only, unless the session begins its own", async () => {
    const engine = lockEngine();
    const scenario = parseSpec(`
session Mine
step m1 { lock a; }
step m2 { commit; }
session Own
setup { begin isolation level serializable; }
step o1 { lock b; }
step o2 { commit; }
session Auto
step x1 { lock c; }
`);
    await runPermutation({
      engine,
      scenario,
      level: 'serializable-2pl',
      permutation: ['m1', 'o1', 'x1', 'm2', 'o2'],
    });
    expect(engine.log.issued.map((i) => [i.session, i.sql, i.begin])).toEqual([
      ['Own', 'begin isolation level serializable;', null],
      ['Mine', 'lock a;', 'transaction'],
      ['Own', 'lock b;', null],
      ['Auto', 'lock c;', null],
      ['Mine', 'commit;', null],
      ['Own', 'commit;', null],
    ]);
  });
});
