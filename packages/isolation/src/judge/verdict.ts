/**
 * Judging a run: serializable or not, why, and how the engine stepped in.
 *
 * The judgement is engine-independent: it reads a PermutationOutcome and replays schedules
 * through the JudgeContext, so a PostgreSQL run, a SQLite run and a model engine's run are
 * judged by the same rules:
 *
 * - serializable: some serial order of the committed transactions gives every read and the
 *   final state (check-serializable.ts);
 * - for the anomalies about what a transaction could see (G1a, G1b, G1c, OTV), whether each
 *   read saw a committed state, never an older one than before (check-committed-reads.ts);
 * - prevention: which steps waited for which sessions, which failed with which code;
 * - false positives: an abort by serializable snapshot isolation (PostgreSQL's SSI,
 *   src/backend/storage/lmgr/predicate.c) is rerun at the level without SSI's checks
 *   (repeatable read, the same snapshot isolation underneath); if there every transaction
 *   commits and the outcome is serializable, the abort prevented nothing.
 */

import type { DependencyCycle } from '../model/dsg/classify-cycle.ts';
import { explainDsg } from '../model/dsg/explain-dsg.ts';
import { concurrencyCauses, type ErrorCause, type PermutationOutcome } from '../run/outcome.ts';
import { anomalyNamed } from './anomaly-names.ts';
import { type CommittedReadsCheck, checkCommittedReads } from './check-committed-reads.ts';
import { checkSerializable, type OrderCheck } from './check-serializable.ts';
import { explainVerdict } from './explain-verdict.ts';
import type { JudgeContext } from './judge-context.ts';
import { committedSessions } from './serial-orders.ts';

/** How the engine kept an anomaly out (or tried to): a wait, or a refusal. */
export type Prevention =
  | {
      readonly kind: 'waited';
      readonly step: string;
      readonly session: string;
      readonly waitedFor: readonly string[];
      /** The step in whose wake it finished; null if it never did. */
      readonly until: string | null;
      readonly outcome: 'resumed' | 'failed' | 'never finished';
    }
  | {
      readonly kind: 'failed';
      readonly step: string;
      readonly session: string;
      readonly code: string;
      readonly message: string;
      readonly cause: ErrorCause;
    };

/** What rerunning a schedule without SSI's checks showed. */
export interface SsiCheck {
  readonly level: string;
  /** Every transaction committed there, and the outcome was serializable. */
  readonly falsePositive: boolean;
  readonly serializable: boolean;
  readonly allCommitted: boolean;
  readonly order: readonly string[] | null;
}

export interface Verdict {
  readonly serializable: boolean;
  readonly committed: readonly string[];
  /** Sessions whose transactions did not commit (failed, rolled back, or left unfinished). */
  readonly aborted: readonly string[];
  readonly explanation: readonly string[];
  /** The serial order the run equals, when it is serializable. */
  readonly serialOrder: readonly string[] | null;
  readonly orders: readonly OrderCheck[];
  readonly committedReads: CommittedReadsCheck | null;
  readonly prevention: readonly Prevention[];
  readonly ssi: SsiCheck | null;
  readonly falsePositive: boolean;
  /** The scenario's anomaly, and whether this run showed it. */
  readonly anomaly: { readonly name: string; readonly observed: boolean } | null;
  /**
   * For an engine that knows its version order (the model), the cycle of the direct
   * serialization graph that makes the outcome non-serializable (null when there is none);
   * undefined for engines that cannot tell.
   */
  readonly cycle?: DependencyCycle | null;
}

export async function judgeOutcome(context: JudgeContext, outcome: PermutationOutcome): Promise<Verdict> {
  const committed = committedSessions(outcome);
  const aborted = outcome.sessions.filter((s) => s.status !== 'committed').map((s) => s.session);
  const serial = await checkSerializable(context, outcome);

  const named =
    context.scenario.metadata.anomaly === null ? undefined : anomalyNamed(context.scenario.metadata.anomaly);
  const committedReads =
    named?.family === 'committed-reads' && !serial.serializable
      ? await checkCommittedReads(context, outcome)
      : null;
  const observed =
    named === undefined
      ? null
      : named.family === 'committed-reads'
        ? committedReads !== null && !committedReads.ok
        : !serial.serializable;

  const prevention = preventionOf(outcome);
  const ssi = await checkSsiAbort(context, outcome);
  const verdict = {
    serializable: serial.serializable,
    committed,
    aborted,
    serialOrder: serial.order,
    orders: serial.orders,
    committedReads,
    prevention,
    ssi,
    falsePositive: ssi?.falsePositive ?? false,
    anomaly: named === undefined || observed === null ? null : { name: named.name, observed },
  };
  const details = outcome.details;
  const dependencies = details === undefined ? [] : explainDsg(details.dsg, details.cycle);
  return {
    ...verdict,
    ...(details === undefined ? {} : { cycle: details.cycle }),
    explanation: explainVerdict({
      ...verdict,
      dependencies,
      outcome,
      engine: context.engine,
      level: context.level,
    }),
  };
}

export function preventionOf(outcome: PermutationOutcome): Prevention[] {
  const prevention: Prevention[] = [];
  for (const step of outcome.steps) {
    if (
      step.waitedFor.length > 0 ||
      step.status === 'resumed' ||
      (step.status === 'waiting' && step.postponedBehind === null)
    ) {
      prevention.push({
        kind: 'waited',
        step: step.step,
        session: step.session,
        waitedFor: step.waitedFor,
        until: step.finishedAfter,
        outcome:
          step.status === 'resumed' ? 'resumed' : step.status === 'error' ? 'failed' : 'never finished',
      });
    }
    if (step.error !== null && concurrencyCauses.includes(step.error.cause)) {
      prevention.push({
        kind: 'failed',
        step: step.step,
        session: step.session,
        code: step.error.code,
        message: step.error.message,
        cause: step.error.cause,
      });
    }
  }
  return prevention;
}

/** Reruns a schedule that SSI aborted at the level without SSI, to tell a real prevention from a false positive. */
async function checkSsiAbort(context: JudgeContext, outcome: PermutationOutcome): Promise<SsiCheck | null> {
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
