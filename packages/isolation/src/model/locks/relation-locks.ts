/**
 * Table-level locks: the eight modes of PostgreSQL's heavyweight locks on a relation
 * (src/backend/storage/lmgr/lock.c, the conflict table in lmgr.c's LockConflicts), taken by
 * every statement and by LOCK TABLE, held until the transaction ends.
 *
 * A SELECT takes ACCESS SHARE, a SELECT … FOR UPDATE/SHARE ROW SHARE, INSERT, UPDATE and DELETE
 * ROW EXCLUSIVE; these never conflict with one another, which is why ordinary work never waits
 * here. LOCK TABLE takes any mode, ACCESS EXCLUSIVE by default, and it is what makes them wait.
 *
 * A request is granted when it conflicts with no mode another transaction holds and with no
 * mode a transaction queued before it waits for: the queue is fair, a stream of weak requests
 * cannot starve a strong one. One exception (ProcSleep in proc.c): a transaction that already
 * holds a lock conflicting with a waiter's request goes ahead of that waiter, since the waiter
 * must wait for it anyway. Waiting for a holder or for a waiter ahead both count in the
 * waits-for graph (PostgreSQL's hard and soft edges); before it calls a cycle a deadlock, the
 * detector tries to break it by letting a waiter go ahead of one it waits for only because that
 * one queued first (moveAhead), as DeadLockCheck does.
 */
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { Work } from './wait.ts';

