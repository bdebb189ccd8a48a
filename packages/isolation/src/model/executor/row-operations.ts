/**
 * Changing and locking one tuple version: heap_update, heap_delete and heap_lock_tuple
 * (src/backend/access/heap/heapam.c), with their waits.
 *
 * Each first asks whether the version may be changed now (HeapTupleSatisfiesUpdate,
 * visibility.ts). If another running transaction has updated, deleted or locked it in a
 * conflicting mode, the statement queues for the tuple's heavyweight lock
 * (heap_acquire_tuplock; not when its transaction already holds a row lock on the tuple) and
 * then sleeps until that transaction ends (XactLockTableWait):
 * a row lock in PostgreSQL is the writer's transaction id in the row's xmax, held until the
 * writer commits or aborts. Woken, it asks again. If a committed transaction got there first
 * the caller decides what that means (nodeModifyTable.c: an error at repeatable read and
 * serializable, EvalPlanQual at read committed).
 *
 * Before actually writing, a serializable transaction checks for rw-conflicts with readers
 * that hold SIREAD locks on the tuple, its page or its table (CheckForSerializableConflictIn).
 */

import type { Work } from '../locks/wait.ts';
import {
  formatTid,
  type TupleLockMode,
  type TupleVersion,
  tupleLockRank,
  tupleLocksConflict,
} from '../mvcc/heap.ts';
import { checkUpdate, isVisible, updaterMode } from '../mvcc/visibility.ts';
import { narrate } from '../narration.ts';
import type { LockWaitPolicy } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { recordCreated, recordEnded, recordLocked } from './savepoint-undo.ts';
import type { StatementContext } from './statement-context.ts';

export type RowOutcome =
  | { readonly kind: 'done'; readonly version: TupleVersion }
  /** A committed transaction updated it (TM_Updated): its newer version is the version's `next`. */
  | { readonly kind: 'updated' }
  | { readonly kind: 'deleted' }
  /** A committed UPDATE moved it to another partition (a delete here, an insert there). */
  | { readonly kind: 'moved' }
  | { readonly kind: 'self-modified' }
  | { readonly kind: 'invisible' }
  /** SKIP LOCKED met a row another transaction holds (TM_WouldBlock): leave it out. */
  | { readonly kind: 'would-block' };

/** The heavyweight lock mode PostgreSQL takes on the tuple while it waits (tupleLockExtraInfo). */
const heavyweightMode: Record<TupleLockMode, string> = {
  'key share': 'AccessShareLock',
  share: 'RowShareLock',
  'no key exclusive': 'ExclusiveLock',
  exclusive: 'AccessExclusiveLock',
};

export function tupleLockKey(version: TupleVersion): string {
  return `${version.table} ${formatTid(version.tid)}`;
}

/** heap_acquire_tuplock: first in line for the tuple, or wait behind whoever is. */
function* acquireTupleLock(
  context: StatementContext,
  version: TupleVersion,
  mode: TupleLockMode,
): Work<void> {
  const { db, xact } = context;
  const key = tupleLockKey(version);
  const lock = db.tupleLock(key);
  if (lock.holder === null && (lock.queue.length === 0 || lock.queue[0] === xact)) {
    if (lock.queue[0] === xact) lock.queue.shift();
    lock.holder = xact;
    return;
  }
  if (!lock.queue.includes(xact)) lock.queue.push(xact);
  const ahead = lock.holder?.session ?? lock.queue[0]?.session ?? 'another session';
  db.narrator?.record('block', [xact.session, ahead], narrate.queuesForTuple(xact.session, key, ahead));
  yield { kind: 'tuple', key, lockMode: heavyweightMode[mode], reason: `the tuple lock on ${key}` };
  const granted = db.tupleLock(key);
  const at = granted.queue.indexOf(xact);
  if (at !== -1) granted.queue.splice(at, 1);
  granted.holder = xact;
}

