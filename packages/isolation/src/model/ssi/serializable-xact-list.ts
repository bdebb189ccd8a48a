/**
 * The list of serializable transactions, and how long each is remembered: PostgreSQL's
 * PredXact list in src/backend/storage/lmgr/predicate.c (ReleasePredicateLocks,
 * ClearOldPredicateLocks, SetNewSxactGlobalXmin).
 *
 * A serializable transaction's record and its SIREAD locks must outlive its commit: a
 * transaction still running that overlapped it can yet form a dangerous structure with it.
 * So a commit keeps the record on a finished list, and it is forgotten only when the oldest
 * xmin among the serializable transactions still running (SxactGlobalXmin) has moved past
 * it. When every transaction still running is read-only, a committed writer's SIREAD locks
 * and conflicts in can go early (partial clearing, CanPartialClearThrough), since a read-only
 * transaction cannot write what the writer read. A rollback forgets everything at once.
 *
 * The list also hands out the commit sequence numbers the dangerous-structure test compares
 * (dangerous-structure.ts), and tracks which read-only transactions overlap which writers,
 * for the safe-snapshot optimisation (ssi-manager.ts).
 */

import type { Snapshot } from '../mvcc/snapshot.ts';
import type { TransactionTable } from '../mvcc/transaction-table.ts';
import type { PredicateLockTable } from './predicate-locks.ts';
import { newSerializableXact, type SerializableXact } from './serializable-xact.ts';

/** A sequence number smaller than every real one (FirstNormalSerCommitSeqNo - 1). */
const firstCommitSeqNo = 1;

export class SerializableXactList {
  /** PredXact->activeList: every record not yet released, committed ones included. */
  readonly transactions: SerializableXact[] = [];
  private readonly finishedList: SerializableXact[] = [];
  private readonly byXid = new Map<number, SerializableXact>();
  private lastCommitSeqNo = firstCommitSeqNo;
  private writableCount = 0;
  private canPartialClearThrough = 0;
  private havePartialClearedThrough = 0;
  private globalXmin: number | null = null;
  private globalXminCount = 0;
  private nextId = 1;
  private readonly xacts: TransactionTable;
  private readonly locks: PredicateLockTable;

  constructor(xacts: TransactionTable, locks: PredicateLockTable) {
    this.xacts = xacts;
    this.locks = locks;
  }

  /**
   * GetSerializableTransactionSnapshotInt: a new serializable transaction takes its snapshot.
   * Returns its record, or null when it may opt out (a read-only transaction with no
   * read-write one running cannot take part in an anomaly).
   */
  register(session: string, snapshot: Snapshot, readOnly: boolean): SerializableXact | null {
    if (readOnly && this.writableCount === 0) return null;
    const sxact = newSerializableXact(this.nextId++, session, snapshot.xmin, this.lastCommitSeqNo, readOnly);
    if (readOnly) {
      for (const other of this.transactions) {
        if (!other.flags.committed && !other.flags.doomed && !other.flags.readOnly) {
          sxact.possibleUnsafeConflicts.add(other);
          other.possibleUnsafeConflicts.add(sxact);
        }
      }
      if (sxact.possibleUnsafeConflicts.size === 0) return null;
    } else {
      this.writableCount++;
    }
    this.transactions.push(sxact);
    if (this.globalXmin === null) {
      this.globalXmin = snapshot.xmin;
      this.globalXminCount = 1;
    } else if (snapshot.xmin === this.globalXmin) {
      this.globalXminCount++;
    }
    return sxact;
  }

  /** RegisterPredicateLockingXid: the transaction got an id (its first write). */
  registerXid(sxact: SerializableXact, xid: number): void {
    sxact.topXid = xid;
    this.byXid.set(xid, sxact);
  }

  /** The serializable transaction that has this id, if it is still remembered. */
  withXid(xid: number): SerializableXact | undefined {
    return this.byXid.get(xid);
  }

  /** The next commit sequence number, taken when a transaction prepares to commit. */
  nextCommitSeqNo(): number {
    return ++this.lastCommitSeqNo;
  }

