/**
 * One session of the model: a connection's transaction-block state and the statements it
 * runs, as src/backend/tcop/postgres.c (exec_simple_query) and the transaction-block state
 * machine of src/backend/access/transam/xact.c handle them.
 *
 * A step's SQL is one simple-query message: its statements run in order; outside a BEGIN …
 * COMMIT block each statement is its own transaction (several statements in one message
 * share an implicit one). After an error the transaction is aborted at once (its locks go),
 * but inside a block the session stays in the failed block: every statement fails with 25P02
 * until COMMIT or ROLLBACK, and COMMIT then answers ROLLBACK.
 *
 * Savepoints. `SAVEPOINT name` and `RELEASE [SAVEPOINT] name` are taken, with PostgreSQL's
 * checks (only inside a transaction block, 25P01; a name that is not set, 3B001). The model
 * keeps one transaction id for the whole block: PostgreSQL gives the work after a savepoint a
 * subtransaction id, but a subtransaction that is never rolled back to commits with its
 * parent, and PostgreSQL treats its locks and row versions as the transaction's own
 * (TransactionIdIsCurrentTransactionId covers subtransactions), which is what the model does.
 * `ROLLBACK TO SAVEPOINT` undoes the work after the savepoint (executor/savepoint-undo.ts) and
 * brings a failed block back to work.
 */
import type { BeginMode } from '../engines/engine.ts';
import type { ResultSet, StatementResult } from '../run/outcome.ts';
import { addColumn } from './executor/add-column.ts';
import { executeCatalogQuery, isCatalogQuery, recordQuery } from './executor/catalog-views.ts';
import { checkPrivileges } from './executor/check-privileges.ts';
import { detachPartition, finishDetach } from './executor/detach-concurrently.ts';
import { dropIndexConcurrently } from './executor/drop-index-concurrently.ts';
import { evaluateSubqueries, hasSubqueries } from './executor/evaluate-subqueries.ts';
import {
  alterColumnType,
  alterInheritance,
  attachPartition,
  createTableIn,
  dropTableIn,
} from './executor/execute-hierarchy.ts';
import { alterTable, createIndex, createTableAs, dropIndex } from './executor/execute-index-ddl.ts';
import { executeInsert } from './executor/execute-insert.ts';
import { executeMerge } from './executor/execute-merge.ts';
import { executeModify } from './executor/execute-modify.ts';
import { executeRoleStatement } from './executor/execute-roles.ts';
import { executeSchemaStatement, requireSchemaOf } from './executor/execute-schema.ts';
import { executeSelect } from './executor/execute-select.ts';
import {
  cluster,
  reindexConcurrently,
  reindexTable,
  reindexTargets,
  truncate,
} from './executor/execute-table-commands.ts';
import { executeTriggerDdl } from './executor/execute-trigger-ddl.ts';
import { executeWith } from './executor/execute-with.ts';
import { explainSelect } from './executor/explain-plan.ts';
import {
  addForeignKey,
  checkDeferredForeignKeys,
  checkForeignKeys,
  createForeignKeys,
  validateConstraint,
} from './executor/foreign-keys.ts';
import { executeMaterializedView, refuseViewChange } from './executor/materialized-views.ts';
import { markSavepoint, releaseSavepoints, rollbackToSavepoint } from './executor/savepoint-undo.ts';
import { StatementContext } from './executor/statement-context.ts';
import { lockRelation } from './locks/relation-locks.ts';
import type { Work } from './locks/wait.ts';
import type { ModelDatabase } from './model-database.ts';
import { abortTransaction, commitTransaction } from './mvcc/end-transaction.ts';
import { type IsolationName, ModelTransaction } from './mvcc/model-transaction.ts';
import { countRelation } from './mvcc/relation-size.ts';
import { relationsToProcess, samplePartitions, vacuum } from './mvcc/vacuum-statement.ts';
import { sessionUser } from './roles.ts';
import { SessionSettings } from './session-settings.ts';
import { parseSqlText } from './sql/parse-sql-text.ts';
import type { PlannerCost, PlannerSetting, Statement, TransactionModes } from './sql/sql-ast.ts';
import { abortedTransaction, ModelSqlError } from './sql/sql-error.ts';

export type BlockState = 'idle' | 'in transaction' | 'failed';

interface StatementOutput {
  readonly rows: ResultSet | null;
  readonly command: string;
}