function releaseTupleLock(context: StatementContext, version: TupleVersion): void {
  const key = tupleLockKey(version);
  const lock = context.db.tupleLocks.get(key);
  if (lock === undefined || lock.holder !== context.xact) return;
  lock.holder = null;
  if (lock.queue.length === 0) context.db.tupleLocks.delete(key);
}

/** Sleeps until each blocking transaction has ended (XactLockTableWait). */
function* waitForTransactions(
  context: StatementContext,
  version: TupleVersion,
  blockers: readonly number[],
  action: string,
  stillBlocks: (blocker: number) => boolean,
): Work<void> {
  const { db, xact } = context;
  for (const blocker of blockers) {
    if (!db.xacts.isRunning(blocker)) continue;
    const holder = db.xacts.sessionOf(blocker);
    const how = version.xmax === blocker ? (version.ending === 'update' ? 'updated' : 'deleted') : 'locked';
    db.narrator?.record(
      'block',
      [xact.session, holder],
      narrate.waitsForRow(xact.session, action, context.describe(version), holder, blocker, how),
    );
    yield {
      kind: 'transaction',
      xid: blocker,
      reason: `${holder} (xid ${blocker}), which ${how} ${tupleLockKey(version)}`,
      stillHolds: () => stillBlocks(blocker),
    };
    db.narrator?.record(
      'resume',
      [xact.session],
      narrate.resumes(
        holder,
        db.xacts.statusOf(blocker) === 'committed',
        xact.session,
        tupleLockKey(version),
      ),
    );
  }
}

/**
 * The loop every row operation shares: ask, wait while another transaction holds the
 * version, ask again; `act` runs once the version is free.
 */
function* whenFree(
  context: StatementContext,
  version: TupleVersion,
  mode: TupleLockMode,
  action: string,
  act: () => TupleVersion,
  waitPolicy: LockWaitPolicy = 'block',
): Work<RowOutcome> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  let queued = false;
  try {
    for (;;) {
      const check = checkUpdate(version, xid, context.cid, mode, db.xacts);
      switch (check.kind) {
        case 'being-modified':
          // NOWAIT and SKIP LOCKED try the tuple lock and the holder's transaction lock
          // conditionally (heap_lock_tuple: ConditionalLockTupleTuplock, ConditionalXactLockTableWait).
          if (waitPolicy === 'nowait') throw lockNotAvailable(version);
          if (waitPolicy === 'skip locked') return { kind: 'would-block' };
          // A transaction that already holds a lock on the tuple (asking for a stronger one)
          // does not queue for the tuple lock: behind a waiter that waits for it, the two
          // would wait for each other (heap_lock_tuple's skip_tuple_lock, PostgreSQL 12).
          if (!queued && !version.lockers.some((lock) => lock.xid === xid)) {
            yield* acquireTupleLock(context, version, mode);
            queued = true;
          }
          yield* waitForTransactions(context, version, check.blockers, action, (blocker) => {
            const again = checkUpdate(version, xid, context.cid, mode, db.xacts);
            return again.kind === 'being-modified' && again.blockers.includes(blocker);
          });
          continue;
        case 'ok': {
          const crosscheck = context.crosscheckViewer();
          if (crosscheck !== null && !isVisible(version, crosscheck, db.xacts)) return { kind: 'updated' };
          return { kind: 'done', version: act() };
        }
        default:
          return { kind: check.kind };
      }
    }
  } finally {
    if (queued) releaseTupleLock(context, version);
  }
}

