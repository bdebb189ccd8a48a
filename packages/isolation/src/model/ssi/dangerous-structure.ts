/**
 * The dangerous structure: the test serializable snapshot isolation makes each time it records
 * a rw-conflict, and once more at commit (src/backend/storage/lmgr/predicate.c,
 * OnConflict_CheckForSerializationFailure and PreCommit_CheckForSerializationFailure).
 *
 * Fekete et al. (2005) proved that every cycle in the dependency graph of a history under
 * snapshot isolation contains two consecutive rw-antidependencies between concurrent
 * transactions, Tin -rw-> Tpivot -rw-> Tout. SSI looks only for that pattern, and PostgreSQL
 * narrows it down (Ports and Grittner 2012, section 3.3) so that fewer innocent transactions
 * die:
 *
 * - there is an anomaly only if Tout commits first, so nothing fails while Tout still runs;
 * - if Tin is read-only, only if Tout committed before Tin took its snapshot;
 * - the transaction rolled back is the pivot when it can still be (it is "doomed" and fails at
 *   its next statement or its commit), so that a retry of the victim does not hit the same
 *   conflict; the one that found the structure fails at once only if it is the pivot itself
 *   or the pivot has already prepared to commit.
 */
import type { SerializableXact } from './serializable-xact.ts';

export type ConflictVerdict =
  /** Nothing to do: the conflict is recorded. */
  | { readonly kind: 'none' }
  /** The writer is doomed: it will fail at its next check or its commit. */
  | { readonly kind: 'doom-writer'; readonly structure: DangerousStructure }
  /** The transaction making the check fails now, with this reason code. */
  | { readonly kind: 'fail'; readonly reason: string; readonly structure: DangerousStructure };

/** Tin -rw-> pivot -rw-> Tout, as found. */
export interface DangerousStructure {
  readonly tin: SerializableXact;
  readonly pivot: SerializableXact;
  readonly tout: SerializableXact;
}

/**
 * OnConflict_CheckForSerializationFailure, called before `reader -rw-> writer` is recorded;
 * `me` is the transaction making the check (the reader or the writer).
 */
export function checkNewConflict(
  reader: SerializableXact,
  writer: SerializableXact,
  me: SerializableXact,
): ConflictVerdict {
  let structure: DangerousStructure | null = null;

  // R -rw-> W -rw-> T2, W already committed with a conflict out to a transaction that
  // committed before it: R is the reader, and it must go.
  if (writer.flags.committed && writer.flags.conflictOut) {
    const tout = [...writer.outConflicts][0] ?? writer;
    structure = { tin: reader, pivot: writer, tout };
  }

  // W has become a pivot with an out-conflict to T2, which committed (or prepared) first.
  if (structure === null) {
    for (const t2 of writer.outConflicts) {
      if (
        t2.flags.prepared &&
        (!reader.flags.committed || t2.prepareSeqNo <= reader.commitSeqNo) &&
        (!writer.flags.committed || t2.prepareSeqNo <= writer.commitSeqNo) &&
        (!reader.flags.readOnly || t2.prepareSeqNo <= reader.lastCommitBeforeSnapshot)
      ) {
        structure = { tin: reader, pivot: writer, tout: t2 };
        break;
      }
    }
  }

  // R has become a pivot: T0 -rw-> R -rw-> W, with W committed (or prepared).
  if (structure === null && writer.flags.prepared && !reader.flags.readOnly) {
    for (const t0 of reader.inConflicts) {
      if (
        !t0.flags.doomed &&
        (!t0.flags.committed || t0.commitSeqNo >= writer.prepareSeqNo) &&
        (!t0.flags.readOnly || t0.lastCommitBeforeSnapshot >= writer.prepareSeqNo)
      ) {
        structure = { tin: t0, pivot: reader, tout: writer };
        break;
      }
    }
  }

  if (structure === null) return { kind: 'none' };
  if (me === writer) {
    return { kind: 'fail', reason: 'Canceled on identification as a pivot, during write', structure };
  }
  if (writer.flags.prepared) {
    return {
      kind: 'fail',
      reason: `Canceled on conflict out to pivot ${writer.topXid ?? 0}, during read`,
      structure,
    };
  }
  return { kind: 'doom-writer', structure };
}

/**
 * PreCommit_CheckForSerializationFailure's search: `me` is about to commit; if it is the
 * Tout of a dangerous structure whose pivot and Tin are still running, the pivot is doomed
 * (here, as PostgreSQL does it inside its loop, so that a later check sees the flag). Returns
 * the structures found; the last one has `prepared` set when its pivot had already prepared
 * to commit and could not be doomed, in which case `me` has to fail instead.
 */
export function doomPivotsAtCommit(
  me: SerializableXact,
): { structure: DangerousStructure; prepared: boolean }[] {
  const found: { structure: DangerousStructure; prepared: boolean }[] = [];
  for (const near of me.inConflicts) {
    if (near.flags.committed || near.flags.doomed) continue;
    for (const far of near.inConflicts) {
      if (far === me || (!far.flags.committed && !far.flags.readOnly && !far.flags.doomed)) {
        found.push({ structure: { tin: far, pivot: near, tout: me }, prepared: near.flags.prepared });
        if (near.flags.prepared) return found;
        near.flags.doomed = true;
        break;
      }
    }
  }
  return found;
}
