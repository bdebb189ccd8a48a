/**
 * The model's whole database for one run: the tables (heaps and their primary-key indexes),
 * the transaction status table, the row-lock queues, serializable snapshot isolation's state
 * and two-phase locking's lock table, as one PostgreSQL cluster holds them in shared memory.
 */

import { TableHierarchy } from './catalog/table-hierarchy.ts';
import { TriggerCatalog } from './catalog/triggers.ts';
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
import type { PlannerCost, PlannerSetting, Statement } from './sql/sql-ast.ts';
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
  /** Inheritance and partitioning: which tables are whose children (catalog/table-hierarchy.ts). */
  readonly hierarchy = new TableHierarchy();
  /** Temporary tables, by the session that created them: no other session can name them. */
  readonly temporaryOwner = new Map<string, string>();
  /** DROP TABLE by a transaction: the table is gone once it commits (execute-hierarchy.ts). */
  readonly droppedBy = new Map<string, number>();
  /** CREATE TABLE by a transaction not known to have committed: gone if it aborts. */
  readonly createdBy = new Map<string, number>();
  /** ALTER COLUMN … TYPE's rewrites not known to have committed: the table as it was, back if it aborts. */
  readonly rewrittenFrom = new Map<string, { readonly xid: number; readonly before: HeapTable }>();
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
  /** Materialized views: each one's query, by the table holding its rows (executor/materialized-views.ts). */
  readonly materializedViews = new Map<HeapTable, Statement & { kind: 'select' }>();
  /** Trigger functions and triggers (catalog/triggers.ts). */
  readonly triggers = new TriggerCatalog();
  /** Sequences (sequences.ts). */
  readonly sequences = new SequenceCatalog();
  /** How dates and times are shown: the sessions' DateStyle and TimeZone (sql/date-time.ts). */
  display: DateTimeDisplay = defaultDateTimeDisplay;
  /** The foreign keys, in the order they were made (executor/foreign-keys.ts). */
  readonly foreignKeys: ForeignKey[] = [];
  /**
   * Each session's planner settings: the switches it turned off (`enable_seqscan`) and the costs
   * it set (`random_page_cost=1.1`), by session (executor/choose-access-path.ts).
   */
  readonly planner = new Map<string, Set<PlannerSetting | `${PlannerCost}=${number}`>>();
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
    const table = this.current(name);
    if (table === undefined) throw new ModelSqlError('42P01', `relation "${name}" does not exist`);
    return table;
  }

  /** The table of that name as the transactions that ended left it, or undefined when there is none. */
  current(name: string): HeapTable | undefined {
    const rewrite = this.rewrittenFrom.get(name);
    if (rewrite !== undefined && this.xacts.statusOf(rewrite.xid) !== 'in progress') {
      this.rewrittenFrom.delete(name);
      if (this.xacts.statusOf(rewrite.xid) === 'aborted') this.tables.set(name, rewrite.before);
    }
    const table = this.tables.get(name);
    return table === undefined || this.droppedTable(table) ? undefined : table;
  }

  /**
   * Whether the table is gone: a DROP TABLE that committed. The table is forgotten then; a
   * drop that aborted is forgotten instead, and one still running leaves the table in place
   * (the dropper holds ACCESS EXCLUSIVE on it, so no one else reads it meanwhile).
   */
  droppedTable(table: HeapTable): boolean {
    const { name } = table.def;
    const creator = this.createdBy.get(name);
    if (creator !== undefined && this.xacts.statusOf(creator) !== 'in progress') {
      this.createdBy.delete(name);
      if (this.xacts.statusOf(creator) === 'aborted') {
        this.forgetTable(table);
        return true;
      }
    }
    const xid = this.droppedBy.get(name);
    if (xid === undefined) return false;
    const status = this.xacts.statusOf(xid);
    if (status === 'in progress') return false;
    this.droppedBy.delete(name);
    if (status === 'aborted') return false;
    this.forgetTable(table);
    return true;
  }

  /** The table is gone: its name, its place in a hierarchy, and whose temporary table it was. */
  forgetTable(table: HeapTable): void {
    const { name } = table.def;
    if (this.tables.get(name) === table) this.tables.delete(name);
    this.hierarchy.forget(name);
    this.temporaryOwner.delete(name);
    this.droppedBy.delete(name);
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