/** Every transaction of a run, across its sessions. */
export interface TransactionRegistry {
  readonly all: ModelTransaction[];
}

export class ModelSession {
  readonly name: string;
  block: BlockState = 'idle';
  /** The open transaction (in a failed block, the aborted one); null when idle. */
  xact: ModelTransaction | null = null;
  /** The settings its SET statements made (session-settings.ts). */
  readonly settings = new SessionSettings();
  /** The session's own `SET deadlock_timeout`, in milliseconds; null when it set none. */
  deadlockTimeoutMs: number | null = null;
  /** The session's prepared statements (PREPARE name AS …), by name. */
  private readonly prepared = new Map<string, Statement>();
  /** Set when an error failed a block with a savepoint: its transaction ends with the block. */
  private abortWhenBlockEnds: string | null = null;
  private readonly db: ModelDatabase;
  private readonly registry: TransactionRegistry;

  constructor(name: string, db: ModelDatabase, registry: TransactionRegistry) {
    this.name = name;
    this.db = db;
    this.registry = registry;
  }

  /**
   * Runs a step: `begin` says how the runner starts the session's transaction first
   * (BEGIN ISOLATION LEVEL …, or only SET TRANSACTION), at `isolation`.
   */
  *runStep(sql: string, begin: BeginMode, isolation: IsolationName): Work<StatementResult> {
    const inTransaction = this.block !== 'idle' || begin === 'transaction';
    let rows: ResultSet | null = null;
    let command: string | null = null;
    this.db.runningStatements.add(this.name);
    recordQuery(this.db, this.name, sql);
    try {
      const modes: TransactionModes = { isolation, readOnly: null, deferrable: null };
      if (begin === 'transaction') this.begin(modes);
      else if (begin === 'level') this.setTransaction(modes);
      const statements = parseSqlText(sql);
      const implicit = this.block === 'idle' && statements.length > 1;
      if (implicit)
        this.xact = this.newTransaction(false, { isolation: null, readOnly: null, deferrable: null });
      for (const statement of statements) {
        const out = yield* this.execute(statement);
        if (out.rows !== null) rows = out.rows;
        command = out.command;
      }
      if (implicit && this.block === 'idle' && this.xact !== null) {
        if (this.db.foreignKeys.length > 0) yield* checkDeferredForeignKeys(this.db, this.xact);
        this.commit();
      }
    } catch (error) {
      if (!(error instanceof ModelSqlError)) throw error;
      this.afterError(error);
      return {
        rows: null,
        command: null,
        error: error.toStepError(),
        ended: inTransaction && this.block === 'idle' ? 'rollback' : null,
      };
    } finally {
      this.db.runningStatements.delete(this.name);
    }
    return {
      rows,
      command,
      error: null,
      ended: inTransaction && this.block === 'idle' ? (command === 'COMMIT' ? 'commit' : 'rollback') : null,
    };
  }

  /** Rolls back whatever is open, as a disconnecting client's transaction is. */
  rollbackOpen(why: string): void {
    if (this.xact !== null) abortTransaction(this.db, this.xact, this.abortWhenBlockEnds ?? why);
    this.settings.endTransaction(false);
    this.abortWhenBlockEnds = null;
    this.xact = null;
    this.block = 'idle';
  }