export type RelationLockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** The modes, weakest first. */
export const relationLockModes: readonly RelationLockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** The modes each mode conflicts with, by their place in `relationLockModes` (PostgreSQL's LockConflicts). */
const conflictsWith: Readonly<Record<RelationLockMode, readonly number[]>> = {
  'ACCESS SHARE': [7],
  'ROW SHARE': [6, 7],
  'ROW EXCLUSIVE': [4, 5, 6, 7],
  'SHARE UPDATE EXCLUSIVE': [3, 4, 5, 6, 7],
  SHARE: [2, 3, 5, 6, 7],
  'SHARE ROW EXCLUSIVE': [2, 3, 4, 5, 6, 7],
  EXCLUSIVE: [1, 2, 3, 4, 5, 6, 7],
  'ACCESS EXCLUSIVE': [0, 1, 2, 3, 4, 5, 6, 7],
};

export function relationLocksConflict(a: RelationLockMode, b: RelationLockMode): boolean {
  return conflictsWith[a].includes(relationLockModes.indexOf(b));
}

/** `AccessExclusiveLock`, as PostgreSQL names the mode in its messages. */
export function lockModeName(mode: RelationLockMode): string {
  return `${mode
    .toLowerCase()
    .split(' ')
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('')}Lock`;
}

interface RelationLock {
  readonly held: { readonly xact: ModelTransaction; readonly mode: RelationLockMode }[];
  readonly queue: { readonly xact: ModelTransaction; readonly mode: RelationLockMode }[];
}

export class RelationLockTable {
  private readonly locks = new Map<string, RelationLock>();

  private lockOf(table: string): RelationLock {
    let lock = this.locks.get(table);
    if (lock === undefined) {
      lock = { held: [], queue: [] };
      this.locks.set(table, lock);
    }
    // A transaction's locks go when it ends, and so does its place in the queue.
    if (lock.held.some(hasEnded)) {
      const live = lock.held.filter((hold) => !hasEnded(hold));
      lock.held.splice(0, lock.held.length, ...live);
    }
    if (lock.queue.some(hasEnded)) {
      const waiting = lock.queue.filter((entry) => !hasEnded(entry));
      lock.queue.splice(0, lock.queue.length, ...waiting);
    }
    return lock;
  }

  /**
   * Who `xact` must wait for to take `mode` on `table`: holders of a conflicting mode, and
   * waiters queued before it asking for a conflicting mode (unless it holds a lock that
   * conflicts with theirs, and so goes ahead of them). Empty when it may take it now.
   */
  blockers(table: string, xact: ModelTransaction, mode: RelationLockMode): ModelTransaction[] {
    const lock = this.lockOf(table);
    // The common case, every statement's weak lock beside others' weak locks: nothing to wait for.
    if (
      lock.queue.length === 0 &&
      !lock.held.some((hold) => hold.xact !== xact && relationLocksConflict(hold.mode, mode))
    )
      return [];
    const mine = lock.held.filter((hold) => hold.xact === xact).map((hold) => hold.mode);
    if (mine.includes(mode)) return [];
    const holders = lock.held
      .filter((hold) => hold.xact !== xact && relationLocksConflict(hold.mode, mode))
      .map((hold) => hold.xact);
    const at = lock.queue.findIndex((entry) => entry.xact === xact);
    const ahead = (at === -1 ? lock.queue : lock.queue.slice(0, at)).filter(
      (entry) =>
        entry.xact !== xact &&
        relationLocksConflict(entry.mode, mode) &&
        !mine.some((held) => relationLocksConflict(held, entry.mode)),
    );
    return [...new Set([...holders, ...ahead.map((entry) => entry.xact)])];
  }

  /** The other transactions holding a mode on `table` that conflicts with `mode` (GetLockConflicts). */
  holders(table: string, xact: ModelTransaction, mode: RelationLockMode): ModelTransaction[] {
    const lock = this.lockOf(table);
    return [
      ...new Set(
        lock.held
          .filter((hold) => hold.xact !== xact && relationLocksConflict(hold.mode, mode))
          .map((hold) => hold.xact),
      ),
    ];
  }

  /**
   * Grants `mode` at once when nothing stands in the way (no queue, no conflicting holder) and
   * says whether it did: one look at the lock, for the weak locks every query takes.
   */
  tryGrant(table: string, xact: ModelTransaction, mode: RelationLockMode): boolean {
    const lock = this.locks.get(table);
    if (lock === undefined) {
      this.locks.set(table, { held: [{ xact, mode }], queue: [] });
      return true;
    }
    if (lock.queue.length > 0) return false;
    let mine = false;
    for (const hold of lock.held) {
      if (hold.xact === xact) {
        if (hold.mode === mode) mine = true;
      } else if (hold.xact.status === 'active' && relationLocksConflict(hold.mode, mode)) return false;
    }
    if (!mine) lock.held.push({ xact, mode });
    return true;
  }

  grant(table: string, xact: ModelTransaction, mode: RelationLockMode): void {
    const lock = this.lockOf(table);
    const at = lock.queue.findIndex((entry) => entry.xact === xact);
    if (at !== -1) lock.queue.splice(at, 1);
    if (!lock.held.some((hold) => hold.xact === xact && hold.mode === mode)) lock.held.push({ xact, mode });
  }

  /**
   * ProcSleep's early deadlock check: a waiter ahead must wait for a lock this transaction
   * holds, and holds one this request must wait for. Neither can go first, so the request
   * fails at once (40P01) instead of sleeping until deadlock_timeout.
   */
  deadlocksWithWaiter(
    table: string,
    xact: ModelTransaction,
    mode: RelationLockMode,
  ): ModelTransaction | null {
    const lock = this.lockOf(table);
    const mine = lock.held.filter((hold) => hold.xact === xact).map((hold) => hold.mode);
    for (const entry of lock.queue) {
      if (entry.xact === xact) continue;
      const mustWaitForMe = mine.some((held) => relationLocksConflict(held, entry.mode));
      const theirs = lock.held.filter((hold) => hold.xact === entry.xact).map((hold) => hold.mode);
      if (mustWaitForMe && theirs.some((held) => relationLocksConflict(held, mode))) return entry.xact;
    }
    return null;
  }

  enqueue(table: string, xact: ModelTransaction, mode: RelationLockMode): void {
    const lock = this.lockOf(table);
    if (!lock.queue.some((entry) => entry.xact === xact)) lock.queue.push({ xact, mode });
  }

  /**
   * A soft edge of the waits-for graph: `xact` waits for `other` only because `other` queued
   * first for a conflicting mode, not because it holds one. DeadLockCheck (deadlock.c) breaks a
   * cycle made with such edges by reordering the queue: `xact` goes ahead of `other`. Returns
   * the queue as it was, to put back if the reordering does not break every cycle; null when
   * the edge is not soft.
   */
  moveAhead(table: string, xact: ModelTransaction, other: ModelTransaction): (() => void) | null {
    const lock = this.lockOf(table);
    const mine = lock.queue.findIndex((entry) => entry.xact === xact);
    const theirs = lock.queue.findIndex((entry) => entry.xact === other);
    const entry = lock.queue[mine];
    if (entry === undefined || theirs === -1 || theirs > mine) return null;
    if (lock.held.some((hold) => hold.xact === other && relationLocksConflict(hold.mode, entry.mode)))
      return null;
    const before = [...lock.queue];
    lock.queue.splice(mine, 1);
    lock.queue.splice(theirs, 0, entry);
    return () => lock.queue.splice(0, lock.queue.length, ...before);
  }

  /** Lets go of the transaction's locks on `table` (VACUUM commits after each table it vacuums). */
  release(table: string, xact: ModelTransaction): void {
    const lock = this.lockOf(table);
    const kept = lock.held.filter((hold) => hold.xact !== xact);
    lock.held.splice(0, lock.held.length, ...kept);
  }

  /**
   * Every lock mode held or waited for, relation by relation, as pg_locks lists them
   * (executor/catalog-views.ts): held ones granted, queued ones not.
   */
  *entries(): Generator<{
    readonly relation: string;
    readonly xact: ModelTransaction;
    readonly mode: RelationLockMode;
    readonly granted: boolean;
  }> {
    for (const [relation, lock] of this.locks) {
      for (const hold of lock.held) if (!hasEnded(hold)) yield { relation, ...hold, granted: true };
      for (const entry of lock.queue) if (!hasEnded(entry)) yield { relation, ...entry, granted: false };
    }
  }

  /** A statement cancelled while it waited (a deadlock victim) leaves the queue. */
  leave(xact: ModelTransaction): void {
    for (const lock of this.locks.values()) {
      const at = lock.queue.findIndex((entry) => entry.xact === xact);
      if (at !== -1) lock.queue.splice(at, 1);
    }
  }
}

/** Takes `mode` on `table` for the transaction, waiting as LockAcquire does; NOWAIT fails at once. */
export function* lockRelation(
  locks: RelationLockTable,
  table: string,
  xact: ModelTransaction,
  mode: RelationLockMode,
  nowait = false,
): Work<void> {
  if (locks.blockers(table, xact, mode).length > 0) {
    if (nowait) throw new ModelSqlError('55P03', `could not obtain lock on relation "${table}"`);
    const other = locks.deadlocksWithWaiter(table, xact, mode);
    if (other !== null) {
      throw new ModelSqlError('40P01', 'deadlock detected', {
        detail: `Session ${xact.session} waits for ${lockModeName(mode)} on relation ${table}; blocked by session ${other.session}.\nSession ${other.session} waits for a lock on relation ${table}; blocked by session ${xact.session}.`,
      });
    }
    locks.enqueue(table, xact, mode);
    try {
      while (locks.blockers(table, xact, mode).length > 0) {
        yield { kind: 'relation', table, mode, reason: `${lockModeName(mode)} on relation ${table}` };
      }
    } finally {
      locks.leave(xact);
    }
  }
  locks.grant(table, xact, mode);
}

/**
 * Whether a lock's holder or waiter has ended. At module level, not a closure in lockOf: lockOf
 * runs for every statement, and a named closure made there costs a defineProperty each time
 * under esbuild's keepNames (tsx, the bundle), 4% of a catalog pass in a profile.
 */
function hasEnded(entry: { readonly xact: ModelTransaction }): boolean {
  return entry.xact.status !== 'active';
}
