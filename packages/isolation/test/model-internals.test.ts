/**
 * The model's internals, one mechanism at a time: tracing is free when off, snapshots are
 * taken at the first statement, heap-only tuples and index entries, SIREAD lock promotion,
 * the deadlock detector's victim and report, EvalPlanQual's re-check, and the dependency
 * graph's cycles named by Adya's classes.
 */
import {
  type DsgEdge,
  findScenario,
  type IsolationLevel,
  type ModelInternals,
  modelDetails,
  parseSpec,
  runPermutation,
  runScenario,
  type Scenario,
  startModelEngine,
} from '@dbplay/isolation';
import { describe, expect, it, vi } from 'vitest';
import { classifyCycle, singleAntiDependencyShape } from '../src/model/dsg/classify-cycle.ts';

// Count every picture of the internals the model takes.
const captured = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/model/trace/capture-internals.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/model/trace/capture-internals.ts')>();
  return {
    ...original,
    captureInternals: (...args: Parameters<typeof original.captureInternals>) => {
      captured.count++;
      return original.captureInternals(...args);
    },
  };
});

const engine = await startModelEngine();
const twoRows =
  'setup { create table test (id int primary key, value int); insert into test values (1, 10), (2, 20); }';

async function run(spec: string, level: IsolationLevel, permutation: string[], trace = false) {
  const scenario: Scenario = parseSpec(spec, 'internals.spec');
  return runPermutation({ engine, scenario, level, permutation, trace });
}

/** The internals after the model's last step for scenario step `label`. */
function internalsAfter(outcome: Awaited<ReturnType<typeof run>>, label: string): ModelInternals {
  const last = modelDetails(outcome)
    ?.steps.filter((step) => step.step === label)
    .at(-1)?.snapshot;
  if (last === undefined) throw new Error(`no internals after ${label}`);
  return last;
}

describe('tracing', () => {
  it('takes no picture of the internals when no one asked, and one per step when traced', async () => {
    const scenario = await findScenario('read-only-anomaly');
    captured.count = 0;
    const plain = await runScenario({ engine, scenario, level: 'serializable' });
    expect(captured.count).toBe(0);
    expect(modelDetails(plain.permutations[0]?.outcome)?.steps).toEqual([]);
    const traced = await runScenario({ engine, scenario, level: 'serializable', trace: true });
    const steps = modelDetails(traced.permutations[0]?.outcome)?.steps ?? [];
    expect(steps.length).toBeGreaterThan(30);
    expect(captured.count).toBeGreaterThanOrEqual(steps.length);
    expect(steps.every((step) => step.snapshot !== undefined)).toBe(true);
    // The traced run behaves like the plain one.
    expect(traced.permutations[0]?.outcome.steps).toEqual(plain.permutations[0]?.outcome.steps);
  });
});

describe('snapshots', () => {
  it('are taken at the first statement of a repeatable-read transaction, not at BEGIN', async () => {
    const outcome = await run(
      `${twoRows}
session T1
setup { begin isolation level repeatable read; }
step r1 { select value from test where id = 1; }
step r2 { select value from test where id = 1; }
session T2
step w { update test set value = 11 where id = 1; }`,
      'read-committed',
      ['w', 'r1', 'r2'],
    );
    expect(outcome.steps.map((step) => step.rows?.rows[0]?.[0] ?? step.command)).toEqual([
      'UPDATE 1',
      11,
      11,
    ]);
  });

  it('show xmin, xmax and the transactions in progress', async () => {
    const outcome = await run(
      `${twoRows}
session T1
step a { update test set value = 11 where id = 1; }
step c { commit; }
session T2
step b { select * from test; }
step d { commit; }`,
      'repeatable-read',
      ['a', 'b'],
      true,
    );
    const internals = internalsAfter(outcome, 'b');
    expect(internals.sessions.find((s) => s.session === 'T2')?.snapshot).toEqual({
      xmin: 741,
      xmax: 741,
      xip: [],
    });
    expect(internals.sessions.find((s) => s.session === 'T1')?.xid).toBe(741);
    const versions = internals.tables[0]?.versions ?? [];
    expect(versions.map((v) => [v.tid, v.values, v.xmin, v.xmax, v.visibleTo])).toEqual([
      ['(0,1)', [1, 10], 740, 741, ['T2']],
      ['(0,2)', [2, 20], 740, null, ['T1', 'T2']],
      ['(0,3)', [1, 11], 741, null, ['T1']],
    ]);
  });
});