  private *execute(statement: Statement): Work<StatementOutput> {
    switch (statement.kind) {
      case 'begin':
        this.begin(statement.modes);
        return { rows: null, command: 'BEGIN' };
      case 'set-transaction':
        this.setTransaction(statement.modes);
        return { rows: null, command: 'SET' };
      case 'set-setting':
        // In a failed block PostgreSQL refuses it as it refuses everything but the block's end.
        if (this.block === 'failed') throw abortedTransaction();
        // Without a value: a setting that changes nothing the model shows (parse-sql.ts).
        // SET ROLE names a role that exists (the session user, a superuser, may become any).
        if (
          statement.name === 'role' &&
          typeof statement.value === 'string' &&
          !this.db.roles.exists(statement.value)
        )
          throw new ModelSqlError('22023', `role "${statement.value}" does not exist`);
        if (statement.value !== undefined) {
          this.settings.set(
            statement.name,
            statement.value,
            statement.local === true ? 'local' : 'session',
            this.xact !== null,
          );
        }
        return { rows: null, command: statement.text.startsWith('reset') ? 'RESET' : 'SET' };
      case 'commit':
        // The deferred foreign keys' checks run first; one that fails fails the COMMIT.
        if (this.block === 'in transaction' && this.xact !== null)
          if (this.db.foreignKeys.length > 0) yield* checkDeferredForeignKeys(this.db, this.xact);
        return { rows: null, command: this.commitStatement() };
      case 'rollback':
        this.rollbackOpen('ROLLBACK');
        return { rows: null, command: 'ROLLBACK' };
      case 'savepoint':
        this.inBlockFor('SAVEPOINT').push(statement.name);
        markSavepoint(this.xact as ModelTransaction);
        this.settings.markSavepoint();
        return { rows: null, command: 'SAVEPOINT' };
      case 'release': {
        const savepoints = this.inBlockFor('RELEASE SAVEPOINT');
        const at = savepoints.lastIndexOf(statement.name);
        if (at < 0) throw new ModelSqlError('3B001', `savepoint "${statement.name}" does not exist`);
        savepoints.length = at; // releases it and every savepoint set after it
        releaseSavepoints(this.xact as ModelTransaction, at);
        this.settings.releaseSavepoints(at);
        return { rows: null, command: 'RELEASE' };
      }
      case 'rollback-to': {
        // Taken in a failed block too: it is how a block recovers from an error.
        const xact = this.xact;
        if (this.block === 'idle' || xact === null)
          throw new ModelSqlError('25P01', 'ROLLBACK TO SAVEPOINT can only be used in transaction blocks');
        const at = xact.savepoints.lastIndexOf(statement.name);
        if (at < 0) throw new ModelSqlError('3B001', `savepoint "${statement.name}" does not exist`);
        xact.savepoints.length = at + 1; // the savepoint stays; those set after it go
        rollbackToSavepoint(this.db, xact, at);
        this.settings.rollbackToSavepoint(at);
        this.block = 'in transaction';
        this.abortWhenBlockEnds = null;
        this.db.narrator?.record(
          'abort',
          [this.name],
          `${this.name} rolls back to savepoint ${statement.name}: the row versions it wrote since are dead, and the rows it changed or locked since are as they were.`,
        );
        return { rows: null, command: 'ROLLBACK' };
      }
      case 'set-planner': {
        // The planner switches the access-path choice reads (executor/choose-access-path.ts).
        // SET LOCAL should end with the transaction and a rolled-back SET be undone; the model
        // keeps the value, as for deadlock_timeout.
        if (this.block === 'failed') throw abortedTransaction();
        const settings = this.db.planner.get(this.name) ?? new Set();
        const { setting, cost } = statement;
        if (cost !== undefined) {
          for (const entry of settings) if (entry.startsWith(`${setting}=`)) settings.delete(entry);
          settings.add(`${setting as PlannerCost}=${cost}`);
        } else if (statement.enabled) settings.delete(setting as PlannerSetting);
        else settings.add(setting as PlannerSetting);
        this.db.planner.set(this.name, settings);
        return { rows: null, command: 'SET' };
      }
      case 'prepare':
        // PostgreSQL analyses the statement now and plans it at each EXECUTE (for the first
        // five, a custom plan under the settings of the moment), which the model's per-settings
        // choice of path does too.
        if (this.block === 'failed') throw abortedTransaction();
        if (this.prepared.has(statement.name))
          throw new ModelSqlError('42P05', `prepared statement "${statement.name}" already exists`);
        this.prepared.set(statement.name, statement.statement);
        return { rows: null, command: 'PREPARE' };
      case 'execute': {
        if (this.block === 'failed') throw abortedTransaction();
        const prepared = this.prepared.get(statement.name);
        if (prepared === undefined)
          throw new ModelSqlError('26000', `prepared statement "${statement.name}" does not exist`);
        return yield* this.execute(prepared);
      }
      case 'vacuum':
        if (this.block === 'failed') throw abortedTransaction();
        if (this.xact !== null)
          throw new ModelSqlError('25001', 'VACUUM cannot run inside a transaction block');
        return { rows: null, command: yield* this.vacuum(statement) };
      case 'reindex': {
        // REINDEX TABLE runs in the transaction; CONCURRENTLY and SCHEMA commit as they go.
        if (statement.target === 'table' && !statement.concurrently)
          return yield* this.executeQuery(statement);
        if (this.block === 'failed') throw abortedTransaction();
        if (this.xact !== null)
          throw new ModelSqlError(
            '25001',
            `REINDEX ${statement.concurrently ? 'CONCURRENTLY' : 'SCHEMA'} cannot run inside a transaction block`,
          );
        const db = this.db;
        const reindex = statement.concurrently ? reindexConcurrently : reindexTable;
        for (const table of reindexTargets(db, this.currentRole(), statement)) {
          yield* this.inOwnTransaction(function* (own) {
            yield* reindex(db, own, table);
            return 'REINDEX';
          });
        }
        return { rows: null, command: 'REINDEX' };
      }
      case 'detach-partition':
        if (statement.mode !== 'concurrently') return yield* this.executeQuery(statement);
        return yield* this.detachConcurrently(statement);
      case 'drop-index': {
        if (!statement.concurrently) return yield* this.executeQuery(statement);
        if (this.block === 'failed') throw abortedTransaction();
        if (this.xact !== null)
          throw new ModelSqlError('25001', 'DROP INDEX CONCURRENTLY cannot run inside a transaction block');
        const db = this.db;
        return {
          rows: null,
          command: yield* this.inOwnTransaction((own) => dropIndexConcurrently(db, own, statement)),
        };
      }
      case 'explain': {
        // EXPLAIN EXECUTE name: the prepared statement's plan (executor/explain-plan.ts).
        if (statement.statement.kind !== 'execute') return yield* this.executeQuery(statement);
        if (this.block === 'failed') throw abortedTransaction();
        const prepared = this.prepared.get(statement.statement.name);
        if (prepared === undefined)
          throw new ModelSqlError('26000', `prepared statement "${statement.statement.name}" does not exist`);
        return yield* this.executeQuery({ ...statement, statement: prepared });
      }
      case 'create-schema':
      case 'drop-schema':
        return yield* this.executeQuery(statement);
      default:
        return yield* this.executeQuery(statement);
    }
  }

