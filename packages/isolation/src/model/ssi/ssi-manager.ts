/**
 * Serializable snapshot isolation: PostgreSQL's src/backend/storage/lmgr/predicate.c, the
 * transaction-level half (the lock table is predicate-locks.ts, the pivot test
 * dangerous-structure.ts).
 *
 * Serializable transactions run on snapshots exactly as repeatable read does; SSI watches
 * them. Every read leaves SIREAD locks; every rw-antidependency is recorded as a conflict
 * from reader to writer, found either way round:
 *
 * - the reader meets a version it does not see, or sees a version that has been replaced
 *   (CheckForSerializableConflictOut): the writer wrote first, and the reader's MVCC check
 *   finds it;
 * - the writer changes something a reader holds a SIREAD lock on
 *   (CheckForSerializableConflictIn): the reader read first.
 *
 * Each new conflict is tested for a dangerous structure; commits test once more. The
 * bookkeeping that makes the narrowed test possible (commit sequence numbers, the snapshot's
 * last commit, which transactions are read-only, and how long a committed transaction's
 * record and locks must survive: until no transaction that overlapped it is left,
 * ClearOldPredicateLocks) is the transaction list's, serializable-xact-list.ts. Read-only
 * transactions get the safe-snapshot optimisation: once every concurrent writer has committed
 * without a conflict out to an earlier transaction, a read-only transaction cannot be part of
 * an anomaly and stops tracking; READ ONLY DEFERRABLE waits for such a snapshot before it
 * starts.
 */

import { formatTid, type TupleVersion } from '../mvcc/heap.ts';
import { type Snapshot, xidInSnapshot } from '../mvcc/snapshot.ts';
import type { TransactionTable } from '../mvcc/transaction-table.ts';
import { type Viewer, vacuumState } from '../mvcc/visibility.ts';
import { ssiFailure } from '../sql/sql-error.ts';
import { checkNewConflict, type DangerousStructure, doomPivotsAtCommit } from './dangerous-structure.ts';
import { type LockTarget, PredicateLockTable, targetKey } from './predicate-locks.ts';
import type { SerializableXact } from './serializable-xact.ts';
import { SerializableXactList } from './serializable-xact-list.ts';

/** The part of a transaction SSI reads and updates: its serializable record, once it has one. */
export interface SsiParticipant {
  sxact: SerializableXact | null;
}

/** What SSI tells the learner as it works (the model's tracer, when one is attached). */
export interface SsiNarrator {
  record(kind: 'siread' | 'conflict' | 'doom' | 'safe', touched: readonly string[], narration: string): void;
}

export class SsiManager {
  readonly locks = new PredicateLockTable();
  /** The records of serializable transactions, and how long each is kept (serializable-xact-list.ts). */
  private readonly list: SerializableXactList;
  private readonly xacts: TransactionTable;
  /** Set by the engine when a tracer is attached. */
  narrator: SsiNarrator | undefined;

  constructor(xacts: TransactionTable) {
    this.xacts = xacts;
    this.list = new SerializableXactList(xacts, this.locks);
  }

  /** Every serializable transaction's record not yet released, committed ones included. */
  get transactions(): readonly SerializableXact[] {
    return this.list.transactions;
  }

  // ---- registering ---------------------------------------------------------------------------

  /**
   * GetSerializableTransactionSnapshotInt: a new serializable transaction takes its snapshot.
   * Returns its record, or null when it may opt out (a read-only transaction with no
   * read-write one running cannot take part in an anomaly).
   */
  register(session: string, snapshot: Snapshot, readOnly: boolean): SerializableXact | null {
    return this.list.register(session, snapshot, readOnly);
  }

  /** RegisterPredicateLockingXid: the transaction got an id (its first write). */
  registerXid(sxact: SerializableXact, xid: number): void {
    this.list.registerXid(sxact, xid);
  }

  /** Whether a read-only transaction waiting for a safe snapshot may stop waiting. */
  safeSnapshotDecided(sxact: SerializableXact): boolean {
    return sxact.possibleUnsafeConflicts.size === 0 || sxact.flags.roUnsafe;
  }

  // ---- reading ------------------------------------------------------------------------------

  /**
   * SerializationNeededForRead: the participant's record, or null when it does not track
   * reads; a read-only transaction that has become safe releases everything here, once.
   */
  forRead(participant: SsiParticipant): SerializableXact | null {
    const sxact = participant.sxact;
    if (sxact === null) return null;
    if (sxact.flags.roSafe) {
      this.release(sxact, false);
      participant.sxact = null;
      this.narrator?.record(
        'safe',
        [sxact.session],
        `${sxact.session}'s snapshot is safe: every read-write transaction it overlapped committed without a conflict out to an earlier one, so it can be part of no anomaly and drops its SIREAD locks.`,
      );
      return null;
    }
    return sxact;
  }

