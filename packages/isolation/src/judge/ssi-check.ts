/**
 * Telling an abort that prevented an anomaly from a false positive. Serializable snapshot
 * isolation (PostgreSQL's SSI, src/backend/storage/lmgr/predicate.c) aborts a transaction when
 * it sees a dangerous structure of read-write dependencies, which may or may not have closed
 * into a cycle. Rerunning the same schedule at the level without SSI's checks (repeatable
 * read: the same snapshots underneath) shows which: if there every transaction commits and
 * the outcome is serializable, the abort prevented nothing.
 */

import type { IsolationLevel } from '../engines/levels.ts';
import type { PermutationOutcome } from '../run/outcome.ts';
import { checkSerializable } from './check-serializable.ts';
import type { JudgeContext } from './judge-context.ts';

/** What rerunning a schedule without SSI's checks showed. */
export interface SsiCheck {
  readonly level: IsolationLevel;
  /** Every transaction committed there, and the outcome was serializable. */
  readonly falsePositive: boolean;
  readonly serializable: boolean;
  readonly allCommitted: boolean;
  readonly order: readonly string[] | null;
}

/** Reruns a schedule that SSI aborted at the level without SSI, to tell a real prevention from a false positive. */
export async function checkSsiAbort(
  context: JudgeContext,
  outcome: PermutationOutcome,
): Promise<SsiCheck | null> {
  const level = context.engine.levelWithoutSsi(context.level);
  if (level === null || !outcome.steps.some((step) => step.error?.cause === 'ssi')) return null;
  const rerun = await context.cache.run(context.engine, context.scenario, level, outcome.permutation);
  const allCommitted = rerun.sessions.every((s) => s.status === 'committed' || s.status === 'rolled-back');
  const noErrors = rerun.steps.every((step) => step.error === null);
  const check = await checkSerializable({ ...context, level }, rerun);
  return {
    level,
    falsePositive: allCommitted && noErrors && check.serializable,
    serializable: check.serializable,
    allCommitted: allCommitted && noErrors,
    order: check.order,
  };
}
