/**
 * How the engine kept an anomaly out, or tried to: every step that waited (for whom, until
 * which step, and how the wait ended), and every step refused by the engine's concurrency
 * control (a serialization failure, a deadlock, SQLITE_BUSY). A verdict lists them after
 * saying whether the outcome was serializable, because the same schedule is kept
 * serializable by waiting on one engine and by an abort on another.
 */
import { concurrencyCauses, type ErrorCause, type PermutationOutcome } from '../run/outcome.ts';

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
