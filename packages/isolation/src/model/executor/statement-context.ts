/**
 * What a statement runs with: the database, its transaction, its snapshot and command id,
 * and the bookkeeping every statement shares (recording reads and writes for the dependency
 * graph, narrating for a tracer).
 *
 * The snapshot is taken when the statement first needs it, as GetTransactionSnapshot is
 * called at the start of each query (src/backend/utils/time/snapmgr.c): a new one per statement
 * at read committed, the transaction's first one kept at repeatable read and serializable.
 * Under two-phase locking the statement takes its predicate lock first and its snapshot
 * after, so that it reads the latest committed rows its lock protects.
 */

import { lockIndexes } from '../locks/index-locks.ts';
import { lockRelation, type RelationLockMode } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TupleVersion } from '../mvcc/heap.ts';
import { formatTid } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { type Snapshot, takeSnapshot } from '../mvcc/snapshot.ts';
import type { PredicateRead, RowSeen } from '../mvcc/transaction-history.ts';
import { createdFor, isVisible, type Viewer } from '../mvcc/visibility.ts';
import { narrate } from '../narration.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { BoundExpression } from '../sql/sql-types.ts';

export class StatementContext {
  readonly db: ModelDatabase;
  readonly xact: ModelTransaction;
  /** The statement's command id: it sees what earlier commands of its transaction wrote. */
  readonly cid: number;
  readonly statement: number;
  private viewerOf: Viewer | null = null;

  /**
   * Read with a snapshot taken now even at repeatable read: the referential-integrity checks
   * that look for rows a concurrent transaction may have added (ri_triggers.c, detectNewRows).
   */
  private readonly latestSnapshot: boolean;
  /** With latestSnapshot: change only rows the transaction's own snapshot sees (crosscheckFor). */
  private readonly crosscheck: boolean;

  constructor(
    db: ModelDatabase,
    xact: ModelTransaction,
    options: { latestSnapshot?: boolean; crosscheck?: boolean } = {},
  ) {
    this.db = db;
    this.xact = xact;
    this.cid = ++xact.cid;
    this.statement = ++xact.statements;
    this.latestSnapshot = options.latestSnapshot ?? false;
    this.crosscheck = options.crosscheck ?? false;
  }

  /**
   * The crosscheck snapshot (es_crosscheck_snapshot): a foreign key's ON DELETE / ON UPDATE
   * action at repeatable read finds its rows with a snapshot taken now, but a row its
   * transaction's snapshot does not see counts as changed by a concurrent transaction
   * (heap_update and heap_delete return TM_Updated): 40001. Null for every other statement.
   */
  crosscheckViewer(): Viewer | null {
    const { xact } = this;
    if (!this.crosscheck || !xact.usesTransactionSnapshot || xact.snapshot === null) return null;
    return { xid: xact.xid, cid: this.cid, snapshot: xact.snapshot, dirty: false };
  }

  /**
   * The snapshot the statement plans with, when it is already fixed (a repeatable-read
   * transaction's after its first statement); null for one taken now (detach-concurrently.ts).
   */
  plannerSnapshot(): Snapshot | null {
    const { xact } = this;
    return !this.latestSnapshot && xact.usesTransactionSnapshot ? xact.snapshot : null;
  }

  /**
   * The statement's view: its snapshot (taken now if it has none yet). `reading` is true for a
   * plain SELECT: only such a statement reads dirty data at read uncommitted. Writers find
   * their rows as at read committed and wait for uncommitted changes, since even read
   * uncommitted must not let one transaction overwrite another's uncommitted write (P0).
   */
  *viewer(reading = false): Work<Viewer> {
    if (this.viewerOf !== null) return this.viewerOf;
    const { db, xact } = this;
    if (this.latestSnapshot && xact.usesTransactionSnapshot && xact.snapshot !== null) {
      // GetLatestSnapshot: the transaction's own snapshot stays as it was.
      const snapshot = takeSnapshot(db.xacts, xact.xid);
      const transactionSnapshot = xact.snapshot;
      this.viewerOf = { xid: xact.xid, cid: this.cid, snapshot, dirty: false, transactionSnapshot };
      return this.viewerOf;
    }
    if (xact.usesTransactionSnapshot && xact.snapshot !== null) {
      this.viewerOf = { xid: xact.xid, cid: this.cid, snapshot: xact.snapshot, dirty: false };
      return this.viewerOf;
    }
    let snapshot = takeSnapshot(db.xacts, xact.xid);
    if (xact.usesSsi) snapshot = yield* this.registerSerializable(snapshot);
    xact.snapshot = snapshot;
    xact.started = true;
    db.narrator?.record(
      'snapshot',
      [xact.session],
      narrate.snapshotTaken(xact, snapshot, xact.dirtyReads && reading),
    );
    this.viewerOf = { xid: xact.xid, cid: this.cid, snapshot, dirty: xact.dirtyReads && reading };
    return this.viewerOf;
  }

