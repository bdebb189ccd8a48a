/**
 * One transaction of the model: its isolation level and modes, its transaction id (assigned
 * at its first write, as AssignTransactionId does in src/backend/access/transam/xact.c), its
 * snapshot, its command counter, its serializable record, and what it read and wrote.
 */

import type { SerializableXact } from '../ssi/serializable-xact.ts';
import type { SsiParticipant } from '../ssi/ssi-manager.ts';
import type { Snapshot } from './snapshot.ts';
import { TransactionHistory } from './transaction-history.ts';

export type IsolationName = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

/** How the model runs SERIALIZABLE: PostgreSQL's SSI, or strict two-phase locking. */
export type SerializableFlavour = 'ssi' | 'two-phase locking';

export class ModelTransaction implements SsiParticipant {
  readonly session: string;
  isolation: IsolationName;
  readOnly: boolean;
  deferrable: boolean;
  readonly flavour: SerializableFlavour;
  xid: number | null = null;
  /** The transaction snapshot (repeatable read, SSI), or the current statement's (the others). */
  snapshot: Snapshot | null = null;
  /** Whether a statement has run (after which the level may not change). */
  started = false;
  /** The command counter: statement n sees what statements before it wrote. */
  cid = 0;
  /** Statements run, for the history. */
  statements = 0;
  sxact: SerializableXact | null = null;
  readonly history = new TransactionHistory();
  /** The names of the savepoints set in its block, oldest first (model-session.ts). */
  readonly savepoints: string[] = [];
  status: 'active' | 'committed' | 'aborted' = 'active';
  /** Its place among the run's commits, from 1; null until it commits. */
  commitOrder: number | null = null;
  /** Begun by BEGIN (a transaction block), not implicitly around one statement. */
  explicit: boolean;
  /**
   * What puts back the catalog changes it made (roles, grants, owners, a truncated table's
   * heap), run newest first if it rolls back: the model changes its catalog at once, where
   * PostgreSQL writes catalog rows that a rollback leaves dead. ROLLBACK TO SAVEPOINT runs the
   * ones added since the savepoint (executor/savepoint-undo.ts).
   */
  readonly onAbort: (() => void)[] = [];

  constructor(
    session: string,
    modes: { isolation: IsolationName; readOnly: boolean; deferrable: boolean; explicit: boolean },
    flavour: SerializableFlavour,
  ) {
    this.session = session;
    this.isolation = modes.isolation;
    this.readOnly = modes.readOnly;
    this.deferrable = modes.deferrable;
    this.explicit = modes.explicit;
    this.flavour = flavour;
  }

  /** Repeatable read and SSI keep the first snapshot (IsolationUsesXactSnapshot). */
  get usesTransactionSnapshot(): boolean {
    return (
      this.isolation === 'repeatable read' || (this.isolation === 'serializable' && this.flavour === 'ssi')
    );
  }

  get usesSsi(): boolean {
    return this.isolation === 'serializable' && this.flavour === 'ssi';
  }

  get usesTwoPhaseLocking(): boolean {
    return this.isolation === 'serializable' && this.flavour === 'two-phase locking';
  }

  get dirtyReads(): boolean {
    return this.isolation === 'read uncommitted';
  }

  /** The name for drawings: `T1 (xid 745)` or `T1`. */
  get label(): string {
    return this.xid === null ? this.session : `${this.session} (xid ${this.xid})`;
  }
}