  /**
   * ReleasePredicateLocks: at commit, keep the record (and its SIREAD locks) for as long as a
   * transaction that overlapped it runs; at rollback, or for a read-only transaction that
   * became safe, drop everything now.
   */
  release(sxact: SerializableXact, commit: boolean): void {
    if (!sxact.active) return;
    const declaredReadOnly = sxact.flags.readOnly;
    sxact.finishedBefore = this.xacts.nextXid;
    if (commit) {
      sxact.flags.committed = true;
      sxact.commitSeqNo = ++this.lastCommitSeqNo;
      if (!sxact.didWrite) sxact.flags.readOnly = true;
    } else {
      sxact.flags.doomed = true;
      sxact.flags.rolledBack = true;
      sxact.flags.prepared = false;
    }
    if (!declaredReadOnly) {
      if (--this.writableCount === 0) this.canPartialClearThrough = this.lastCommitSeqNo;
    } else {
      for (const writer of [...sxact.possibleUnsafeConflicts]) releaseUnsafe(sxact, writer);
    }
    for (const writer of [...sxact.outConflicts]) {
      if (commit && !sxact.flags.readOnly && writer.flags.committed) {
        if (!sxact.flags.conflictOut || writer.prepareSeqNo < sxact.earliestOutConflictCommit) {
          sxact.earliestOutConflictCommit = writer.prepareSeqNo;
        }
        sxact.flags.conflictOut = true;
      }
      if (!commit || writer.flags.committed || writer.lastCommitBeforeSnapshot >= this.lastCommitSeqNo) {
        releaseConflict(sxact, writer);
      }
    }
    for (const reader of [...sxact.inConflicts]) {
      if (!commit || reader.flags.committed || reader.flags.readOnly) releaseConflict(reader, sxact);
    }
    if (!declaredReadOnly) {
      for (const reader of [...sxact.possibleUnsafeConflicts]) {
        if (
          commit &&
          sxact.didWrite &&
          sxact.flags.conflictOut &&
          sxact.earliestOutConflictCommit <= reader.lastCommitBeforeSnapshot
        ) {
          reader.flags.roUnsafe = true;
          for (const writer of [...reader.possibleUnsafeConflicts]) releaseUnsafe(reader, writer);
        } else {
          releaseUnsafe(reader, sxact);
          if (reader.possibleUnsafeConflicts.size === 0) reader.flags.roSafe = true;
        }
      }
    }
    let needToClear = false;
    if (sxact.xmin === this.globalXmin && --this.globalXminCount === 0) {
      this.setNewGlobalXmin();
      needToClear = true;
    }
    if (commit) {
      this.finishedList.push(sxact);
    } else {
      this.releaseOne(sxact, false);
    }
    if (needToClear) this.clearOld();
  }

  /** SetNewSxactGlobalXmin: the oldest xmin among serializable transactions still running. */
  private setNewGlobalXmin(): void {
    this.globalXmin = null;
    this.globalXminCount = 0;
    for (const sxact of this.transactions) {
      if (sxact.flags.rolledBack || sxact.flags.committed) continue;
      if (this.globalXmin === null || sxact.xmin < this.globalXmin) {
        this.globalXmin = sxact.xmin;
        this.globalXminCount = 1;
      } else if (sxact.xmin === this.globalXmin) {
        this.globalXminCount++;
      }
    }
  }

  /** ClearOldPredicateLocks: committed transactions no running transaction overlapped are forgotten. */
  private clearOld(): void {
    for (let i = 0; i < this.finishedList.length; ) {
      const finished = this.finishedList[i] as SerializableXact;
      if (this.globalXmin === null || (finished.finishedBefore ?? 0) <= this.globalXmin) {
        this.finishedList.splice(i, 1);
        this.releaseOne(finished, false);
      } else if (
        finished.commitSeqNo > this.havePartialClearedThrough &&
        finished.commitSeqNo <= this.canPartialClearThrough
      ) {
        // Every transaction still running that overlapped it is read-only: its locks and
        // conflicts in can go; a read-write transaction keeps its record and conflicts out.
        if (finished.flags.readOnly) {
          this.finishedList.splice(i, 1);
          this.releaseOne(finished, false);
        } else {
          this.releaseOne(finished, true);
          i++;
        }
        this.havePartialClearedThrough = finished.commitSeqNo;
      } else {
        break;
      }
    }
  }

  /** ReleaseOneSerializableXact: locks and conflicts in go; unless partial, the record too. */
  private releaseOne(sxact: SerializableXact, partial: boolean): void {
    this.locks.releaseAll(sxact);
    if (!partial) for (const writer of [...sxact.outConflicts]) releaseConflict(sxact, writer);
    for (const reader of [...sxact.inConflicts]) releaseConflict(reader, sxact);
    if (!partial) {
      if (sxact.topXid !== null) this.byXid.delete(sxact.topXid);
      const at = this.transactions.indexOf(sxact);
      if (at !== -1) this.transactions.splice(at, 1);
      sxact.active = false;
    }
  }
}

function releaseConflict(reader: SerializableXact, writer: SerializableXact): void {
  reader.outConflicts.delete(writer);
  writer.inConflicts.delete(reader);
}

function releaseUnsafe(a: SerializableXact, b: SerializableXact): void {
  a.possibleUnsafeConflicts.delete(b);
  b.possibleUnsafeConflicts.delete(a);
}