/** heap_update: the new version of `version`, with `values`. */
export function* updateRow(
  context: StatementContext,
  version: TupleVersion,
  values: readonly (string | number | boolean | null)[],
  keyChanged: boolean,
): Work<RowOutcome> {
  const { db, xact } = context;
  const table = db.table(version.table);
  const mode: TupleLockMode = keyChanged ? 'exclusive' : 'no key exclusive';
  return yield* whenFree(context, version, mode, 'update', () => {
    const xid = xact.xid as number;
    checkSerializableConflictIn(context, version, 'updates');
    recordEnded(xact, version);
    const created = table.update(version, values, xid, context.cid);
    recordCreated(xact, created);
    // Other transactions' row locks that this update did not wait for (FOR KEY SHARE beside a
    // no-key update) stay on the new version: heap_update keeps the old xmax's lockers.
    created.lockers = version.lockers.filter(
      (lock) => lock.xid !== xid && db.xacts.isRunning(lock.xid) && !tupleLocksConflict(lock.mode, mode),
    );
    version.xmax = xid;
    version.cmax = context.cid;
    version.ending = 'update';
    table.markPrunable(version, xid);
    version.keysUpdated = keyChanged;
    version.next = created;
    xact.history.installs.push({ kind: 'update', version: created });
    db.narrator?.record(
      'write',
      [xact.session],
      narrate.updated(
        xact.session,
        context.describe(version),
        context.describe(created),
        xid,
        created.heapOnly,
      ),
    );
    return created;
  });
}

/** heap_delete; `moving` when an UPDATE moves the row to another partition (changingPart). */
export function* deleteRow(
  context: StatementContext,
  version: TupleVersion,
  moving = false,
): Work<RowOutcome> {
  const { db, xact } = context;
  return yield* whenFree(context, version, 'exclusive', 'delete', () => {
    const xid = xact.xid as number;
    checkSerializableConflictIn(context, version, 'deletes');
    recordEnded(xact, version);
    version.xmax = xid;
    version.cmax = context.cid;
    version.ending = moving ? 'moved' : 'delete';
    db.table(version.table).markPrunable(version, xid);
    version.next = null;
    xact.history.installs.push({ kind: 'delete', version });
    db.narrator?.record(
      'write',
      [xact.session],
      narrate.deleted(xact.session, context.describe(version), xid),
    );
    return version;
  });
}

/**
 * heap_lock_tuple: a row lock without a change (SELECT … FOR UPDATE/SHARE, and the lock
 * EvalPlanQual takes on the newest version). With `followUpdates` (read committed), a
 * version a committed transaction updated is not an answer: the lock moves along the ctid
 * chain to the newest version (TUPLE_LOCK_FLAG_FIND_LAST_VERSION).
 */
export function* lockRow(
  context: StatementContext,
  start: TupleVersion,
  mode: TupleLockMode,
  followUpdates: boolean,
  waitPolicy: LockWaitPolicy = 'block',
): Work<RowOutcome & { traversed?: boolean }> {
  const { db, xact } = context;
  let version = start;
  let traversed = false;
  const xid = db.assignXid(xact);
  for (;;) {
    const current = version;
    const chain = keyShareChain(context, current, mode, xid);
    if (chain?.kind === 'wait') {
      if (waitPolicy === 'nowait') throw lockNotAvailable(chain.at);
      if (waitPolicy === 'skip locked') return { kind: 'would-block', traversed };
      yield* waitForTransactions(context, chain.at, chain.blockers, 'lock', (blocker) => {
        const again = keyShareChain(context, current, mode, xid);
        return again?.kind === 'wait' && again.blockers.includes(blocker);
      });
      continue;
    }
    const lockChain = () => {
      const held = current.lockers.find((lock) => lock.xid === xid);
      if (held === undefined || tupleLockRank[held.mode] < tupleLockRank[mode]) {
        // Beside an update that changed no key, the lock also goes onto the newer versions,
        // so that it still guards the key there (heap_lock_updated_tuple).
        for (let at: TupleVersion | null = current; at !== null; at = at.xmax !== null ? at.next : null) {
          recordLocked(xact, at);
          at.lockers = [...at.lockers.filter((lock) => lock.xid !== xid), { xid, mode }];
          if (at.xmax === null || db.xacts.statusOf(at.xmax) === 'aborted') break;
        }
        db.narrator?.record(
          'lock',
          [xact.session],
          narrate.locked(xact.session, context.describe(current), describeMode(mode), xid),
        );
      }
      return current;
    };
    if (chain?.kind === 'ok' && current.xmax !== null && db.xacts.statusOf(current.xmax) === 'committed') {
      // FOR KEY SHARE on a version whose updater committed without changing the key: the
      // version itself is locked, not followed (heap_lock_tuple: "if tuple was updated but not
      // key-updated, then we can lock the old version"); a repeatable-read transaction gets
      // no 40001, and the row it returns is the one its snapshot saw.
      return { kind: 'done', version: lockChain(), traversed };
    }
    const outcome = yield* whenFree(context, current, mode, 'lock', lockChain, waitPolicy);
    if (outcome.kind === 'updated' && followUpdates && current.next !== null) {
      version = current.next;
      traversed = true;
      continue;
    }
    return { ...outcome, traversed };
  }
}

