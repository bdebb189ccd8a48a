/**
 * Which tuple versions a transaction sees, may change, or must wait for: PostgreSQL's
 * src/backend/access/heap/heapam_visibility.c, reduced to what the model needs.
 *
 * - HeapTupleSatisfiesMVCC: visible to a snapshot. The creator (xmin) must have committed
 *   before the snapshot was taken (or be this transaction, in an earlier command), and the
 *   deleter (xmax), if any, must not have: a version deleted by a transaction the snapshot
 *   does not see is still visible.
 * - the dirty rule of read uncommitted: the newest version that is not aborted, committed or
 *   not (PostgreSQL never does this; the SQL standard allows it, and the model shows it).
 * - HeapTupleSatisfiesUpdate: may this transaction update, delete or lock the version now?
 *   "ok", "being modified" (another running transaction holds it: wait), "updated" or
 *   "deleted" (a committed transaction got there first), or invisible.
 * - HeapTupleSatisfiesVacuum: is the version live, dead, or being inserted or deleted? SSI
 *   reads the answer to find the writer a reader conflicts with (predicate.c).
 */
import { type TupleLockMode, type TupleVersion, tupleLocksConflict } from './heap.ts';
import { type Snapshot, xidInSnapshot } from './snapshot.ts';
import type { TransactionTable } from './transaction-table.ts';

/** Who is looking: the transaction's id (null before its first write), the command, the snapshot. */
export interface Viewer {
  readonly xid: number | null;
  /** The command counter: versions this transaction wrote in this command or later are not seen. */
  readonly cid: number;
  readonly snapshot: Snapshot;
  /** Read uncommitted: see the newest version that is not aborted. */
  readonly dirty: boolean;
  /**
   * The transaction's snapshot when the statement reads with a newer one (a foreign key's check
   * at repeatable read): serializable snapshot isolation asks it which writers were concurrent
   * (XidIsConcurrent reads GetTransactionSnapshot). Absent when it is `snapshot`.
   */
  readonly transactionSnapshot?: Snapshot;
}

/** Whether the version's deletion counts: an aborted deleter leaves it live. */
function liveDeleter(version: TupleVersion, xacts: TransactionTable): number | null {
  if (version.xmax === null) return null;
  return xacts.statusOf(version.xmax) === 'aborted' ? null : version.xmax;
}

/**
 * Whether the viewer sees the version's creation: committed before its snapshot, written by an
 * earlier command of its own, or (reading dirty) not aborted. The first half of the MVCC test;
 * a predicate read also uses it alone, for rows whose deletion it sees (statement-context.ts).
 */
export function createdFor(version: TupleVersion, viewer: Viewer, xacts: TransactionTable): boolean {
  const creator = xacts.statusOf(version.xmin);
  if (creator === 'aborted') return false;
  if (version.xmin === viewer.xid) return version.cmin < viewer.cid;
  if (creator === 'in progress') return viewer.dirty;
  return viewer.dirty || !xidInSnapshot(version.xmin, viewer.snapshot);
}

export function isVisible(version: TupleVersion, viewer: Viewer, xacts: TransactionTable): boolean {
  if (!createdFor(version, viewer, xacts)) return false;
  const deleter = liveDeleter(version, xacts);
  if (deleter === null) return true;
  if (deleter === viewer.xid) return (version.cmax ?? 0) >= viewer.cid;
  if (xacts.statusOf(deleter) === 'in progress') return !viewer.dirty;
  // Committed: still visible to a snapshot taken before the deleter committed.
  return !viewer.dirty && xidInSnapshot(deleter, viewer.snapshot);
}

export type UpdateCheck =
  | { readonly kind: 'ok' }
  | { readonly kind: 'invisible' }
  | { readonly kind: 'self-modified' }
  /** Running transactions that must end first: the updater, or lockers whose modes conflict. */
  | { readonly kind: 'being-modified'; readonly blockers: readonly number[] }
  | { readonly kind: 'updated' }
  | { readonly kind: 'deleted' }
  /** A committed UPDATE moved the row to another partition: there is no newer version here. */
  | { readonly kind: 'moved' };

/** HeapTupleSatisfiesUpdate, with the lock-mode check of heap_update / heap_lock_tuple. */
export function checkUpdate(
  version: TupleVersion,
  xid: number,
  cid: number,
  mode: TupleLockMode,
  xacts: TransactionTable,
): UpdateCheck {
  const creator = xacts.statusOf(version.xmin);
  if (creator === 'aborted') return { kind: 'invisible' };
  if (version.xmin === xid) {
    if (version.cmin >= cid) return { kind: 'invisible' };
  } else if (creator === 'in progress') {
    return { kind: 'invisible' };
  }
  const deleter = liveDeleter(version, xacts);
  if (deleter !== null) {
    if (deleter === xid)
      return (version.cmax ?? 0) >= cid ? { kind: 'self-modified' } : { kind: 'invisible' };
    if (xacts.statusOf(deleter) !== 'in progress') {
      if (version.ending === 'moved') return { kind: 'moved' };
      return version.ending === 'update' ? { kind: 'updated' } : { kind: 'deleted' };
    }
    // A running updater holds FOR NO KEY UPDATE, or FOR UPDATE when it changed a key or
    // deleted; only a conflicting mode waits for it. FOR KEY SHARE beside an update that
    // changes no key goes on (heap_lock_tuple: "we can still continue if the key hasn't been
    // modified").
    if (tupleLocksConflict(updaterMode(version), mode))
      return { kind: 'being-modified', blockers: [deleter] };
  }
  const blockers = version.lockers
    .filter((lock) => lock.xid !== xid && xacts.isRunning(lock.xid) && tupleLocksConflict(lock.mode, mode))
    .map((lock) => lock.xid);
  return blockers.length > 0 ? { kind: 'being-modified', blockers: [...new Set(blockers)] } : { kind: 'ok' };
}

/** The row-lock mode the transaction in xmax holds by having updated or deleted the version. */
export function updaterMode(version: TupleVersion): TupleLockMode {
  return version.ending === 'delete' || version.ending === 'moved' || version.keysUpdated
    ? 'exclusive'
    : 'no key exclusive';
}

export type VacuumState = 'live' | 'dead' | 'recently-dead' | 'insert-in-progress' | 'delete-in-progress';

/** HeapTupleSatisfiesVacuum against `oldestXmin` (SSI passes the transaction's xmin). */
export function vacuumState(version: TupleVersion, oldestXmin: number, xacts: TransactionTable): VacuumState {
  const creator = xacts.statusOf(version.xmin);
  if (creator === 'aborted') return 'dead';
  const deleter = liveDeleter(version, xacts);
  if (creator === 'in progress') {
    return deleter === version.xmin ? 'delete-in-progress' : 'insert-in-progress';
  }
  if (deleter === null) return 'live';
  if (xacts.statusOf(deleter) === 'in progress') return 'delete-in-progress';
  return deleter >= oldestXmin ? 'recently-dead' : 'dead';
}
