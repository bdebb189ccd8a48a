/**
 * Advisory locks: locks on numbers that mean whatever the application decides
 * (pg_advisory_lock and friends, src/backend/utils/adt/lockfuncs.c). PostgreSQL keeps them in
 * the same heavyweight lock table as locks on tables and transaction ids, so a wait for one is
 * an edge of the waits-for graph the deadlock detector searches like any other.
 *
 * The model has the exclusive kind, in its two lifetimes:
 *
 * - `pg_advisory_lock(key)`: held by the session, across transactions (a rollback does not
 *   release it), until `pg_advisory_unlock(key)` or `pg_advisory_unlock_all()`. It is
 *   re-entrant: a session that takes it twice must release it twice.
 * - `pg_advisory_xact_lock(key)`: held by the transaction, released when it ends; it cannot be
 *   released earlier.
 *
 * A session waits while another session holds the key in either lifetime. PostgreSQL's test
 * suite uses them to make a statement wait at a chosen point: `WHERE pg_advisory_lock(k) IS NOT
 * NULL` in a query waits after the query took its snapshot and before it locks a row.
 */
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Work } from './wait.ts';

interface AdvisoryHolds {
  readonly session: string;
  /** Session-level holds (pg_advisory_lock), counted: each needs its unlock. */
  sessionCount: number;
  /** The transactions that took it with pg_advisory_xact_lock; a hold ends with its transaction. */
  readonly transactions: ModelTransaction[];
}

export class AdvisoryLockTable {
  private readonly locks = new Map<string, AdvisoryHolds>();

  /** The session holding the key, or null (transaction-level holds end with their transaction). */
  holderOf(key: string): string | null {
    const holds = this.locks.get(key);
    if (holds === undefined) return null;
    const live = holds.transactions.filter((xact) => xact.status === 'active');
    holds.transactions.splice(0, holds.transactions.length, ...live);
    if (holds.sessionCount === 0 && live.length === 0) {
      this.locks.delete(key);
      return null;
    }
    return holds.session;
  }

  canTake(key: string, session: string): boolean {
    const holder = this.holderOf(key);
    return holder === null || holder === session;
  }

  take(key: string, session: string, xact: ModelTransaction | null): void {
    let holds = this.locks.get(key);
    if (holds === undefined || this.holderOf(key) === null) {
      holds = { session, sessionCount: 0, transactions: [] };
      this.locks.set(key, holds);
    }
    if (xact === null) holds.sessionCount++;
    else holds.transactions.push(xact);
  }

  /** pg_advisory_unlock: one session-level hold released; false (with PostgreSQL's warning) if none. */
  unlock(key: string, session: string): boolean {
    const holds = this.locks.get(key);
    if (holds === undefined || holds.session !== session || holds.sessionCount === 0) return false;
    holds.sessionCount--;
    this.holderOf(key);
    return true;
  }

  /** pg_advisory_unlock_all: every session-level hold of the session. */
  unlockAll(session: string): void {
    for (const [key, holds] of this.locks) {
      if (holds.session !== session) continue;
      holds.sessionCount = 0;
      this.holderOf(key);
    }
  }

  /** `key 1 (session T1, 2 session-level holds)`, for drawings. */
  describe(): string[] {
    return [...this.locks.keys()].flatMap((key) => {
      const holder = this.holderOf(key);
      const holds = this.locks.get(key);
      return holder === null || holds === undefined
        ? []
        : [
            `advisory lock ${key}: ${holder} (${holds.sessionCount} session-level, ${holds.transactions.length} transaction-level)`,
          ];
    });
  }
}

/** Takes the advisory lock `key` for the statement's session, waiting while another holds it. */
export function* takeAdvisoryLock(
  table: AdvisoryLockTable,
  key: string,
  xact: ModelTransaction,
  scope: 'session' | 'transaction',
): Work<void> {
  while (!table.canTake(key, xact.session)) {
    yield { kind: 'advisory', key, reason: `the advisory lock ${key}, which ${table.holderOf(key)} holds` };
  }
  table.take(key, xact.session, scope === 'session' ? null : xact);
}
