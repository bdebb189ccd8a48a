/**
 * The removal horizon: the oldest transaction id whose effects some running transaction may
 * still need to see past. A version deleted by a transaction that committed before the horizon
 * is invisible to every snapshot that exists or can exist, so pruning and VACUUM may remove it;
 * one deleted at or after it must stay.
 *
 * PostgreSQL computes it in ComputeXidHorizons (src/backend/storage/ipc/procarray.c) from the
 * proc array: it starts one past the latest completed transaction and moves back to the
 * oldest of every backend's transaction id (a writer still running) and every backend's xmin
 * (the xmin of the oldest snapshot it holds). A REPEATABLE READ or SERIALIZABLE transaction
 * holds its snapshot until it ends; a READ COMMITTED one holds a snapshot only while a
 * statement runs, and between statements only its transaction id, if it has written, holds
 * the horizon back. VACUUM leaves itself out (PROC_IN_VACUUM).
 */
import type { ModelDatabase } from '../model-database.ts';

/** What holds the horizon back: a session's transaction id, or the xmin of its snapshot. */
export interface HorizonHolder {
  readonly session: string;
  readonly by: 'transaction' | 'snapshot';
  readonly xid: number;
}

export interface Horizon {
  /** Versions whose deleter committed below this id may go (GlobalVisState's maybe_needed). */
  readonly xid: number;
  /** The transaction or snapshot that set it, null when nothing running holds it back. */
  readonly heldBy: HorizonHolder | null;
}

/** The horizon as the session `except` (the one running VACUUM) computes it. */
export function removalHorizon(db: ModelDatabase, except: string | null = null): Horizon {
  let horizon: Horizon = { xid: db.xacts.latestCompletedXid + 1, heldBy: null };
  for (const xact of db.openTransactions) {
    if (xact.status !== 'active' || xact.session === except) continue;
    if (xact.xid !== null && xact.xid < horizon.xid) {
      horizon = { xid: xact.xid, heldBy: { session: xact.session, by: 'transaction', xid: xact.xid } };
    }
    const holdsSnapshot = xact.usesTransactionSnapshot || db.runningStatements.has(xact.session);
    if (xact.snapshot !== null && holdsSnapshot && xact.snapshot.xmin < horizon.xid) {
      const { xmin } = xact.snapshot;
      horizon = { xid: xmin, heldBy: { session: xact.session, by: 'snapshot', xid: xmin } };
    }
  }
  return horizon;
}

/** `T1's snapshot (xmin 742)`, for narration. */
export function describeHolder(holder: HorizonHolder): string {
  return holder.by === 'snapshot'
    ? `${holder.session}'s snapshot (xmin ${holder.xid})`
    : `${holder.session}'s transaction ${holder.xid}, still running`;
}
