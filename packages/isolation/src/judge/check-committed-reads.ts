/**
 * Did every read see committed data, and never an older state than before?
 *
 * Hermitage calls PostgreSQL's read committed "monotonic atomic view": each statement sees
 * whole committed transactions, and a transaction never loses sight of one it has seen. That
 * rules out Adya's G1 anomalies (reading aborted, intermediate or circularly dependent
 * writes) and Bailis's OTV (an observed transaction vanishing), while still allowing
 * non-repeatable reads and write skew. Those schedules can therefore be non-serializable for
 * another reason; this check tells the two apart, by experiment again:
 *
 *   for each committed transaction R and each of its reads r, in order, find the smallest k
 *   (never below the k of R's previous read) such that replaying the first k transactions
 *   that had committed before r finished, then R's own earlier steps, then r, returns what r
 *   returned. No such k: r saw data no committed state held at that moment (G1). Only a
 *   smaller k: r saw an older state than R's previous read (OTV).
 *
 * The replay repeats R's own earlier writes after the committed ones, which matches the run
 * whenever those writes do not depend on what they overwrite (true of the G1 and OTV
 * schedules this check is run for: Hermitage's g1a, g1b, g1c and otv).
 */

import { sameRows } from '@dbplay/core';
import type { PermutationOutcome, ResultSet, StepOutcome } from '../run/outcome.ts';
import { readComparison } from './compare-results.ts';
import { type JudgeContext, replay } from './judge-context.ts';
import { committedSessions, successfulSteps } from './serial-orders.ts';

export type CommittedReadProblem =
  | {
      /** No committed state at the time gives this read: it saw uncommitted data (G1). */
      readonly kind: 'uncommitted';
      readonly step: string;
      readonly session: string;
      readonly observed: ResultSet | null;
    }
  | {
      /** Only a state older than the one its transaction saw before gives this read (OTV). */
      readonly kind: 'went-back';
      readonly step: string;
      readonly session: string;
      readonly observed: ResultSet | null;
      readonly earlierStep: string;
    };

export interface CommittedReadsCheck {
  readonly ok: boolean;
  readonly problems: readonly CommittedReadProblem[];
}

export async function checkCommittedReads(
  context: JudgeContext,
  outcome: PermutationOutcome,
): Promise<CommittedReadsCheck> {
  const committed = committedSessions(outcome);
  const problems: CommittedReadProblem[] = [];
  for (const reader of committed) {
    let least = 0;
    let previousRead: string | null = null;
    const done: string[] = [];
    for (const step of outcome.steps.filter((s) => s.session === reader)) {
      if (step.status !== 'ok' && step.status !== 'resumed') continue;
      if (step.rows === null) {
        done.push(step.step);
        continue;
      }
      const before = committedBefore(outcome, step, committed).filter((session) => session !== reader);
      let found: number | null = null;
      let foundBelow = false;
      for (let k = 0; k <= before.length; k++) {
        const writers = before.slice(0, k);
        const schedule = [
          ...writers.flatMap((session) => successfulSteps(outcome, session)),
          ...done,
          step.step,
        ];
        const replayed = await replay(context, schedule, [...writers, reader]);
        const twin = [...replayed.steps].reverse().find((s) => s.step === step.step);
        if (
          twin !== undefined &&
          twin.error === null &&
          sameRows(twin.rows, step.rows, readComparison(step.sql))
        ) {
          if (k >= least) {
            found = k;
            break;
          }
          foundBelow = true;
        }
      }
      if (found === null) {
        problems.push(
          foundBelow && previousRead !== null
            ? {
                kind: 'went-back',
                step: step.step,
                session: reader,
                observed: step.rows,
                earlierStep: previousRead,
              }
            : { kind: 'uncommitted', step: step.step, session: reader, observed: step.rows },
        );
      } else {
        least = found;
      }
      previousRead = step.step;
      done.push(step.step);
    }
  }
  return { ok: problems.length === 0, problems };
}

/** The committed sessions whose commit finished before `step` finished, in commit order. */
function committedBefore(
  outcome: PermutationOutcome,
  step: StepOutcome,
  committed: readonly string[],
): string[] {
  const stepEvent = outcome.events.findIndex(
    (event) => (event.kind === 'step' || event.kind === 'finish') && event.step === step.step,
  );
  return committed.filter((session) => {
    const ended = outcome.sessions.find((s) => s.session === session)?.endedBy;
    return ended != null && ended.event < stepEvent;
  });
}
