/**
 * Taking a lock of the two-phase-locking model (two-phase-locking.ts): granted at once when no
 * other transaction holds a conflicting lock, else the statement waits until every holder has
 * ended (strict 2PL releases only at commit or rollback), then asks again.
 */

import type { StatementContext } from '../executor/statement-context.ts';
import type { BoundExpression } from '../sql/sql-types.ts';
import type { TwoPhaseLock } from './two-phase-locking.ts';
import type { Work } from './wait.ts';

export function* acquireTwoPhaseLock(context: StatementContext, lock: TwoPhaseLock): Work<void> {
  const { db, xact } = context;
  for (;;) {
    const blockers = db.twoPhase.blockers(lock);
    if (blockers.length === 0) break;
    const holders = [...new Set(blockers.map((held) => held.owner))];
    db.narrator?.record(
      'block',
      [xact.session, ...holders],
      `${xact.session} needs ${describeTwoPhaseLock(lock)}, which conflicts with ${blockers.map((held) => `${held.owner}'s ${describeTwoPhaseLock(held)}`).join(' and ')}: it waits until ${holders.join(' and ')} end${holders.length === 1 ? 's' : ''}.`,
    );
    yield { kind: 'two-phase', lock, reason: describeTwoPhaseLock(lock) };
  }
  if (db.twoPhase.grant(lock)) {
    db.narrator?.record(
      'lock',
      [xact.session],
      `${xact.session} takes ${describeTwoPhaseLock(lock)}; it holds it until it ends.`,
    );
  }
}

/**
 * Before a statement reads or changes rows, two-phase locking locks its WHERE clause (the
 * predicate), so that no other transaction can write a row into it until this one ends; this
 * is what prevents phantoms. Other levels take no such lock.
 */
export function* lockPredicateIfTwoPhase(
  context: StatementContext,
  table: string,
  predicate: BoundExpression | null,
  text: string,
): Work<void> {
  if (!context.xact.usesTwoPhaseLocking) return;
  yield* acquireTwoPhaseLock(context, {
    kind: 'predicate',
    owner: context.xact.session,
    table,
    predicate,
    text,
  });
}

export function describeTwoPhaseLock(lock: TwoPhaseLock): string {
  if (lock.kind === 'predicate') return `a shared predicate lock on ${lock.text}`;
  return `${lock.mode === 'exclusive' ? 'an exclusive' : 'a shared'} lock on ${lock.text}`;
}
