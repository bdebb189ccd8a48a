/**
 * The transaction status table: which transaction ids exist, which are still running, which
 * committed and which aborted.
 *
 * PostgreSQL keeps this in three places: the commit log (pg_xact, src/backend/access/transam/
 * clog.c) records each transaction id's fate; the proc array (src/backend/storage/ipc/
 * procarray.c) lists the ones still running, which is what a snapshot copies; and
 * TransamVariables holds the next id to hand out and the latest one to complete
 * (src/backend/access/transam/varsup.c). A transaction gets an id only when it first writes
 * (AssignTransactionId in xact.c): readers never need one, which is why a snapshot's xmin can
 * move past a long-running reader.
 */

export type TransactionStatus = 'in progress' | 'committed' | 'aborted';

export interface TransactionRecord {
  readonly xid: number;
  /** The session that ran it; `setup` for the scenario's setup blocks. */
  readonly session: string;
  status: TransactionStatus;
}

/** The first id the model hands out, so that drawings show ids of a realistic size. */
export const firstModelXid = 740;

export class TransactionTable {
  private readonly records = new Map<number, TransactionRecord>();
  private nextId = firstModelXid;
  private latestCompleted = firstModelXid - 1;

  /** The id the next transaction to write will get (TransamVariables->nextXid). */
  get nextXid(): number {
    return this.nextId;
  }

  /** The highest id that has committed or aborted (latestCompletedXid); a snapshot's xmax is one more. */
  get latestCompletedXid(): number {
    return this.latestCompleted;
  }

  assign(session: string): number {
    const xid = this.nextId++;
    this.records.set(xid, { xid, session, status: 'in progress' });
    return xid;
  }

  end(xid: number, status: 'committed' | 'aborted'): void {
    const record = this.records.get(xid);
    if (record === undefined || record.status !== 'in progress') return;
    record.status = status;
    if (xid > this.latestCompleted) this.latestCompleted = xid;
  }

  statusOf(xid: number): TransactionStatus {
    return this.records.get(xid)?.status ?? 'committed';
  }

  isRunning(xid: number): boolean {
    return this.records.get(xid)?.status === 'in progress';
  }

  sessionOf(xid: number): string {
    return this.records.get(xid)?.session ?? 'setup';
  }

  /** The running transaction ids, oldest first (what GetSnapshotData reads from the proc array). */
  running(): number[] {
    const ids: number[] = [];
    for (const record of this.records.values()) if (record.status === 'in progress') ids.push(record.xid);
    return ids;
  }

  all(): readonly TransactionRecord[] {
    return [...this.records.values()];
  }
}