/**
 * FOR KEY SHARE beside updates that changed no key. Such an update (running or committed)
 * does not conflict with it (checkUpdate), but the lock must hold on every newer version of
 * the row too, and a newer version may have been updated again, this time changing its key
 * or deleting it, or locked FOR UPDATE. heap_lock_updated_tuple walks the chain: it waits for
 * a running transaction that holds a newer version in a conflicting mode, and fails (the row
 * was updated) on a committed one. Null when the rule does not apply (another mode, or the
 * version's own updater conflicts, which checkUpdate handles); `ok` when the whole chain can
 * be locked.
 */
function keyShareChain(
  context: StatementContext,
  version: TupleVersion,
  mode: TupleLockMode,
  xid: number,
):
  | { readonly kind: 'ok' }
  | { readonly kind: 'updated' }
  | { readonly kind: 'wait'; readonly at: TupleVersion; readonly blockers: readonly number[] }
  | null {
  const { xacts } = context.db;
  const endedBy = (at: TupleVersion) =>
    at.xmax !== null && at.xmax !== xid && xacts.statusOf(at.xmax) !== 'aborted' ? at.xmax : null;
  const first = endedBy(version);
  if (mode !== 'key share' || first === null || tupleLocksConflict(updaterMode(version), mode)) return null;
  for (let at = version.next; at !== null; at = endedBy(at) === null ? null : at.next) {
    const lockers = at.lockers
      .filter((lock) => lock.xid !== xid && xacts.isRunning(lock.xid) && tupleLocksConflict(lock.mode, mode))
      .map((lock) => lock.xid);
    if (lockers.length > 0) return { kind: 'wait', at, blockers: lockers };
    const updater = endedBy(at);
    if (updater === null || !tupleLocksConflict(updaterMode(at), mode)) continue;
    if (xacts.isRunning(updater)) return { kind: 'wait', at, blockers: [updater] };
    return { kind: 'updated' };
  }
  return { kind: 'ok' };
}

/** 55P03, as heapam.c words it for a row (the relation's name, not the row). */
function lockNotAvailable(version: TupleVersion): ModelSqlError {
  return new ModelSqlError('55P03', `could not obtain lock on row in relation "${version.table}"`);
}

export function describeMode(mode: TupleLockMode): string {
  switch (mode) {
    case 'exclusive':
      return 'FOR UPDATE';
    case 'no key exclusive':
      return 'FOR NO KEY UPDATE';
    case 'share':
      return 'FOR SHARE';
    case 'key share':
      return 'FOR KEY SHARE';
  }
}

/**
 * Writing a tuple looks for SIREAD locks on it, on its page and on its table: any reader
 * holding one gets a rw-conflict to this writer (PostgreSQL: CheckForSerializableConflictIn).
 */
function checkSerializableConflictIn(
  context: StatementContext,
  version: TupleVersion,
  verb: 'updates' | 'deletes',
): void {
  context.db.ssi.checkConflictIn(
    context.xact,
    [
      { kind: 'tuple', relation: version.table, page: version.tid.page, offset: version.tid.offset },
      { kind: 'page', relation: version.table, page: version.tid.page },
      { kind: 'relation', relation: version.table },
    ],
    `${verb} ${tupleLockKey(version)}`,
  );
}
