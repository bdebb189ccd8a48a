/**
 * The steps a model run reports to a tracer (@dbplay/core's stepping model), and the
 * internals each one carries: everything a learner needs to see to understand why a step
 * read what it read, waited, or failed.
 *
 * - tables: every tuple version with xmin and xmax (and which session wrote each), row locks,
 *   and the primary key's index entries;
 * - sessions: each one's transaction, level, transaction id, snapshot and what it waits for;
 * - the row-lock table and the waits-for edges between sessions;
 * - serializable snapshot isolation's SIREAD locks and rw-conflicts, with the pivot named when
 *   two consecutive conflicts form a dangerous structure;
 * - two-phase locking's predicate and row locks;
 * - the transaction status table (commit log): each id's session and fate.
 */
import type { Step } from '@dbplay/core';
import type { Value } from '../../run/outcome.ts';

export type ModelStepKind =
  /** A scenario step starts on its session. */
  | 'issue'
  | 'begin'
  | 'snapshot'
  | 'read'
  | 'write'
  | 'lock'
  | 'block'
  | 'resume'
  | 'siread'
  | 'conflict'
  | 'doom'
  | 'safe'
  | 'commit'
  | 'abort'
  | 'deadlock'
  /** VACUUM, or a reader pruning a page on the fly (mvcc/vacuum.ts, mvcc/prune-on-read.ts). */
  | 'vacuum'
  | 'prune'
  | 'error'
  | 'result';

export interface VersionInternals {
  /** `v3` */
  readonly id: string;
  /** `(0,3)` */
  readonly tid: string;
  readonly values: readonly Value[];
  readonly xmin: number;
  /** The session whose transaction wrote it (`setup` for the scenario's setup). */
  readonly createdBy: string;
  readonly xminStatus: string;
  readonly xmax: number | null;
  readonly deletedBy: string | null;
  readonly xmaxStatus: string | null;
  /** `updated` or `deleted` */
  readonly ending: string | null;
  /** Row locks on this version: `T2 FOR UPDATE`. */
  readonly locks: readonly string[];
  /** The sessions whose current snapshot sees this version. */
  readonly visibleTo: readonly string[];
}

export interface TableInternals {
  readonly table: string;
  readonly columns: readonly string[];
  readonly versions: readonly VersionInternals[];
  readonly index: { readonly name: string; readonly entries: readonly { key: string; tid: string }[] } | null;
  /**
   * Line pointers that no longer hold a version, left by pruning or VACUUM: `(0,1) redirect to
   * (0,3)`, `(0,2) dead`, `(0,4) unused`. Absent while there are none.
   */
  readonly linePointers?: readonly string[];
  /** The table's last VACUUM or page pruning, in words. Absent before the first. */
  readonly maintenance?: string;
}

export interface SessionInternals {
  readonly session: string;
  /** `idle`, `in transaction`, `failed` (waiting for ROLLBACK) */
  readonly state: string;
  readonly isolation: string | null;
  readonly xid: number | null;
  readonly snapshot: { readonly xmin: number; readonly xmax: number; readonly xip: readonly number[] } | null;
  /** What its statement waits for, in words; null when it does not wait. */
  readonly waiting: string | null;
}

export interface ModelInternals {
  readonly tables: readonly TableInternals[];
  readonly sessions: readonly SessionInternals[];
  readonly rowLocks: readonly {
    readonly table: string;
    readonly tid: string;
    readonly holder: string;
    readonly mode: string;
  }[];
  readonly waitsFor: readonly {
    readonly waiter: string;
    readonly holders: readonly string[];
    readonly reason: string;
  }[];
  readonly sireadLocks: readonly { readonly holder: string; readonly target: string }[];
  readonly rwConflicts: readonly { readonly reader: string; readonly writer: string }[];
  /** Dangerous structures among the rw-conflicts: tin -rw-> pivot -rw-> tout. */
  readonly pivots: readonly { readonly tin: string; readonly pivot: string; readonly tout: string }[];
  readonly twoPhaseLocks: readonly { readonly holder: string; readonly lock: string }[];
  readonly transactions: readonly {
    readonly xid: number;
    readonly session: string;
    readonly status: string;
  }[];
}

export interface ModelStep extends Step<ModelStepKind, ModelInternals> {
  /** The scenario step in progress on the session that acted, when there is one. */
  readonly step: string | null;
}