  /** PredicateLockRelation / PredicateLockPage / PredicateLockTID. */
  lock(
    participant: SsiParticipant,
    target: LockTarget,
    tupleXmin: number | null = null,
    ownXid: number | null = null,
  ): void {
    const sxact = this.forRead(participant);
    if (sxact === null) return;
    if (target.kind === 'tuple') {
      // A version it wrote itself: its write already protects it.
      if (tupleXmin !== null && tupleXmin === ownXid) return;
      if (this.locks.holds(sxact, { kind: 'relation', relation: target.relation })) return;
    }
    if (this.narrator === undefined) {
      this.locks.acquire(sxact, target);
      return;
    }
    const before = new Set(sxact.locks);
    this.locks.acquire(sxact, target);
    if (sxact.locks.size !== before.size || [...sxact.locks].some((key) => !before.has(key))) {
      this.narrator.record(
        'siread',
        [sxact.session],
        sireadNarration(sxact, target, this.locks.holds(sxact, target)),
      );
    }
  }

  /** CheckForSerializableConflictOutNeeded's first test: a doomed reader fails at its next read. */
  checkDoomedForRead(participant: SsiParticipant): void {
    const sxact = this.forRead(participant);
    if (sxact?.flags.doomed === true) {
      throw ssiFailure('Canceled on identification as a pivot, during conflict out checking');
    }
  }

  /**
   * HeapCheckForSerializableConflictOut: the reader met `version` (`visible` to it or not).
   * If a concurrent serializable transaction wrote what the reader does not see, or replaced
   * what it sees, the reader has a conflict out to that writer.
   */
  checkConflictOut(
    participant: SsiParticipant,
    viewer: Viewer,
    version: TupleVersion,
    visible: boolean,
  ): void {
    const sxact = this.forRead(participant);
    if (sxact === null) return;
    if (sxact.flags.doomed)
      throw ssiFailure('Canceled on identification as a pivot, during conflict out checking');
    let xid: number;
    switch (vacuumState(version, sxact.xmin, this.xacts)) {
      case 'live':
        if (visible) return;
        xid = version.xmin;
        break;
      case 'recently-dead':
      case 'delete-in-progress':
        xid = visible ? (version.xmax ?? version.xmin) : version.xmin;
        if (xid < sxact.xmin) return;
        break;
      case 'insert-in-progress':
        xid = version.xmin;
        break;
      case 'dead':
        return;
    }
    if (xid === viewer.xid || xid < sxact.xmin) return;
    this.conflictOutTo(sxact, viewer.transactionSnapshot ?? viewer.snapshot, xid, version);
  }

  /** CheckForSerializableConflictOut, once the writer's id is known. */
  private conflictOutTo(
    sxact: SerializableXact,
    snapshot: Snapshot,
    xid: number,
    version: TupleVersion,
  ): void {
    const writer = this.list.withXid(xid);
    if (writer === undefined || writer === sxact || writer.flags.doomed) return;
    if (
      sxact.flags.readOnly &&
      writer.flags.committed &&
      (!writer.flags.conflictOut || sxact.lastCommitBeforeSnapshot < writer.earliestOutConflictCommit)
    ) {
      // A read-only transaction can appear to run before a writer with no earlier conflict out.
      return;
    }
    if (!xidInSnapshot(xid, snapshot)) return;
    if (sxact.outConflicts.has(writer)) return;
    this.flagConflict(
      sxact,
      writer,
      sxact,
      `${sxact.session} read ${describeVersion(version)} without seeing ${writer.session}'s write`,
    );
  }

  // ---- writing ------------------------------------------------------------------------------

  /**
   * CheckForSerializableConflictIn: the writer is about to change `targets` (finest first: the
   * tuple, its page, its relation; for an insert the relation, then the index page). Each
   * other serializable transaction holding a SIREAD lock there, and overlapping the writer,
   * gets a conflict out to it.
   */
  checkConflictIn(participant: SsiParticipant, targets: readonly LockTarget[], what: string): void {
    const sxact = participant.sxact;
    if (sxact === null) return;
    if (sxact.flags.doomed)
      throw ssiFailure('Canceled on identification as a pivot, during conflict in checking');
    sxact.didWrite = true;
    for (const target of targets) {
      const key = targetKey(target);
      let ownTupleLock = false;
      for (const holder of this.locks.holdersOf(key)) {
        if (holder === sxact) {
          ownTupleLock = target.kind === 'tuple';
          continue;
        }
        // The reader overlapped the writer if it had not finished when the writer took its
        // snapshot (PostgreSQL compares the writer's snapshot xmin, which is its sxact's xmin).
        const overlapping =
          !holder.flags.committed || (holder.finishedBefore !== null && sxact.xmin < holder.finishedBefore);
        if (holder.flags.doomed || !overlapping || holder.outConflicts.has(sxact)) continue;
        this.flagConflict(
          holder,
          sxact,
          sxact,
          `${sxact.session} ${what}, which ${holder.session} read (SIREAD lock on ${key})`,
        );
      }
      if (ownTupleLock) this.locks.dropOwnTupleLock(sxact, target);
    }
  }

