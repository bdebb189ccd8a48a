/**
 * Is the outcome of a run one that some serial order of its committed transactions gives?
 *
 * This is the definition of serializability checked directly, by experiment: for each order
 * of the committed transactions, replay them one after another on the same engine from the
 * same setup, and compare what every read of a committed transaction returned, and the
 * final contents of the tables. Equal reads and equal final state for some order make the
 * run serializable (view-equivalent to that order); an order that differs is recorded with
 * the first difference, which is what the verdict's explanation quotes:
 * "in T1→T2, T2 would have read value=11 at s2r".
 *
 * Reads of aborted transactions do not count (Adya: aborted transactions are not part of the
 * committed history), nor do reads of the system views that report locks and sessions
 * (compare-results.ts, readsServerState), and the order that equals the commit order is tried first, since it is
 * the one most engines aim to be equivalent to.
 */

import { sameRows } from '@dbplay/core';
import type { PermutationOutcome, ResultSet, StepError, StepOutcome, TableState } from '../run/outcome.ts';
import { ordersRows, readComparison, readsServerState, sameFinalState } from './compare-results.ts';
import { type JudgeContext, replay } from './judge-context.ts';
import { committedSessions, serialOrders, serialSchedule } from './serial-orders.ts';

export type Mismatch =
  | {
      readonly kind: 'read';
      readonly step: string;
      readonly session: string;
      /** What the step returned in the serial replay. */
      readonly replayed: ResultSet | null;
      /** What it returned in the run. */
      readonly observed: ResultSet | null;
      /** Whether the statement orders its rows (else they compare, and print, as a set). */
      readonly ordered: boolean;
    }
  | { readonly kind: 'failed'; readonly step: string; readonly session: string; readonly error: StepError }
  | {
      readonly kind: 'final';
      readonly replayed: readonly TableState[];
      readonly observed: readonly TableState[];
    };

export interface OrderCheck {
  readonly order: readonly string[];
  /** The first difference from the run; null when this order reproduces it. */
  readonly mismatch: Mismatch | null;
}

export interface SerializabilityCheck {
  readonly serializable: boolean;
  /** The serial order the run is equivalent to, when there is one. */
  readonly order: readonly string[] | null;
  /** The orders tried, in order; all of them when none matched. */
  readonly orders: readonly OrderCheck[];
}

export async function checkSerializable(
  context: JudgeContext,
  outcome: PermutationOutcome,
): Promise<SerializabilityCheck> {
  const committed = committedSessions(outcome);
  const orders: OrderCheck[] = [];
  for (const order of serialOrders(committed, committed)) {
    const replayed = await replay(context, serialSchedule(outcome, order), committed);
    const mismatch = firstMismatch(outcome, replayed, committed);
    orders.push({ order, mismatch });
    if (mismatch === null) return { serializable: true, order, orders };
  }
  return { serializable: false, order: null, orders };
}

/** The first read of a committed transaction (in the order of the run) that the replay answers differently. */
export function firstMismatch(
  run: PermutationOutcome,
  replayed: PermutationOutcome,
  committed: readonly string[],
): Mismatch | null {
  const seen = new Map<string, number>();
  for (const step of run.steps) {
    // Only these steps were replayed, so only they are counted when a step runs twice.
    if (!committed.includes(step.session) || step.status === 'error' || step.status === 'waiting') continue;
    const occurrence = (seen.get(step.step) ?? 0) + 1;
    seen.set(step.step, occurrence);
    const twin = nthOccurrence(replayed.steps, step.step, occurrence);
    if (twin === undefined) continue;
    if (twin.error !== null)
      return { kind: 'failed', step: step.step, session: step.session, error: twin.error };
    if (step.rows === null || readsServerState(step.sql)) continue;
    const ordered = ordersRows(step.sql);
    if (!sameRows(twin.rows, step.rows, readComparison(step.sql))) {
      return {
        kind: 'read',
        step: step.step,
        session: step.session,
        replayed: twin.rows,
        observed: step.rows,
        ordered,
      };
    }
  }
  if (!sameFinalState(replayed.final, run.final)) {
    return { kind: 'final', replayed: replayed.final, observed: run.final };
  }
  return null;
}

function nthOccurrence(steps: readonly StepOutcome[], name: string, n: number): StepOutcome | undefined {
  let count = 0;
  for (const step of steps) {
    if (step.step === name && ++count === n) return step;
  }
  return undefined;
}
