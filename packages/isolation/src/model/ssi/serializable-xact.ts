/**
 * A serializable transaction as serializable snapshot isolation tracks it: PostgreSQL's
 * SERIALIZABLEXACT (src/include/storage/predicate_internals.h).
 *
 * Besides its snapshot, SSI needs to know of each serializable transaction: its rw-conflicts
 * in and out (who read what it later wrote over, and whose writes it did not see), when it
 * prepared to commit and when it committed (as sequence numbers, to tell which of two
 * transactions committed first), whether it has been marked for death (doomed), whether it is
 * read-only, and which SIREAD locks it holds. A committed transaction's record outlives it
 * for as long as a transaction that overlapped it is still running, because a rw-conflict
 * with it can still complete a dangerous structure.
 */

export interface SerializableXact {
  /** A number for drawings, in the order transactions registered. */
  readonly id: number;
  readonly session: string;
  /** Its transaction id once it has written (RegisterPredicateLockingXid); null before. */
  topXid: number | null;
  /** Its snapshot's xmin. */
  readonly xmin: number;
  /** The commit sequence number of the last serializable commit before its snapshot. */
  readonly lastCommitBeforeSnapshot: number;
  /** Set when it passes PreCommit_CheckForSerializationFailure; Infinity before. */
  prepareSeqNo: number;
  commitSeqNo: number;
  /** The earliest prepare of a committed transaction it has a conflict out to (set at its commit). */
  earliestOutConflictCommit: number;
  /** The next transaction id when it finished: transactions with an older snapshot xmin overlapped it. */
  finishedBefore: number | null;
  readonly flags: {
    committed: boolean;
    prepared: boolean;
    rolledBack: boolean;
    doomed: boolean;
    readOnly: boolean;
    /** It has a conflict out to a transaction that committed before it (SXACT_FLAG_CONFLICT_OUT). */
    conflictOut: boolean;
    roSafe: boolean;
    roUnsafe: boolean;
  };
  /** Readers that did not see this transaction's writes: reader -rw-> this. */
  readonly inConflicts: Set<SerializableXact>;
  /** Writers whose writes this transaction did not see: this -rw-> writer. */
  readonly outConflicts: Set<SerializableXact>;
  /**
   * For a read-only transaction, the concurrent read-write transactions that could still make
   * its snapshot unsafe; for a read-write one, the read-only transactions it could.
   */
  readonly possibleUnsafeConflicts: Set<SerializableXact>;
  /** SIREAD lock targets it holds (predicate-locks.ts). */
  readonly locks: Set<string>;
  /** LocalPredicateLockHash: locks held and child-lock counts, for promotion to coarser locks. */
  readonly localLocks: Map<string, { held: boolean; childLocks: number }>;
  /** MyXactDidWrite: it has written, or tried to. */
  didWrite: boolean;
  /** Still a member of the transaction list (released records are gone). */
  active: boolean;
}

export function newSerializableXact(
  id: number,
  session: string,
  xmin: number,
  lastCommitBeforeSnapshot: number,
  readOnly: boolean,
): SerializableXact {
  return {
    id,
    session,
    topXid: null,
    xmin,
    lastCommitBeforeSnapshot,
    prepareSeqNo: Number.POSITIVE_INFINITY,
    commitSeqNo: Number.POSITIVE_INFINITY,
    earliestOutConflictCommit: Number.POSITIVE_INFINITY,
    finishedBefore: null,
    flags: {
      committed: false,
      prepared: false,
      rolledBack: false,
      doomed: false,
      readOnly,
      conflictOut: false,
      roSafe: false,
      roUnsafe: false,
    },
    inConflicts: new Set(),
    outConflicts: new Set(),
    possibleUnsafeConflicts: new Set(),
    locks: new Set(),
    localLocks: new Map(),
    didWrite: false,
    active: true,
  };
}
