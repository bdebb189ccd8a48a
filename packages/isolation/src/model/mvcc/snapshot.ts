/**
 * Snapshots: which transactions' effects a statement may see.
 *
 * A snapshot is taken by copying the list of running transaction ids (GetSnapshotData,
 * src/backend/storage/ipc/procarray.c): `xmax` is one past the latest transaction to finish,
 * so every id from xmax on counts as still running; `xip` lists the ids below xmax that were
 * running; `xmin` is the oldest of them (or xmax when none), below which everything has
 * finished. A transaction id is "in the snapshot" (XidInMVCCSnapshot, snapmgr.c) — that is,
 * invisible because it had not committed when the snapshot was taken — when it is at least
 * xmax or listed in xip.
 *
 * Read committed takes a new snapshot for every statement; repeatable read and serializable
 * take one at the transaction's first statement (not at BEGIN) and keep it
 * (GetTransactionSnapshot in snapmgr.c).
 */
import type { TransactionTable } from './transaction-table.ts';

export interface Snapshot {
  readonly xmin: number;
  readonly xmax: number;
  /** Ids below xmax that were running, other than the taker's own. */
  readonly xip: readonly number[];
}

/** GetSnapshotData: `own` is the taker's transaction id, if it has one (it counts for xmin only). */
export function takeSnapshot(xacts: TransactionTable, own: number | null): Snapshot {
  const xmax = xacts.latestCompletedXid + 1;
  let xmin = xmax;
  if (own !== null && own < xmin) xmin = own;
  const xip: number[] = [];
  for (const xid of xacts.running()) {
    if (xid === own || xid >= xmax) continue;
    if (xid < xmin) xmin = xid;
    xip.push(xid);
  }
  return { xmin, xmax, xip };
}

/** XidInMVCCSnapshot: whether `xid` was still running as far as the snapshot is concerned. */
export function xidInSnapshot(xid: number, snapshot: Snapshot): boolean {
  if (xid < snapshot.xmin) return false;
  if (xid >= snapshot.xmax) return true;
  return snapshot.xip.includes(xid);
}

/** `xmin 742 · xmax 745 · in progress [743]`, for drawings. */
export function describeSnapshot(snapshot: Snapshot): string {
  const running = snapshot.xip.length === 0 ? 'none running' : `in progress [${snapshot.xip.join(', ')}]`;
  return `xmin ${snapshot.xmin} · xmax ${snapshot.xmax} · ${running}`;
}
