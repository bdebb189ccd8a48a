/**
 * The model's whole database for one run: the tables (heaps and their primary-key indexes),
 * the transaction status table, the row-lock queues, serializable snapshot isolation's state
 * and two-phase locking's lock table, as one PostgreSQL cluster holds them in shared memory.
 */

import type { ForeignKey } from './executor/foreign-keys.ts';
import { AdvisoryLockTable } from './locks/advisory-locks.ts';
import { RelationLockTable } from './locks/relation-locks.ts';
import { TwoPhaseLockTable } from './locks/two-phase-locking.ts';
import type { HeapTable } from './mvcc/heap.ts';
import type { ModelTransaction, SerializableFlavour } from './mvcc/model-transaction.ts';
import type { PruneReport } from './mvcc/prune-on-read.ts';
import { TransactionTable } from './mvcc/transaction-table.ts';
import type { VacuumReport } from './mvcc/vacuum.ts';
import { RoleCatalog } from './roles.ts';
import { SequenceCatalog } from './sequences.ts';
import { type DateTimeDisplay, defaultDateTimeDisplay } from './sql/date-time.ts';
import type { PlannerSetting } from './sql/sql-ast.ts';
import { ModelSqlError } from './sql/sql-error.ts';
import { SsiManager } from './ssi/ssi-manager.ts';
import type { ModelStepKind } from './trace/model-step.ts';

/** Receives the model's narration when a tracer is attached (model-run.ts builds the steps). */
export interface ModelNarrator {
  record(kind: ModelStepKind, touched: readonly string[], narration: string): void;
}

/** One VACUUM of a table, or one page pruned on the fly by a reader. */
export type MaintenanceEvent = (
  | { readonly kind: 'vacuum'; readonly report: VacuumReport }
  | { readonly kind: 'prune'; readonly report: PruneReport }
) & {
  /** The session that vacuumed, or whose read pruned the page. */
  readonly session: string;
  /** What it did, in one sentence, as the trace narrates it. */
  readonly description: string;
};

/** The heavyweight lock on one tuple: who holds it and who queues behind (heap_acquire_tuplock). */
export interface TupleLockQueue {
  holder: ModelTransaction | null;
  readonly queue: ModelTransaction[];
}

export class ModelDatabase {
  readonly tables = new Map<string, HeapTable>();
  readonly xacts = new TransactionTable();
  readonly ssi = new SsiManager(this.xacts);
  readonly twoPhase = new TwoPhaseLockTable();
  readonly tupleLocks = new Map<string, TupleLockQueue>();
  /** pg_advisory_lock's locks, held by sessions and transactions (locks/advisory-locks.ts). */
  readonly advisory = new AdvisoryLockTable();
  /** Table-level locks (locks/relation-locks.ts). */
  readonly relationLocks = new RelationLockTable();
  /** Roles, table owners and privileges (roles.ts). */
  readonly roles = new RoleCatalog();
  /** The schemas CREATE SCHEMA made besides public (executor/execute-schema.ts). */
  readonly schemas = new Set<string>();
  /** Sequences (sequences.ts). */
  readonly sequences = new SequenceCatalog();
  /** How dates and times are shown: the sessions' DateStyle and TimeZone (sql/date-time.ts). */
  display: DateTimeDisplay = defaultDateTimeDisplay;
  /** The foreign keys, in the order they were made (executor/foreign-keys.ts). */
  readonly foreignKeys: ForeignKey[] = [];
  /** The planner switches each session has turned off (`SET enable_seqscan = off`), by session. */
  readonly planner = new Map<string, Set<PlannerSetting>>();
  readonly flavour: SerializableFlavour;
  /** The transactions not yet ended, whose ids and snapshots hold the removal horizon back (horizon.ts). */
  readonly openTransactions = new Set<ModelTransaction>();
  /** Sessions with a statement in progress: a READ COMMITTED snapshot counts only while one runs. */
  readonly runningStatements = new Set<string>();
  /**
   * Whether VACUUM and readers clean dead versions up. Off, the model is plain MVCC in which
   * every version stays forever: what the property tests compare the clean-up against, since
   * cleaning up must never change what any transaction sees.
   */
  cleanUp = true;
  /** Each VACUUM and opportunistic pruning, in order: what the internals and the lessons show. */
  readonly maintenance: MaintenanceEvent[] = [];
  /** How many transactions have committed. */
  commits = 0;
  /** Row numbers for two-phase locks on rows being inserted (negative: not rows of the heap yet). */
  private newRows = 0;
  private narratorOf: ModelNarrator | undefined;

  constructor(flavour: SerializableFlavour) {
    this.flavour = flavour;
  }

  get narrator(): ModelNarrator | undefined {
    return this.narratorOf;
  }

  set narrator(narrator: ModelNarrator | undefined) {
    this.narratorOf = narrator;
    this.ssi.narrator = narrator;
  }

  /** The table, or 42P01 as PostgreSQL reports an unknown relation. */
  table(name: string): HeapTable {
    const table = this.tables.get(name);
    if (table === undefined) throw new ModelSqlError('42P01', `relation "${name}" does not exist`);
    return table;
  }

  /** AssignTransactionId: the transaction's id, given at its first write. */
  assignXid(xact: ModelTransaction): number {
    if (xact.xid !== null) return xact.xid;
    const xid = this.xacts.assign(xact.session);
    xact.xid = xid;
    if (xact.sxact !== null) this.ssi.registerXid(xact.sxact, xid);
    this.narrator?.record(
      'begin',
      [xact.session],
      `${xact.session} writes for the first time and gets transaction id ${xid}.`,
    );
    return xid;
  }

  /** A row number for a two-phase lock on a row about to be inserted. */
  newRowLock(): number {
    return --this.newRows;
  }

  tupleLock(key: string): TupleLockQueue {
    let lock = this.tupleLocks.get(key);
    if (lock === undefined) {
      lock = { holder: null, queue: [] };
      this.tupleLocks.set(key, lock);
    }
    return lock;
  }

  /** A transaction that ends leaves every tuple-lock queue (it held or waited for). */
  leaveTupleLocks(xact: ModelTransaction): void {
    for (const [key, lock] of this.tupleLocks) {
      if (lock.holder === xact) lock.holder = null;
      const at = lock.queue.indexOf(xact);
      if (at !== -1) lock.queue.splice(at, 1);
      if (lock.holder === null && lock.queue.length === 0) this.tupleLocks.delete(key);
    }
  }
}