  /** FlagRWConflict: test for a dangerous structure, then record reader -rw-> writer. */
  private flagConflict(
    reader: SerializableXact,
    writer: SerializableXact,
    me: SerializableXact,
    why: string,
  ): void {
    const verdict = checkNewConflict(reader, writer, me);
    if (verdict.kind === 'fail') {
      this.narrator?.record(
        'doom',
        [me.session],
        `${why}: ${reader.session} -rw-> ${writer.session} completes ${describeStructure(verdict.structure)}; ${me.session} fails.`,
      );
      throw ssiFailure(verdict.reason);
    }
    if (verdict.kind === 'doom-writer') writer.flags.doomed = true;
    reader.outConflicts.add(writer);
    writer.inConflicts.add(reader);
    this.narrator?.record(
      verdict.kind === 'doom-writer' ? 'doom' : 'conflict',
      [reader.session, writer.session],
      verdict.kind === 'doom-writer'
        ? `${why}: ${reader.session} -rw-> ${writer.session} completes ${describeStructure(verdict.structure)}; ${writer.session} is doomed and will fail at its next statement or commit.`
        : `${why}: rw-conflict ${reader.session} -rw-> ${writer.session}.`,
    );
  }

  // ---- ending -------------------------------------------------------------------------------

  /** PreCommit_CheckForSerializationFailure: a doomed transaction fails; a pivot it completes is doomed. */
  preCommit(sxact: SerializableXact): void {
    if (sxact.flags.doomed) throw ssiFailure('Canceled on identification as a pivot, during commit attempt');
    for (const { structure, prepared } of doomPivotsAtCommit(sxact)) {
      if (prepared) throw ssiFailure('Canceled on commit attempt with conflict in from prepared pivot');
      this.narrator?.record(
        'doom',
        [structure.pivot.session],
        `${sxact.session} is committing first, which makes ${describeStructure(structure)} dangerous: the pivot ${structure.pivot.session} is doomed and will fail at its next statement or commit.`,
      );
    }
    sxact.prepareSeqNo = this.list.nextCommitSeqNo();
    sxact.flags.prepared = true;
  }

  /**
   * ReleasePredicateLocks: at commit, keep the record (and its SIREAD locks) for as long as a
   * transaction that overlapped it runs; at rollback, or for a read-only transaction that
   * became safe, drop everything now (serializable-xact-list.ts).
   */
  release(sxact: SerializableXact, commit: boolean): void {
    this.list.release(sxact, commit);
  }

  /** The rw-conflicts among live records, for drawings (capture-internals.ts finds the pivots among them). */
  conflicts(): { reader: SerializableXact; writer: SerializableXact }[] {
    const edges: { reader: SerializableXact; writer: SerializableXact }[] = [];
    for (const sxact of this.list.transactions)
      for (const writer of sxact.outConflicts) edges.push({ reader: sxact, writer });
    return edges;
  }
}

export function describeStructure(structure: DangerousStructure): string {
  const { tin, pivot, tout } = structure;
  return `the dangerous structure ${tin.session} -rw-> ${pivot.session} -rw-> ${tout.session} (pivot ${pivot.session})`;
}

function describeVersion(version: TupleVersion): string {
  return `${version.table} ${formatTid(version.tid)}`;
}

function sireadNarration(sxact: SerializableXact, target: LockTarget, exact: boolean): string {
  const what =
    target.kind === 'relation'
      ? `relation ${target.relation}`
      : target.kind === 'page'
        ? `page ${target.page} of ${target.relation}`
        : `tuple (${target.page},${target.offset}) of ${target.relation}`;
  return exact
    ? `${sxact.session} takes a SIREAD lock on ${what}.`
    : `${sxact.session} holds more than ${target.kind === 'tuple' ? 2 : 31} SIREAD locks there: they are promoted to a coarser lock covering ${what}.`;
}
