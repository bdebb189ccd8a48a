/**
 * What the console reports after a statement: only what is new since the last run.
 *
 * The console reruns the whole schedule after every statement (isolation-console.ts), so each
 * run's outcome holds everything that ever happened: every result, every wait. What a learner
 * should see is the difference: the statement's own result, or that it waits and for whom,
 * and any earlier statement that finished in its wake (a waiting UPDATE released by a COMMIT,
 * a deadlock's victim). The console keeps, per step occurrence, what it has shown
 * ({@link ShownSteps}); this module reads a run's events in order against it.
 */
import type { PermutationOutcome, StepOutcome } from '../run/outcome.ts';

/** Something that happened in the console, in the order it happened. */
export type ConsoleEvent =
  /** The console began `session`'s transaction before the statement typed. */
  | { readonly kind: 'begin'; readonly session: string; readonly step: string; readonly sql: string }
  /** A statement finished: at once (`after` null), or after waiting, in the wake of step `after`. */
  | {
      readonly kind: 'result';
      readonly session: string;
      readonly outcome: StepOutcome;
      readonly after: string | null;
    }
  /** A statement waits for the named sessions (empty: SQLite's write lock, holder unknown). */
  | {
      readonly kind: 'wait';
      readonly session: string;
      readonly step: string;
      readonly waitsFor: readonly string[];
      readonly note: string | null;
    }
  /** A statement was typed while its session still waits; it runs when that wait ends. */
  | { readonly kind: 'postpone'; readonly session: string; readonly step: string; readonly behind: string };

/** What has been reported per step occurrence (`a2#0`): waiting, postponed or done. */
export type ShownSteps = Map<string, 'wait' | 'postpone' | 'done'>;

/**
 * The events of `outcome` not shown yet, in the order they happened; marks them shown. A
 * finished step of `begins` (a begin the console added) is reported as a begin.
 */
export function newEvents(
  outcome: PermutationOutcome,
  begins: ReadonlySet<string>,
  shown: ShownSteps,
): ConsoleEvent[] {
  const events: ConsoleEvent[] = [];
  const occurrences = new Map<string, number>();
  for (const event of outcome.events) {
    const n = occurrences.get(event.step) ?? 0;
    const key = `${event.step}#${n}`;
    if (event.kind === 'step' || event.kind === 'finish' || event.kind === 'abandon')
      occurrences.set(event.step, n + 1);
    const step = outcomeOf(outcome, event.step, n);
    if (step === undefined) continue;
    const before = shown.get(key);
    if (event.kind === 'step' || event.kind === 'finish') {
      if (before === 'done') continue;
      shown.set(key, 'done');
      if (begins.has(step.step) && step.error === null) {
        events.push({ kind: 'begin', session: step.session, step: step.step, sql: step.sql });
      } else {
        events.push({ kind: 'result', session: step.session, outcome: step, after: step.finishedAfter });
      }
    } else if (event.kind === 'wait' && before === undefined) {
      shown.set(key, 'wait');
      events.push({
        kind: 'wait',
        session: step.session,
        step: step.step,
        waitsFor: event.waitsFor,
        note: step.note,
      });
    } else if (event.kind === 'postpone' && before === undefined) {
      shown.set(key, 'postpone');
      events.push({ kind: 'postpone', session: step.session, step: step.step, behind: event.behind });
    }
  }
  return events;
}

/** The outcome of the n-th run (from 0) of the step named `name`. */
function outcomeOf(outcome: PermutationOutcome, name: string, n: number): StepOutcome | undefined {
  return outcome.steps.filter((step) => step.step === name)[n];
}
