/**
 * Advisory locks: locks on numbers that mean whatever the application decides
 * (pg_advisory_lock and friends, src/backend/utils/adt/lockfuncs.c). PostgreSQL keeps them in
 * the same heavyweight lock table as locks on tables and transaction ids, so a wait for one is
 * an edge of the waits-for graph the deadlock detector searches like any other.
 *
 * Each comes in two modes and two lifetimes:
 *
 * - exclusive (`pg_advisory_lock`, ExclusiveLock) or shared (`pg_advisory_lock_shared`,
 *   ShareLock): shared holds of several sessions coexist; an exclusive one excludes every other
 *   session's hold of either mode. A session never conflicts with itself: it may hold a key in
 *   both modes at once.
 * - session-level (`pg_advisory_lock[_shared](key)`): held across transactions (a rollback does
 *   not release it), until `pg_advisory_unlock[_shared](key)` or `pg_advisory_unlock_all()`. It
 *   is re-entrant: a session that takes it twice must release it twice.
 * - transaction-level (`pg_advisory_xact_lock[_shared](key)`): released when the transaction
 *   ends; it cannot be released earlier.
 *
 * One simplification: a request waits only for the sessions that hold a conflicting mode. In
 * PostgreSQL it also queues behind a conflicting request already waiting (a shared request
 * waits behind a queued exclusive one, LockCheckConflicts against the lock's waitMask in
 * lock.c); none of the model's scenarios or vendored specs depends on that order.
 *
 * PostgreSQL's test suite uses them to make a statement wait at a chosen point: `WHERE
 * pg_advisory_lock(k) IS NOT NULL` in a query waits after the query took its snapshot and
 * before it locks or changes a row.
 */
import type { Value } from '../../run/outcome.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { AdvisoryFunction } from '../sql/sql-ast.ts';
import type { Work } from './wait.ts';

export type AdvisoryMode = 'exclusive' | 'shared';

/** One session's holds of one key in one mode. */
interface AdvisoryHold {
  readonly session: string;
  readonly mode: AdvisoryMode;
  /** Session-level holds (pg_advisory_lock), counted: each needs its unlock. */
  sessionCount: number;
  /** The transactions that took it with pg_advisory_xact_lock; a hold ends with its transaction. */
  readonly transactions: ModelTransaction[];
}

export class AdvisoryLockTable {
  private readonly locks = new Map<string, AdvisoryHold[]>();

  /** The holds of the key still in force (transaction-level holds end with their transaction). */
  private holdsOf(key: string): AdvisoryHold[] {
    const holds = this.locks.get(key);
    if (holds === undefined) return [];
    const live = holds.filter((hold) => {
      const running = hold.transactions.filter((xact) => xact.status === 'active');
      hold.transactions.splice(0, hold.transactions.length, ...running);
      return hold.sessionCount > 0 || running.length > 0;
    });
    if (live.length === 0) this.locks.delete(key);
    else if (live.length !== holds.length) this.locks.set(key, live);
    return live;
  }

  /** The other sessions whose holds of the key conflict with `mode` (shared and shared do not). */
  blockersOf(key: string, session: string, mode: AdvisoryMode): string[] {
    const blockers = this.holdsOf(key)
      .filter((hold) => hold.session !== session && (mode === 'exclusive' || hold.mode === 'exclusive'))
      .map((hold) => hold.session);
    return [...new Set(blockers)];
  }

  canTake(key: string, session: string, mode: AdvisoryMode): boolean {
    return this.blockersOf(key, session, mode).length === 0;
  }

  take(key: string, session: string, mode: AdvisoryMode, xact: ModelTransaction | null): void {
    const holds = this.holdsOf(key);
    let hold = holds.find((h) => h.session === session && h.mode === mode);
    if (hold === undefined) {
      hold = { session, mode, sessionCount: 0, transactions: [] };
      this.locks.set(key, [...holds, hold]);
    }
    if (xact === null) hold.sessionCount++;
    else hold.transactions.push(xact);
  }

  /**
   * pg_advisory_unlock[_shared]: one session-level hold in that mode released; false (with
   * PostgreSQL's warning "you don't own a lock of type …") if the session has none.
   */
  unlock(key: string, session: string, mode: AdvisoryMode): boolean {
    const hold = this.holdsOf(key).find((h) => h.session === session && h.mode === mode);
    if (hold === undefined || hold.sessionCount === 0) return false;
    hold.sessionCount--;
    this.holdsOf(key);
    return true;
  }

  /** pg_advisory_unlock_all: every session-level hold of the session, in both modes. */
  unlockAll(session: string): void {
    for (const [key, holds] of this.locks) {
      for (const hold of holds) if (hold.session === session) hold.sessionCount = 0;
      this.holdsOf(key);
    }
  }

  /** `advisory lock 1: T1 exclusive (2 session-level, 0 transaction-level)`, for drawings. */
  describe(): string[] {
    return [...this.locks.keys()].flatMap((key) =>
      this.holdsOf(key).map(
        (hold) =>
          `advisory lock ${key}: ${hold.session}${hold.mode === 'shared' ? ' shared' : ''} (${hold.sessionCount} session-level, ${hold.transactions.length} transaction-level)`,
      ),
    );
  }
}

/** PostgreSQL's name for the heavyweight mode of an advisory lock, as pg_locks shows it. */
export function advisoryLockModeName(mode: AdvisoryMode): string {
  return mode === 'shared' ? 'ShareLock' : 'ExclusiveLock';
}

/** Takes the advisory lock `key` for the statement's session, waiting while another holds it in a conflicting mode. */
export function* takeAdvisoryLock(
  table: AdvisoryLockTable,
  key: string,
  xact: ModelTransaction,
  scope: 'session' | 'transaction',
  mode: AdvisoryMode = 'exclusive',
): Work<void> {
  while (!table.canTake(key, xact.session, mode)) {
    const holders = table.blockersOf(key, xact.session, mode).join(' and ');
    yield { kind: 'advisory', key, mode, reason: `the advisory lock ${key}, which ${holders} holds` };
  }
  table.take(key, xact.session, mode, scope === 'session' ? null : xact);
}

/**
 * One call of an advisory-lock function, as lockfuncs.c runs it: the lock functions return
 * void (shown as an empty cell, and not null: `pg_advisory_lock(k) IS NOT NULL` holds); the
 * unlock functions true, or false (with PostgreSQL's warning "you don't own a lock of type
 * …") when the session holds no session-level lock on the key in that mode.
 */
export function* callAdvisoryFunction(
  table: AdvisoryLockTable,
  call: { readonly function: AdvisoryFunction; readonly key: string | null },
  xact: ModelTransaction,
): Work<Value> {
  const key = call.key ?? '';
  const mode: AdvisoryMode = call.function.endsWith('_shared') ? 'shared' : 'exclusive';
  switch (call.function) {
    case 'pg_advisory_lock':
    case 'pg_advisory_lock_shared':
      yield* takeAdvisoryLock(table, key, xact, 'session', mode);
      return '';
    case 'pg_advisory_xact_lock':
    case 'pg_advisory_xact_lock_shared':
      yield* takeAdvisoryLock(table, key, xact, 'transaction', mode);
      return '';
    case 'pg_advisory_unlock':
    case 'pg_advisory_unlock_shared':
      return table.unlock(key, xact.session, mode);
    case 'pg_advisory_unlock_all':
      table.unlockAll(xact.session);
      return '';
  }
}
