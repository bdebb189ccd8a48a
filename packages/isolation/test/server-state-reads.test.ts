/**
 * A read of the system views that report locks and sessions is not a read of data: the verdict
 * does not ask a serial order to reproduce it. PostgreSQL's partition-drop-index-locking reads
 * pg_locks while a DROP INDEX waits; no serial order has anyone waiting, yet the outcome is
 * serializable (the transactions touch no rows in common).
 */
import {
  judgeOutcome,
  loadScenarioFile,
  RunCache,
  runPermutation,
  startModelEngine,
} from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { readsServerState } from '../src/judge/compare-results.ts';

const spec = new URL(
  '../../../exercises/isolation/postgres-suite/specs/partition-drop-index-locking.spec',
  import.meta.url,
);

describe('reads of the server state in a verdict', () => {
  it('are told apart from reads of data', () => {
    expect(readsServerState('SELECT * FROM pg_locks l JOIN pg_class c ON l.relation = c.oid')).toBe(true);
    expect(readsServerState('select query from pg_catalog.pg_stat_activity')).toBe(true);
    expect(readsServerState('select * from pg_locks_copy')).toBe(false);
    expect(readsServerState('select * from accounts')).toBe(false);
  });

  it('do not make a run that waited look non-serializable', async () => {
    const engine = await startModelEngine();
    const scenario = await loadScenarioFile(spec.pathname);
    const permutation = scenario.permutations[0];
    if (permutation === undefined) throw new Error('the spec lists its permutations');
    const level = 'read-committed';
    const outcome = await runPermutation({
      engine,
      scenario,
      level,
      permutation: permutation.steps.map((step) => step.name),
    });
    const locks = outcome.steps.find((step) => step.step === 's3getlocks');
    expect(locks?.rows?.rows.length).toBe(7);
    const verdict = await judgeOutcome({ engine, scenario, level, cache: new RunCache() }, outcome);
    expect(verdict.serializable).toBe(true);
  });
});