describe('heap and index', () => {
  it('keeps an update on its page as a heap-only tuple, and gives a changed key its own index entry', async () => {
    const outcome = await run(
      `${twoRows}
session T1
step a { update test set value = 11 where id = 1; }
step b { update test set id = 3 where id = 2; }
step c { commit; }`,
      'read-committed',
      ['a', 'b', 'c'],
      true,
    );
    const table = internalsAfter(outcome, 'c').tables[0];
    expect(table?.index?.entries).toEqual([
      { key: '1', tid: '(0,1)' },
      { key: '2', tid: '(0,2)' },
      { key: '3', tid: '(0,4)' },
    ]);
    expect(outcome.final[0]?.rows).toEqual([
      [1, 11],
      [3, 20],
    ]);
  });
});

describe('serializable snapshot isolation', () => {
  it('promotes more than two SIREAD tuple locks on a page to a page lock, which makes a false positive', async () => {
    const scenario = await findScenario(
      new URL('./model-probes/page-promotion.spec', import.meta.url).pathname,
    );
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'serializable',
      permutation: ['s1r', 's2r', 's1w', 's2w', 's1c', 's2c'],
      trace: true,
    });
    const afterRead = modelDetails(outcome)?.steps.find((step) =>
      step.narration.includes('promoted'),
    )?.snapshot;
    expect(afterRead?.sireadLocks).toContainEqual({ holder: 'T1', target: 'page test 0' });
    expect(
      afterRead?.sireadLocks.some((lock) => lock.holder === 'T1' && lock.target.startsWith('tuple')),
    ).toBe(false);
    expect(outcome.steps.map((step) => step.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      '40001',
    ]);
  });

  it('names the pivot of a dangerous structure while it stands', async () => {
    const scenario = await findScenario('write-skew');
    const outcome = await runPermutation({
      engine,
      scenario,
      level: 'serializable',
      permutation: ['s1r', 's2r', 's1w1', 's2w2', 's1c', 's2c'],
      trace: true,
    });
    const beforeCommit = modelDetails(outcome)
      ?.steps.filter((step) => step.step === 's2w2')
      .at(-1)?.snapshot;
    expect(beforeCommit?.rwConflicts).toEqual([
      { reader: 'T1', writer: 'T2' },
      { reader: 'T2', writer: 'T1' },
    ]);
    expect(beforeCommit?.pivots).toContainEqual({ tin: 'T1', pivot: 'T2', tout: 'T1' });
    expect(modelDetails(outcome)?.steps.some((step) => /the pivot T2 is doomed/.test(step.narration))).toBe(
      true,
    );
  });
});

describe('the deadlock detector', () => {
  it('rolls back the first waiter and reports the cycle as PostgreSQL does', async () => {
    const scenario = await findScenario('deadlock');
    const report = await runScenario({ engine, scenario, level: 'read-committed' });
    const steps = report.permutations[0]?.outcome.steps ?? [];
    const victim = steps.find((step) => step.error !== null);
    expect(victim?.step).toBe('s1b');
    expect(victim?.error).toEqual({
      code: '40P01',
      message: 'deadlock detected',
      detail:
        'Session T1 waits for ShareLock on a transaction; blocked by session T2.\nSession T2 waits for ShareLock on a transaction; blocked by session T1.',
      cause: 'deadlock',
    });
    expect(steps.find((step) => step.step === 's2a')?.status).toBe('resumed');
  });

  it('breaks the deadlocks of two-phase locking, where write skew deadlocks on lock upgrades', async () => {
    const scenario = await findScenario('write-skew');
    const report = await runScenario({ engine, scenario, level: 'serializable-2pl' });
    const [permutation] = report.permutations;
    expect(permutation?.outcome.steps.map((step) => step.error?.code ?? step.status)).toEqual([
      'ok',
      'ok',
      '40P01',
      'resumed',
      'ok',
      'ok',
    ]);
    expect(permutation?.outcome.steps[2]?.error?.detail).toContain(
      'Session T1 waits for an exclusive lock on the row',
    );
    expect(permutation?.verdict.serializable).toBe(true);
  });
});