  private *executeQuery(written: Statement): Work<StatementOutput> {
    if (this.block === 'failed') throw abortedTransaction();
    const autocommit = this.xact === null;
    if (written.kind === 'lock-table' && autocommit)
      throw new ModelSqlError('25P01', 'LOCK TABLE can only be used in transaction blocks');
    const xact =
      this.xact ?? this.newTransaction(false, { isolation: null, readOnly: null, deferrable: null });
    this.xact = xact;
    const context = new StatementContext(this.db, xact);
    const role = this.currentRole();
    checkPrivileges(this.db, role, written);
    refuseViewChange(this.db, written);
    const firstInstall = xact.history.installs.length;
    const statement = hasSubqueries(written) ? yield* evaluateSubqueries(context, written) : written;
    let out: StatementOutput;
    switch (statement.kind) {
      case 'select':
        out = isCatalogQuery(statement)
          ? executeCatalogQuery(context, statement)
          : yield* executeSelect(context, statement);
        break;
      case 'insert':
        out = yield* executeInsert(context, statement);
        break;
      case 'update':
      case 'delete':
        out = yield* executeModify(context, statement);
        break;
      case 'with':
        out = yield* executeWith(context, statement);
        break;
      case 'merge':
        out = yield* executeMerge(context, statement);
        break;
      case 'create-role':
      case 'drop-role':
      case 'grant':
      case 'grant-role':
      case 'alter-owner':
      case 'drop-owned':
        out = { rows: null, command: yield* executeRoleStatement(this.db, xact, role, statement) };
        break;
      case 'truncate':
        out = { rows: null, command: yield* truncate(this.db, xact, role, statement) };
        break;
      case 'cluster':
        out = { rows: null, command: yield* cluster(this.db, xact, role, statement) };
        break;
      case 'reindex':
        for (const table of reindexTargets(this.db, role, statement))
          yield* reindexTable(this.db, xact, table);
        out = { rows: null, command: 'REINDEX' };
        break;
      case 'create-schema':
      case 'drop-schema':
        out = { rows: null, command: yield* executeSchemaStatement(this.db, xact, statement) };
        break;
      case 'create-sequence':
        this.db.sequences.create(statement.sequence, statement.options, xact);
        out = { rows: null, command: 'CREATE SEQUENCE' };
        break;
      case 'alter-sequence':
        yield* this.db.sequences.alter(this.db.relationLocks, statement.sequence, statement.options, xact);
        out = { rows: null, command: 'ALTER SEQUENCE' };
        break;
      case 'drop-sequence':
        for (const sequence of statement.sequences) {
          if (statement.ifExists && !this.db.sequences.has(sequence)) continue;
          this.db.sequences.get(sequence);
          yield* lockRelation(this.db.relationLocks, sequence, xact, 'ACCESS EXCLUSIVE');
          this.db.sequences.drop(sequence, xact);
        }
        out = { rows: null, command: 'DROP SEQUENCE' };
        break;
      case 'create-table':
        yield* context.viewer();
        requireSchemaOf(this.db, statement.table);
        out = { rows: null, command: yield* createTableIn(context, statement) };
        for (const column of statement.columns)
          if (column.default?.owned === true) this.db.sequences.create(column.default.sequence, {}, xact);
        if (role !== sessionUser) this.db.roles.setOwner(statement.table, role, xact);
        yield* createForeignKeys(this.db, xact, statement);
        break;
      case 'attach-partition':
        yield* context.viewer();
        out = { rows: null, command: yield* attachPartition(context, statement) };
        break;
      case 'detach-partition':
        yield* context.viewer();
        out = { rows: null, command: yield* detachPartition(context, statement) };
        break;
      case 'add-column':
        yield* context.viewer();
        out = { rows: null, command: yield* addColumn(context, statement) };
        break;
      case 'alter-inheritance':
        yield* context.viewer();
        out = { rows: null, command: yield* alterInheritance(context, statement) };
        break;
      case 'alter-column-type':
        yield* context.viewer();
        out = { rows: null, command: yield* alterColumnType(context, statement) };
        break;
      case 'add-foreign-key':
        out = { rows: null, command: yield* addForeignKey(context, statement) };
        break;
      case 'validate-constraint':
        out = { rows: null, command: yield* validateConstraint(context, statement) };
        break;
      case 'lock-table':
        // No snapshot: LOCK TABLE before the first query is how a repeatable-read
        // transaction makes its snapshot see what the lock waited for.
        for (const table of statement.tables) {
          this.db.table(table);
          yield* lockRelation(this.db.relationLocks, table, xact, statement.mode, statement.nowait);
        }
        out = { rows: null, command: 'LOCK TABLE' };
        break;
      case 'drop-table': {
        yield* context.viewer();
        const dropped = statement.tables.flatMap((table) => this.db.current(table)?.def.columns ?? []);
        out = { rows: null, command: yield* dropTableIn(context, statement) };
        for (const column of dropped)
          if (column.default?.owned === true) this.db.sequences.drop(column.default.sequence, xact);
        for (const table of statement.tables) this.db.roles.forgetTable(table, xact);
        for (const table of statement.tables) this.db.triggers.forgetTable(table, xact);
        break;
      }
      case 'analyze': {
        // ANALYZE runs in the transaction (unlike VACUUM), with SHARE UPDATE EXCLUSIVE on each table;
        // a partitioned table stands for itself and its partitions. Outside a transaction block,
        // with several tables, each is analysed in a transaction of its own (vacuum.c's
        // use_own_xacts): its lock goes when it is done, and a table dropped meanwhile is skipped.
        // A table the current role does not own is skipped with a WARNING, before any lock (roles.ts).
        const names = relationsToProcess(
          this.db,
          statement.tables.length === 0
            ? [...this.db.tables.keys()]
            : statement.tables.map((name) => this.db.table(name).def.name),
        ).filter((name) => this.db.roles.owns(role, name));
        for (const name of names) {
          if (
            statement.skipLocked === true &&
            this.db.relationLocks.blockers(name, xact, 'SHARE UPDATE EXCLUSIVE').length > 0
          )
            continue; // SKIP_LOCKED: WARNING: skipping analyze of "…" --- lock not available
          yield* lockRelation(this.db.relationLocks, name, xact, 'SHARE UPDATE EXCLUSIVE');
          const table = this.db.current(name);
          if (table !== undefined) countRelation(this.db, table);
          if (table !== undefined && this.db.hierarchy.isPartitioned(name))
            yield* samplePartitions(this.db, name, xact, autocommit && names.length > 1);
          if (autocommit && names.length > 1) this.db.relationLocks.release(name, xact);
        }
        out = { rows: null, command: 'ANALYZE' };
        break;
      }
      case 'create-table-as':
        yield* context.viewer();
        out = { rows: null, command: createTableAs(context, statement) };
        break;
      case 'create-index':
        yield* context.viewer();
        out = { rows: null, command: yield* createIndex(context, statement) };
        break;
      case 'drop-index':
        yield* context.viewer();
        out = { rows: null, command: yield* dropIndex(context, statement) };
        break;
      case 'explain':
        if (statement.statement.kind !== 'select')
          throw new ModelSqlError('0A000', `the model cannot EXPLAIN ${statement.statement.kind}`);
        out = yield* explainSelect(context, statement.statement);
        break;
      case 'create-materialized-view':
      case 'refresh-materialized-view':
      case 'drop-materialized-view':
        yield* context.viewer();
        out = { rows: null, command: yield* executeMaterializedView(context, statement) };
        break;
      case 'create-function':
      case 'drop-function':
      case 'create-trigger':
      case 'drop-trigger':
      case 'switch-trigger':
        yield* context.viewer();
        out = { rows: null, command: yield* executeTriggerDdl(context, statement) };
        break;
      case 'alter-table':
        yield* context.viewer();
        out = { rows: null, command: yield* alterTable(context, statement) };
        break;
      default:
        throw new ModelSqlError('0A000', `${statement.kind} is not a query`);
    }
    // The statement's AFTER triggers: the foreign keys' checks (executor/foreign-keys.ts).
    if (this.db.foreignKeys.length > 0)
      yield* checkForeignKeys(this.db, xact, xact.history.installs.slice(firstInstall));
    if (autocommit) {
      if (this.db.foreignKeys.length > 0) yield* checkDeferredForeignKeys(this.db, xact);
      this.commit();
    }
    return out;
  }

