/**
 * A waiting statement seen from the lock manager: when its wait is over, and whom it waits for.
 *
 * PostgreSQL's backend sleeps in ProcSleep (src/backend/storage/lmgr/proc.c) until the lock it
 * asked for is granted, and its lock manager knows at every moment which backends hold or wait
 * ahead for what it wants: the edges of the waits-for graph that DeadLockCheck searches
 * (deadlock.c's FindLockCycle). The model keeps its waits as values (wait.ts); these two
 * functions read them against the database's state: `waitIsOver` is the grant that wakes a
 * sleeping backend, `blockersOf` the edges (deadlock-detector.ts). Every kind of wait must have
 * both: a wait with no edge is a wait nothing can ever find in a cycle.
 */
import type { ModelDatabase } from '../model-database.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { advisoryLockModeName } from './advisory-locks.ts';
import { lockModeName } from './relation-locks.ts';
import type { Wait } from './wait.ts';

/** The session that waits, and its transaction. */
export interface Waiter {
  readonly name: string;
  readonly xact: ModelTransaction | null;
}

/** Whether the wait is over: the statement may go on. */
export function waitIsOver(db: ModelDatabase, waiter: Waiter, wait: Wait): boolean {
  switch (wait.kind) {
    case 'transaction':
      return !db.xacts.isRunning(wait.xid) || wait.stillHolds?.() === false;
    case 'tuple': {
      const lock = db.tupleLocks.get(wait.key);
      const xact = waiter.xact;
      return lock === undefined || (lock.holder === null && lock.queue[0] === xact);
    }
    case 'two-phase':
      return db.twoPhase.blockers(wait.lock).length === 0;
    case 'safe-snapshot': {
      const sxact = waiter.xact?.sxact ?? null;
      return sxact === null || db.ssi.safeSnapshotDecided(sxact);
    }
    case 'advisory':
      return db.advisory.canTake(wait.key, waiter.name, wait.mode);
    case 'relation': {
      const xact = waiter.xact;
      return xact === null || db.relationLocks.blockers(wait.table, xact, wait.mode).length === 0;
    }
    case 'lockers':
      return wait.transactions.every((xact) => xact.status !== 'active');
  }
}

/** The sessions a wait is for: the edges of the waits-for graph that deadlock detection reads. */
export function blockersOf(db: ModelDatabase, waiter: Waiter, wait: Wait): string[] {
  switch (wait.kind) {
    case 'transaction':
      return [db.xacts.sessionOf(wait.xid)];
    case 'tuple': {
      const lock = db.tupleLocks.get(wait.key);
      const holder =
        lock?.holder?.session ?? lock?.queue.find((xact) => xact.session !== waiter.name)?.session;
      return holder === undefined ? [] : [holder];
    }
    case 'two-phase':
      return [...new Set(db.twoPhase.blockers(wait.lock).map((lock) => lock.owner))];
    case 'safe-snapshot': {
      const sxact = waiter.xact?.sxact;
      return sxact === undefined || sxact === null
        ? []
        : [...sxact.possibleUnsafeConflicts].map((other) => other.session);
    }
    case 'advisory':
      return db.advisory.blockersOf(wait.key, waiter.name, wait.mode);
    case 'relation': {
      const xact = waiter.xact;
      return xact === null
        ? []
        : [...new Set(db.relationLocks.blockers(wait.table, xact, wait.mode).map((other) => other.session))];
    }
    case 'lockers':
      return [
        ...new Set(wait.transactions.filter((xact) => xact.status === 'active').map((xact) => xact.session)),
      ];
  }
}

/** The lock a wait is for, in the words of PostgreSQL's deadlock report (`ShareLock on transaction …`). */
export function lockWaitedFor(wait: Wait): string {
  return wait.kind === 'transaction'
    ? 'ShareLock on a transaction'
    : wait.kind === 'tuple'
      ? `${wait.lockMode} on tuple ${wait.key.slice(wait.key.indexOf(' ') + 1)}`
      : wait.kind === 'advisory'
        ? `${advisoryLockModeName(wait.mode)} on advisory lock ${wait.key}`
        : wait.kind === 'relation'
          ? `${lockModeName(wait.mode)} on relation ${wait.table}`
          : wait.kind === 'lockers'
            ? 'ShareLock on a virtual transaction'
            : wait.reason;
}