  /**
   * GetSerializableTransactionSnapshot: register with SSI; a READ ONLY DEFERRABLE transaction
   * waits until no concurrent read-write transaction can make its snapshot unsafe, retrying
   * with a new snapshot when one does (GetSafeSnapshot).
   */
  private *registerSerializable(
    first: ReturnType<typeof takeSnapshot>,
  ): Work<ReturnType<typeof takeSnapshot>> {
    const { db, xact } = this;
    let snapshot = first;
    for (;;) {
      const sxact = db.ssi.register(xact.session, snapshot, xact.readOnly);
      xact.sxact = sxact;
      if (sxact === null) {
        if (xact.readOnly) {
          db.narrator?.record('safe', [xact.session], narrate.optsOut(xact.session));
        }
        return snapshot;
      }
      if (!(xact.readOnly && xact.deferrable)) return snapshot;
      if (!db.ssi.safeSnapshotDecided(sxact)) {
        yield {
          kind: 'safe-snapshot',
          reason: `a safe snapshot: READ ONLY DEFERRABLE waits until every concurrent read-write transaction has finished`,
        };
      }
      if (!sxact.flags.roUnsafe) {
        db.ssi.release(sxact, false);
        xact.sxact = null;
        db.narrator?.record('safe', [xact.session], narrate.safeNow(xact.session));
        return snapshot;
      }
      db.ssi.release(sxact, false);
      xact.sxact = null;
      db.narrator?.record('safe', [xact.session], narrate.unsafe(xact.session));
      snapshot = takeSnapshot(db.xacts, xact.xid);
    }
  }

  /**
   * Opens the statement's table: its table-level lock (ACCESS SHARE for a query, ROW SHARE for a
   * locking one, ROW EXCLUSIVE for a write), which parse analysis takes in PostgreSQL. That is
   * after the query's snapshot when the transaction keeps its first snapshot (exec_simple_query
   * takes a snapshot for analysis, and at repeatable read it is the transaction's), and before
   * it at read committed, whose executor takes a new one.
   */
  *openTable(table: string, mode: RelationLockMode, reading = false): Work<void> {
    const owner = this.db.temporaryOwner.get(table);
    const creator = this.db.createdBy.get(table);
    // Another session's temporary table, or one another transaction created and has not committed.
    if (
      (owner !== undefined && owner !== this.xact.session) ||
      (creator !== undefined && creator !== this.xact.xid && this.db.xacts.isRunning(creator))
    )
      throw new ModelSqlError('42P01', `relation "${table}" does not exist`);
    if (this.xact.usesTransactionSnapshot) yield* this.viewer(reading);
    yield* lockRelation(this.db.relationLocks, table, this.xact, mode);
    // A DROP TABLE the lock waited for leaves nothing to open (42P01).
    const opened = this.db.table(table);
    if (opened.indexes.length > 0) yield* lockIndexes(this.db.relationLocks, opened, this.xact, mode);
  }

  /** Records an item read (a row returned, or read before a write) for the dependency graph. */
  recordRead(version: TupleVersion): void {
    const dirty = version.xmin !== this.xact.xid && this.db.xacts.isRunning(version.xmin);
    this.xact.history.reads.push({ version, statement: this.statement, dirty });
  }

  /**
   * Records a predicate read: which version of every row of the table this statement saw.
   * Worked out only when the dependency graph is asked for: a snapshot's view does not change
   * afterwards (except read uncommitted's, which is worked out now).
   */
  recordPredicateRead(
    tableName: string,
    predicate: BoundExpression | null,
    text: string,
    viewer: Viewer,
  ): void {
    const read = new LazyPredicateRead(this.db, tableName, predicate, text, this.statement, viewer);
    // Read uncommitted's view changes as other transactions go on: worked out now.
    if (viewer.dirty) void read.seen;
    this.xact.history.predicateReads.push(read);
  }

  /** `test (0,1) [1, 10]` */
  describe(version: TupleVersion): string {
    return `${version.table} ${formatTid(version.tid)} (${version.values.map(String).join(', ')})`;
  }
}

/**
 * A predicate read whose rows seen are worked out when first asked for (most runs never build
 * their dependency graph). One object, not a closure and a getter per read: a statement
 * records one on every scan.
 */
class LazyPredicateRead implements PredicateRead {
  readonly table: string;
  readonly predicate: BoundExpression | null;
  readonly text: string;
  readonly statement: number;
  private readonly db: ModelDatabase;
  private readonly heap: HeapTable;
  private readonly viewer: Viewer;
  private rows: Map<number, RowSeen> | null = null;

  constructor(
    db: ModelDatabase,
    table: string,
    predicate: BoundExpression | null,
    text: string,
    statement: number,
    viewer: Viewer,
  ) {
    this.db = db;
    this.heap = db.table(table);
    this.table = table;
    this.predicate = predicate;
    this.text = text;
    this.statement = statement;
    this.viewer = viewer;
  }

  get seen(): ReadonlyMap<number, RowSeen> {
    this.rows ??= this.work();
    return this.rows;
  }

  private work(): Map<number, RowSeen> {
    const { db, viewer } = this;
    const seen = new Map<number, RowSeen>();
    for (const version of this.heap.versions()) {
      const row = seen.get(version.row) ?? { visible: null, base: null };
      const visible = isVisible(version, viewer, db.xacts);
      const born = visible || createdFor(version, viewer, db.xacts);
      seen.set(version.row, {
        visible: visible ? version : row.visible,
        base: born && (row.base === null || version.id > row.base.id) ? version : row.base,
      });
    }
    return seen;
  }
}