describe('EvalPlanQual at read committed', () => {
  it('re-checks the WHERE clause on the newest version after waiting, and skips a row that no longer matches', async () => {
    const scenario = await findScenario('pmp-write');
    const report = await runScenario({ engine, scenario, level: 'read-committed', trace: true });
    const steps = report.permutations[0]?.outcome.steps ?? [];
    expect(steps.find((step) => step.step === 's2d')).toMatchObject({
      status: 'resumed',
      command: 'DELETE 0',
    });
    const narration =
      modelDetails(report.permutations[0]?.outcome)?.steps.map((step) => step.narration) ?? [];
    expect(
      narration.some((line) =>
        line.startsWith('EvalPlanQual: the newest version test (0,4) (2, 30) no longer matches'),
      ),
    ).toBe(true);
  });

  it('attributes the read to the version the statement used, so the graph agrees with the verdict (lost-update-increment)', async () => {
    const scenario = await findScenario('lost-update-increment');
    for (const level of ['read-uncommitted', 'read-committed'] as const) {
      const { verdict } = (await runScenario({ engine, scenario, level })).permutations[0] ?? {};
      expect(verdict?.serializable).toBe(true);
      expect(verdict?.cycle ?? null).toBeNull();
      expect(verdict?.explanation).toContain(
        'The dependency graph (T1 -ww-> T2, T1 -wr-> T2) has no cycle: it allows the serial order T1→T2.',
      );
    }
  });
});

describe('the direct serialization graph', () => {
  const edge = (kind: DsgEdge['kind'], predicate = false): DsgEdge => ({
    from: 'T1',
    to: 'T2',
    kind,
    predicate,
    object: 'x',
    sentence: '',
  });

  it('names a cycle by Adya’s classes', () => {
    expect(classifyCycle([edge('ww'), edge('ww')])).toBe('G0');
    expect(classifyCycle([edge('ww'), edge('wr')])).toBe('G1c');
    expect(classifyCycle([edge('wr'), edge('rw')])).toBe('G-single');
    expect(classifyCycle([edge('rw', true), edge('wr')])).toBe('G-single');
    expect(classifyCycle([edge('rw'), edge('rw')])).toBe('G2-item');
    expect(classifyCycle([edge('rw'), edge('rw', true)])).toBe('G2');
  });

  it("names a G-single cycle's shape: a lost update (P4) when the reader overwrites what it read, else read skew", () => {
    const on = (kind: DsgEdge['kind'], from: string, to: string, object: string): DsgEdge => ({
      from,
      to,
      kind,
      predicate: false,
      object,
      sentence: '',
    });
    expect(singleAntiDependencyShape([on('rw', 'T1', 'T2', 'x'), on('ww', 'T2', 'T1', 'x')])).toBe(
      'lost update (P4)',
    );
    expect(singleAntiDependencyShape([on('rw', 'T1', 'T2', 'x'), on('wr', 'T2', 'T1', 'y')])).toBe(
      'read skew (A5A)',
    );
    expect(singleAntiDependencyShape([on('rw', 'T1', 'T2', 'x'), on('ww', 'T2', 'T1', 'y')])).toBe(
      'read skew (A5A)',
    );
  });

  const names: Record<string, string> = {
    G1c: 'circular information flow',
    'G-single': 'single anti-dependency cycle, here in the shape of a read skew (A5A)',
    'G2-item': 'write skew',
    G2: 'anti-dependency cycle through a predicate',
  };

  it.each([
    ['g-single', 'read-committed', 'G-single', 'T1 -rw(test id=1)-> T2 -wr(test id=2)-> T1'],
    ['g2-item', 'repeatable-read', 'G2-item', 'T1 -rw(test id=2)-> T2 -rw(test id=1)-> T1'],
    [
      'g2',
      'repeatable-read',
      'G2',
      'T1 -rw(test where value % 3 = 0)-> T2 -rw(test where value % 3 = 0)-> T1',
    ],
    ['pmp', 'read-committed', 'G-single', 'T1 -rw(test where value = 30)-> T2 -wr(test id=3)-> T1'],
    ['g1c', 'read-uncommitted', 'G1c', 'T1 -wr(test id=1)-> T2 -wr(test id=2)-> T1'],
  ] as const)('finds %s at %s to be %s: %s', async (id, level, anomaly, text) => {
    const report = await runScenario({ engine, scenario: await findScenario(id), level });
    const verdict = report.permutations[0]?.verdict;
    expect(verdict?.cycle?.anomaly).toBe(anomaly);
    expect(verdict?.cycle?.text).toBe(text);
    expect(verdict?.explanation).toContain(
      `The dependency graph has a cycle, ${anomaly} (${names[anomaly]}): ${text}.`,
    );
  });

  it('has no cycle where SSI or two-phase locking kept the outcome serializable', async () => {
    for (const level of ['serializable', 'serializable-2pl'] as const) {
      for (const id of ['g2-item', 'g2', 'read-only-anomaly', 'g-single', 'pmp-write']) {
        const report = await runScenario({ engine, scenario: await findScenario(id), level });
        for (const permutation of report.permutations)
          expect(permutation.verdict.cycle, `${id} at ${level}`).toBeNull();
      }
    }
  });
});
