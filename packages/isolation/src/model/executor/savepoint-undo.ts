/**
 * ROLLBACK TO SAVEPOINT: undoing part of a transaction.
 *
 * PostgreSQL runs the work after a savepoint as a subtransaction (src/backend/access/transam/
 * xact.c): the first time it writes or locks a row it gets an id of its own, a subtransaction
 * id, which goes into the row versions it creates (xmin), updates or deletes (xmax) and locks
 * (xmax, or a multixact beside its parent's lock). Rolling back to the savepoint marks that id
 * aborted in the commit log and releases the heavyweight locks it took: every version it
 * created is then dead, every version it ended or locked is as it was, and whoever waited for
 * it goes on. What the transaction did before the savepoint, including its own row locks,
 * stays.
 *
 * The model keeps one transaction id for the whole block (model-session.ts) and gets the same
 * effect from an undo log: while a savepoint is set, every change to a row version is recorded
 * with what it replaced, and ROLLBACK TO replays the log backwards to the savepoint's mark. A
 * version created after the mark gets an aborted transaction id as its xmin, as PostgreSQL's
 * aborted subtransaction id leaves it. The catalog changes made since the mark (an index, a
 * foreign key, a table, a role …) are put back by their undo actions (ModelTransaction.onAbort),
 * as PostgreSQL's catalog rows written by the subtransaction are dead once it aborts. Not
 * undone, as in PostgreSQL: SIREAD locks (predicate locks survive a subtransaction's abort)
 * and what serializable snapshot isolation has concluded from its reads.
 */
import type { ModelDatabase } from '../model-database.ts';
import type { TupleLockMode, TupleVersion } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';

type UndoEntry =
  | { readonly kind: 'created'; readonly version: TupleVersion }
  | {
      readonly kind: 'locked';
      readonly version: TupleVersion;
      readonly lockers: readonly { readonly xid: number; readonly mode: TupleLockMode }[];
    }
  | {
      readonly kind: 'ended';
      readonly version: TupleVersion;
      readonly before: Pick<TupleVersion, 'xmax' | 'cmax' | 'ending' | 'keysUpdated' | 'next'>;
    };

interface SavepointLog {
  /** Per savepoint set, oldest first: where the log and the transaction's history stood. */
  readonly marks: { readonly entries: number; readonly installs: number; readonly catalog: number }[];
  readonly entries: UndoEntry[];
}

const logs = new WeakMap<ModelTransaction, SavepointLog>();

/** SAVEPOINT: from now on, changes are recorded so that they can be undone. */
export function markSavepoint(xact: ModelTransaction): void {
  let log = logs.get(xact);
  if (log === undefined) {
    log = { marks: [], entries: [] };
    logs.set(xact, log);
  }
  log.marks.push({
    entries: log.entries.length,
    installs: xact.history.installs.length,
    catalog: xact.onAbort.length,
  });
}

/** RELEASE SAVEPOINT: the savepoints from `index` on are gone; their work stays. */
export function releaseSavepoints(xact: ModelTransaction, index: number): void {
  const log = logs.get(xact);
  if (log === undefined) return;
  log.marks.length = index;
  if (index === 0) log.entries.length = 0;
}

/** The version was created by the transaction (an insert, or an update's new version). */
export function recordCreated(xact: ModelTransaction, version: TupleVersion): void {
  const log = logs.get(xact);
  if (log === undefined || log.marks.length === 0) return;
  log.entries.push({ kind: 'created', version });
}

/** The version's row locks are about to change. */
export function recordLocked(xact: ModelTransaction, version: TupleVersion): void {
  const log = logs.get(xact);
  if (log === undefined || log.marks.length === 0) return;
  log.entries.push({ kind: 'locked', version, lockers: version.lockers });
}

/** The version is about to be updated or deleted (its xmax set). */
export function recordEnded(xact: ModelTransaction, version: TupleVersion): void {
  const log = logs.get(xact);
  if (log === undefined || log.marks.length === 0) return;
  const { xmax, cmax, ending, keysUpdated, next } = version;
  log.entries.push({ kind: 'ended', version, before: { xmax, cmax, ending, keysUpdated, next } });
}

/**
 * ROLLBACK TO SAVEPOINT: undoes everything after the savepoint at `index`, which stays set.
 * The versions created since get an aborted transaction id as their xmin.
 */
export function rollbackToSavepoint(db: ModelDatabase, xact: ModelTransaction, index: number): void {
  const log = logs.get(xact);
  const mark = log?.marks[index];
  if (log === undefined || mark === undefined) return;
  let abortedId: number | null = null;
  for (const entry of log.entries.splice(mark.entries).reverse()) {
    switch (entry.kind) {
      case 'created':
        if (abortedId === null) {
          abortedId = db.xacts.assign(xact.session);
          db.xacts.end(abortedId, 'aborted');
        }
        entry.version.xmin = abortedId;
        break;
      case 'locked':
        entry.version.lockers = [...entry.lockers];
        break;
      case 'ended':
        Object.assign(entry.version, entry.before);
        break;
    }
  }
  xact.history.installs.length = mark.installs;
  for (const undo of xact.onAbort.splice(mark.catalog).reverse()) undo();
  log.marks.length = index + 1;
}
