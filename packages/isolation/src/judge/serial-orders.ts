/**
 * The serial orders of the transactions that committed, and the schedule that replays one.
 *
 * A history is serializable when its outcome equals that of some serial order of its
 * committed transactions (aborted ones leave no trace). For two transactions there are two
 * orders; for three, six. Replaying an order means running each transaction's steps, one
 * transaction after the other, from the same setup. Only the steps that succeeded in the run
 * are replayed: a statement SQLite refused with SQLITE_BUSY_SNAPSHOT inside a transaction
 * that then committed changed nothing, so it is not part of what committed.
 */
import type { PermutationOutcome } from '../run/outcome.ts';

/** Every order of `sessions`; the order given by `first` (e.g. the commit order) comes first. */
export function serialOrders(sessions: readonly string[], first: readonly string[] = sessions): string[][] {
  const orders: string[][] = [];
  const permute = (prefix: string[], rest: readonly string[]): void => {
    if (rest.length === 0) {
      orders.push(prefix);
      return;
    }
    for (const [i, session] of rest.entries())
      permute([...prefix, session], [...rest.slice(0, i), ...rest.slice(i + 1)]);
  };
  permute([], sessions);
  const key = first.join('\u0000');
  const preferred = orders.findIndex((order) => order.join('\u0000') === key);
  if (preferred > 0) orders.unshift(...orders.splice(preferred, 1));
  return orders;
}

/** The sessions whose transactions committed, in commit order. */
export function committedSessions(outcome: PermutationOutcome): string[] {
  return outcome.commitOrder.filter((session) =>
    outcome.sessions.some((s) => s.session === session && s.status === 'committed'),
  );
}

/** The steps of `session` that succeeded in the run, by name, in the order they ran. */
export function successfulSteps(outcome: PermutationOutcome, session: string): string[] {
  return outcome.steps
    .filter((step) => step.session === session && (step.status === 'ok' || step.status === 'resumed'))
    .map((step) => step.step);
}

/** The schedule that runs the sessions of `order` one after another. */
export function serialSchedule(outcome: PermutationOutcome, order: readonly string[]): string[] {
  return order.flatMap((session) => successfulSteps(outcome, session));
}

/** `T1→T2→T3` */
export function formatOrder(order: readonly string[]): string {
  return order.length === 0 ? 'no transaction' : order.join('→');
}