  /** VACUUM, of the tables the current role may vacuum, in a transaction of its own. */
  private *vacuum(statement: Extract<Statement, { kind: 'vacuum' }>): Work<string> {
    // A table the current role may not vacuum is skipped with a WARNING, before any lock
    // (vacuum_is_permitted_for_relation): only its owner (or a superuser) vacuums it.
    const role = this.currentRole();
    const named = statement.tables.length === 0 ? [...this.db.tables.keys()] : statement.tables;
    for (const name of named) this.db.table(name);
    const permitted = named.filter((name) => this.db.roles.owns(role, name));
    if (permitted.length === 0) return 'VACUUM';
    const allowed = permitted.length === named.length ? statement : { ...statement, tables: permitted };
    return yield* this.inOwnTransaction((own) => vacuum(this.db, allowed, this.name, own));
  }

  /**
   * The role statements run as: SET ROLE's, or the session user's (roles.ts). RESET ROLE and
   * SET ROLE NONE go back to the session user.
   */
  currentRole(): string {
    return this.settings.value('role') ?? sessionUser;
  }

  /**
   * VACUUM or REINDEX CONCURRENTLY in a transaction of its own, set as the session's while it
   * runs (so that its lock waits are seen) and left out of the open transactions, whose ids
   * and snapshots make the horizon; it ends, and its table locks go, when it returns or fails.
   */
  private *inOwnTransaction(work: (own: ModelTransaction) => Work<string>): Work<string> {
    const own = new ModelTransaction(
      this.name,
      { isolation: 'read committed', readOnly: false, deferrable: false, explicit: false },
      this.db.flavour,
    );
    this.xact = own;
    try {
      return yield* work(own);
    } finally {
      own.status = 'committed';
      this.xact = null;
    }
  }

