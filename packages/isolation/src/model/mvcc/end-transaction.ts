/**
 * Ending a transaction: CommitTransaction and AbortTransaction in
 * src/backend/access/transam/xact.c.
 *
 * A commit first lets serializable snapshot isolation object
 * (PreCommit_CheckForSerializationFailure: a doomed transaction fails here, and one that
 * completes a dangerous structure dooms its pivot), then records the transaction as committed
 * in the status table, which is the moment its versions become visible to new snapshots and
 * its row locks (its id in xmax) stop counting; waiting statements wake up. Its SIREAD locks
 * outlive it (ReleasePredicateLocks). An abort records the transaction as aborted: its
 * versions are dead, its locks gone at once.
 */

import type { ModelDatabase } from '../model-database.ts';
import { narrate } from '../narration.ts';
import type { ModelTransaction } from './model-transaction.ts';

export function commitTransaction(db: ModelDatabase, xact: ModelTransaction): void {
  if (xact.status !== 'active') return;
  if (xact.sxact !== null) db.ssi.preCommit(xact.sxact);
  if (xact.xid !== null) db.xacts.end(xact.xid, 'committed');
  xact.status = 'committed';
  db.openTransactions.delete(xact);
  xact.commitOrder = ++db.commits;
  db.leaveTupleLocks(xact);
  db.twoPhase.releaseAll(xact.session);
  if (xact.sxact !== null) db.ssi.release(xact.sxact, true);
  db.narrator?.record('commit', [xact.session], narrate.committed(xact));
}

export function abortTransaction(db: ModelDatabase, xact: ModelTransaction, why: string): void {
  if (xact.status !== 'active') return;
  if (xact.xid !== null) db.xacts.end(xact.xid, 'aborted');
  xact.status = 'aborted';
  db.openTransactions.delete(xact);
  for (const undo of xact.onAbort.splice(0).reverse()) undo();
  db.leaveTupleLocks(xact);
  db.twoPhase.releaseAll(xact.session);
  if (xact.sxact !== null) db.ssi.release(xact.sxact, false);
  db.narrator?.record('abort', [xact.session], narrate.rolledBack(xact, why));
}
