/**
 * Comparing two engines' runs of the same permutations (compare-engines.ts), and the
 * scenario header that declares where the model differs from PostgreSQL on purpose. The
 * reference here is the model itself, made to run every permutation at read committed, so
 * that the differences are known in advance.
 */
import { type IsolationEngine, parseSpec, runPermutation, startModelEngine } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { compareScenario, declaredDifference } from '../src/compare/compare-engines.ts';
import { compareOutcomes } from '../src/compare/compare-outcomes.ts';

const model = await startModelEngine();
/** The model, but every level runs as read committed. */
const readCommittedOnly: IsolationEngine = {
  ...model,
  name: 'model-rc',
  open: (scenario, _level, sessions, options) => model.open(scenario, 'read-committed', sessions, options),
};

const spec = (header: string) => `# id: skew
# title: Write skew
# anomaly: G2-item
${header}
setup { create table test (id int primary key, value int); insert into test values (1, 10), (2, 20); }
session T1
step s1r { select * from test where id in (1, 2); }
step s1w { update test set value = 11 where id = 1; }
step s1c { commit; }
session T2
step s2r { select * from test where id in (1, 2); }
step s2w { update test set value = 21 where id = 2; }
step s2c { commit; }
`;

describe('comparing two engines', () => {
  it('finds each step that differs, and the final state', async () => {
    const scenario = parseSpec(spec(''), 'skew.spec');
    const permutation = ['s1r', 's2r', 's1w', 's2w', 's1c', 's2c'];
    const ours = await runPermutation({ engine: model, scenario, level: 'serializable', permutation });
    const theirs = await runPermutation({
      engine: readCommittedOnly,
      scenario,
      level: 'serializable',
      permutation,
    });
    expect(compareOutcomes(ours, theirs)).toEqual([
      {
        where: 's2c (T2)',
        model:
          'failed with 40001 (could not serialize access due to read/write dependencies among transactions)',
        reference: 'COMMIT',
      },
      { where: 'final state', model: 'test: (1, 11), (2, 20)', reference: 'test: (1, 11), (2, 21)' },
    ]);
    expect(compareOutcomes(ours, ours)).toEqual([]);
  });

  it('leaves out the wait of a step whose timing the permutation marks, and nothing else', async () => {
    const scenario = parseSpec(spec(''), 'skew.spec');
    const permutation = ['s1r', 's2r', 's1w', 's2w', 's1c', 's2c'];
    const ours = await runPermutation({ engine: model, scenario, level: 'serializable', permutation });
    // The same run, except that s1w was seen waiting before it finished (as `s1w(*)` allows).
    const waitedOnce = {
      ...ours,
      steps: ours.steps.map((step) => (step.step === 's1w' ? { ...step, status: 'resumed' as const } : step)),
    };
    expect(compareOutcomes(waitedOnce, ours).map((d) => d.where)).toEqual(['s1w (T1)']);
    expect(compareOutcomes(waitedOnce, ours, new Set(['s1w']))).toEqual([]);
    // A marked step must still finish the same way: s2c's 40001 is compared.
    const theirs = await runPermutation({
      engine: readCommittedOnly,
      scenario,
      level: 'serializable',
      permutation,
    });
    expect(compareOutcomes(ours, theirs, new Set(['s2c'])).map((d) => d.where)).toEqual([
      's2c (T2)',
      'final state',
    ]);
  });

  it('counts identical permutations per level, and sets declared differences apart', async () => {
    const undeclared = await compareScenario({
      model,
      reference: readCommittedOnly,
      scenario: parseSpec(spec(''), 'skew.spec'),
      levels: ['read-committed', 'serializable'],
      choice: { kind: 'all' },
      whenSessionWaits: 'skip',
    });
    expect(undeclared.levels.map((l) => [l.level, l.identical, l.total, l.declared])).toEqual([
      ['read-committed', 20, 20, null],
      ['serializable', 2, 20, null],
    ]);
    const scenario = parseSpec(
      spec('# model-differs: serializable: the reference runs everything at read committed'),
      'skew.spec',
    );
    expect(declaredDifference(scenario, 'serializable')).toBe(
      'the reference runs everything at read committed',
    );
    expect(declaredDifference(scenario, 'read-committed')).toBeNull();
    const declared = await compareScenario({
      model,
      reference: readCommittedOnly,
      scenario,
      levels: ['serializable'],
      choice: { kind: 'listed' },
      whenSessionWaits: 'postpone',
    });
    expect(declared.levels[0]).toMatchObject({
      identical: 2,
      total: 20,
      declared: 'the reference runs everything at read committed',
    });
  });

  it('reads several declarations, `all` levels, and refuses one without a reason', () => {
    const scenario = parseSpec(
      spec('# model-differs: all: first reason | repeatable-read, serializable: second reason'),
      'skew.spec',
    );
    expect(scenario.metadata.modelDifferences).toEqual([
      { levels: null, reason: 'first reason' },
      { levels: ['repeatable-read', 'serializable'], reason: 'second reason' },
    ]);
    expect(() => parseSpec(spec('# model-differs: serializable'), 'skew.spec')).toThrow(
      /skew\.spec:4|model-differs needs the levels, a colon and the reason/,
    );
  });
});