  /**
   * DETACH PARTITION … CONCURRENTLY (executor/detach-concurrently.ts): the first transaction
   * runs as any statement outside a block and commits; the second waits for the transactions
   * that had the table open, and commits in turn.
   */
  private *detachConcurrently(statement: Statement & { kind: 'detach-partition' }): Work<StatementOutput> {
    if (this.block === 'failed') throw abortedTransaction();
    if (this.xact !== null)
      throw new ModelSqlError(
        '25001',
        'ALTER TABLE ... DETACH CONCURRENTLY cannot run inside a transaction block',
      );
    yield* this.executeQuery(statement);
    const second = this.newTransaction(false, { isolation: null, readOnly: null, deferrable: null });
    this.xact = second;
    yield* finishDetach(new StatementContext(this.db, second), statement, 'lockers');
    this.commit();
    return { rows: null, command: 'ALTER TABLE' };
  }

  /** The block's savepoints, for a statement that needs a transaction block (xact.c's checks). */
  private inBlockFor(what: string): string[] {
    if (this.block === 'failed') throw abortedTransaction();
    if (this.block !== 'in transaction' || this.xact === null) {
      throw new ModelSqlError('25P01', `${what} can only be used in transaction blocks`);
    }
    return this.xact.savepoints;
  }

  private begin(modes: TransactionModes): void {
    if (this.block === 'failed') throw abortedTransaction();
    if (this.block === 'in transaction') return; // WARNING: there is already a transaction in progress
    if (this.xact !== null && !this.xact.explicit) {
      // BEGIN inside a multi-statement message turns its implicit transaction into a block.
      this.xact.explicit = true;
      this.applyModes(this.xact, modes);
    } else {
      this.xact = this.newTransaction(true, modes);
    }
    this.block = 'in transaction';
    const xact = this.xact;
    this.db.narrator?.record(
      'begin',
      [this.name],
      `${this.name} begins a transaction at ${xact.isolation.toUpperCase()}${xact.readOnly ? ' READ ONLY' : ''}${xact.deferrable ? ' DEFERRABLE' : ''}; it takes no snapshot and no transaction id yet.`,
    );
  }

