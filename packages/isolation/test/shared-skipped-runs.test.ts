/**
 * Runs that must end alike share one run (run-permutation.ts): with `whenSessionWaits: 'skip'`
 * on a deterministic engine, a permutation that begins with the steps of the last skipped run,
 * up to the skipped step, gets that run's outcome. Every interleaving of a scenario, in the
 * tester's order, must come out exactly as when each permutation runs on its own.
 */
import {
  findScenario,
  type IsolationEngine,
  type PermutationOutcome,
  runPermutation,
  startModelEngine,
} from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { modelLevels } from '../src/engines/levels.ts';
import { allInterleavings } from '../src/run/interleavings.ts';

/** The engine with its runs counted; `deterministic` as given (false: nothing is shared). */
function counted(engine: IsolationEngine, deterministic: boolean) {
  const counter = { opened: 0 };
  const wrapped: IsolationEngine = Object.create(engine, {
    deterministic: { value: deterministic },
    open: {
      value: (...args: Parameters<IsolationEngine['open']>) => {
        counter.opened++;
        return engine.open(...args);
      },
    },
  });
  return { engine: wrapped, counter };
}

/** What a learner sees of an outcome: all of it but the model's own details. */
const shown = ({ details: _details, ...outcome }: PermutationOutcome) => outcome;

describe('runs that must end alike share one run', () => {
  it('gives every interleaving of a scenario, at every level, the outcome it has when run on its own', async () => {
    const model = await startModelEngine();
    const scenario = await findScenario('g-single-write-1');
    const sharing = counted(model, true);
    const alone = counted(model, false);
    let permutations = 0;
    // The runs that cannot be shared: those that are not skipped, or that stop after steps
    // other than those of the skipped run before them.
    let mustRun = 0;
    for (const level of modelLevels) {
      let lastPrefix: string | null = null;
      for (const permutation of allInterleavings(scenario)) {
        const options = { scenario, level, permutation, whenSessionWaits: 'skip' } as const;
        const shared = await runPermutation({ ...options, engine: sharing.engine });
        const own = await runPermutation({ ...options, engine: alone.engine });
        expect(shown(shared), `${level}: ${permutation.join(' ')}`).toEqual(shown(own));
        permutations++;
        const prefix =
          own.skipped === null
            ? null
            : permutation.slice(0, permutation.indexOf(own.skipped.step) + 1).join(' ');
        if (prefix === null || prefix !== lastPrefix) mustRun++;
        lastPrefix = prefix;
      }
    }
    expect(alone.counter.opened).toBe(permutations);
    expect(sharing.counter.opened).toBe(mustRun);
    // T2's updates wait for T1's delete, and the permutations that send T2 a step meanwhile
    // stop there: some runs were shared.
    expect(mustRun).toBeLessThan(permutations);
  });

  it('runs a permutation that only postpones, or is traced, on its own', async () => {
    const model = await startModelEngine();
    const scenario = await findScenario('g-single');
    const sharing = counted(model, true);
    const runs = [...allInterleavings(scenario)];
    for (const permutation of runs)
      await runPermutation({ engine: sharing.engine, scenario, level: 'read-committed', permutation });
    for (const permutation of runs)
      await runPermutation({
        engine: sharing.engine,
        scenario,
        level: 'read-committed',
        permutation,
        whenSessionWaits: 'skip',
        trace: true,
      });
    expect(sharing.counter.opened).toBe(2 * runs.length);
  });
});