  private setTransaction(modes: TransactionModes): void {
    if (this.block === 'failed') throw abortedTransaction();
    const xact = this.xact;
    // Outside a block PostgreSQL only warns: SET TRANSACTION can only be used in transaction blocks.
    if (this.block !== 'in transaction' || xact === null) return;
    if (xact.started && modes.isolation !== null && modes.isolation !== xact.isolation) {
      throw new ModelSqlError('25001', 'SET TRANSACTION ISOLATION LEVEL must be called before any query');
    }
    this.applyModes(xact, modes);
  }

  private applyModes(xact: ModelTransaction, modes: TransactionModes): void {
    if (modes.isolation !== null) xact.isolation = modes.isolation;
    if (modes.readOnly !== null) xact.readOnly = modes.readOnly;
    if (modes.deferrable !== null) xact.deferrable = modes.deferrable;
  }

  private commitStatement(): string {
    if (this.block === 'idle') return 'COMMIT'; // WARNING: there is no transaction in progress
    if (this.block === 'failed') {
      // Rolled back when it failed, unless a savepoint kept it open until now.
      if (this.abortWhenBlockEnds !== null && this.xact !== null) {
        abortTransaction(this.db, this.xact, this.abortWhenBlockEnds);
        this.settings.endTransaction(false);
      }
      this.abortWhenBlockEnds = null;
      this.xact = null;
      this.block = 'idle';
      return 'ROLLBACK';
    }
    this.commit();
    return 'COMMIT';
  }

  /** Commits the open transaction; if serializable snapshot isolation refuses, it is rolled back. */
  private commit(): void {
    const xact = this.xact;
    this.xact = null;
    this.block = 'idle';
    if (xact === null) return;
    try {
      commitTransaction(this.db, xact);
    } catch (error) {
      abortTransaction(this.db, xact, 'its commit failed');
      this.settings.endTransaction(false);
      throw error;
    }
    this.settings.endTransaction(true);
  }

  private afterError(error: ModelSqlError): void {
    // In a failed block (25P02) the transaction has already been rolled back, or is kept for
    // ROLLBACK TO SAVEPOINT: nothing more to undo.
    if (this.block === 'failed') return;
    const xact = this.xact;
    if (xact !== null && this.block === 'in transaction' && xact.savepoints.length > 0) {
      // Only the subtransaction fails in PostgreSQL (AbortSubTransaction): the transaction keeps
      // what it locked until the block ends. The model keeps its locks until then.
      this.block = 'failed';
      this.abortWhenBlockEnds = `error ${error.code}`;
      return;
    }
    if (xact !== null) abortTransaction(this.db, xact, `error ${error.code}`);
    this.settings.endTransaction(false);
    if (this.block !== 'idle') {
      this.block = 'failed';
    } else {
      this.block = 'idle';
      this.xact = null;
    }
  }

  private newTransaction(explicit: boolean, modes: TransactionModes): ModelTransaction {
    const xact = new ModelTransaction(
      this.name,
      {
        isolation: modes.isolation ?? 'read committed',
        readOnly: modes.readOnly ?? false,
        deferrable: modes.deferrable ?? false,
        explicit,
      },
      this.db.flavour,
    );
    this.registry.all.push(xact);
    this.db.openTransactions.add(xact);
    return xact;
  }
}
