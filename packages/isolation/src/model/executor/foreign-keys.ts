/**
 * Foreign keys: PostgreSQL's referential-integrity triggers (src/backend/utils/adt/ri_triggers.c)
 * and the DDL that makes them (ATAddForeignKeyConstraint and validateForeignKeyConstraint in
 * src/backend/commands/tablecmds.c).
 *
 * PostgreSQL enforces a foreign key with AFTER ROW triggers that run ordinary queries, and so
 * do the model's: every rule about waiting and snapshots follows from which query runs when.
 *
 * - A row inserted into the referencing table, or updated so that its key changes (or a row
 *   the transaction itself inserted, updated again), runs
 *   `SELECT 1 FROM referenced x WHERE key = $1 FOR KEY SHARE OF x` when the statement ends
 *   (RI_FKey_check). The referenced row must exist, and the lock keeps it: FOR KEY SHARE
 *   conflicts with a DELETE or an UPDATE of the key, not with an UPDATE of other columns,
 *   which takes FOR NO KEY UPDATE. So a child insert and a parent update of a non-key column
 *   do not wait for each other (PostgreSQL 9.3; fk-deadlock in PostgreSQL's isolation suite
 *   was written when they did). The check sees the transaction's snapshot: a new one at read
 *   committed (which follows a concurrent update to the newest version of the row), the
 *   transaction's at repeatable read (where a concurrent key update or delete is 40001
 *   "could not serialize access due to concurrent update"). No row: 23503.
 * - A referenced row deleted, or updated so that its key changes, runs
 *   `SELECT 1 FROM referencing x WHERE fkey = $1 FOR KEY SHARE OF x` (RI_FKey_noaction_del,
 *   ri_restrict): any row found is 23503. This check must see rows inserted after a
 *   repeatable-read snapshot too, so it reads with a snapshot taken now (detectNewRows).
 *   NO ACTION first looks whether another row now carries the same key (ri_Check_Pk_Match).
 *   CASCADE and SET NULL instead delete the referencing rows, give them the new key or empty
 *   it, with an UPDATE or DELETE of their own that finds its rows with a snapshot taken now;
 *   at repeatable read it may change only rows the transaction's own snapshot sees (the
 *   crosscheck snapshot), else 40001.
 * - A NULL in the referencing key skips the check (MATCH SIMPLE).
 *
 * `ALTER TABLE … ADD FOREIGN KEY` takes SHARE ROW EXCLUSIVE on both tables and checks every
 * existing row, unless `NOT VALID`; `VALIDATE CONSTRAINT` checks them later under SHARE UPDATE
 * EXCLUSIVE (which lets inserts go on) on the referencing table and ROW SHARE on the referenced
 * one, with a snapshot taken now, in one query (RI_Initial_Check), locking no rows. A foreign
 * key counts for other transactions once the transaction that made it commits (the catalog
 * rows are MVCC), and the locks keep them waiting until then.
 */

import type { Value } from '../../run/outcome.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TupleVersion } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { takeSnapshot } from '../mvcc/snapshot.ts';
import type { Install } from '../mvcc/transaction-history.ts';
import { isVisible, type Viewer } from '../mvcc/visibility.ts';
import type { Expression, ForeignKeyDefinition, ReferentialAction, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { executeModify } from './execute-modify.ts';
import { executeSelect } from './execute-select.ts';
import { referencedKeyOn } from './partition-foreign-keys.ts';
import { StatementContext } from './statement-context.ts';
import { rowsOfTree } from './table-members.ts';

export interface ForeignKey {
  readonly name: string;
  /** The referencing table and its key columns, by position. */
  readonly table: string;
  readonly columns: readonly number[];
  /** The referenced table and the columns of its key, by position, in the referencing order. */
  readonly referencedTable: string;
  readonly referencedColumns: readonly number[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /** `INITIALLY DEFERRED`: its checks and actions wait for the commit. */
  readonly deferred: boolean;
  /** False for `NOT VALID` until VALIDATE CONSTRAINT has checked the rows already there. */
  validated: boolean;
  /** The transaction that made it: other transactions obey it once that one has committed. */
  readonly madeBy: ModelTransaction;
}

/** The foreign keys a transaction's statements obey: committed ones, and its own. */
export function foreignKeysSeenBy(db: ModelDatabase, xact: ModelTransaction): ForeignKey[] {
  return db.foreignKeys.filter((key) => key.madeBy === xact || key.madeBy.status === 'committed');
}

/** Makes a foreign key of `table` (CREATE TABLE's, or ALTER TABLE's), with PostgreSQL's checks. */
export function defineForeignKey(
  db: ModelDatabase,
  xact: ModelTransaction,
  table: string,
  definition: ForeignKeyDefinition,
  validated: boolean,
): ForeignKey {
  const referencing = db.table(table).def;
  const referenced = db.table(definition.table).def;
  const position = (def: typeof referencing, name: string) => {
    const at = def.columns.findIndex((column) => column.name === name);
    if (at === -1)
      throw new ModelSqlError(
        '42703',
        `column "${name}" referenced in foreign key constraint does not exist`,
      );
    return at;
  };
  const columns = definition.columns.map((name) => position(referencing, name));
  let referencedColumns: number[];
  if (definition.referenced === null) {
    if (referenced.primaryKey.length === 0)
      throw new ModelSqlError('42830', `there is no primary key for referenced table "${referenced.name}"`);
    referencedColumns = [...referenced.primaryKey];
  } else {
    referencedColumns = definition.referenced.map((name) => position(referenced, name));
    // transformFkeyCheckAttrs: the columns of a unique index, in any order (here, the primary key).
    const key = new Set(referenced.primaryKey);
    if (
      referencedColumns.length !== key.size ||
      new Set(referencedColumns).size !== key.size ||
      !referencedColumns.every((column) => key.has(column))
    )
      throw new ModelSqlError(
        '42830',
        `there is no unique constraint matching given keys for referenced table "${referenced.name}"`,
      );
  }
  if (columns.length !== referencedColumns.length)
    throw new ModelSqlError('42830', 'number of referencing and referenced columns for foreign key disagree');
  const foreignKey: ForeignKey = {
    name: definition.name ?? defaultName(db, table, definition.columns),
    table,
    columns,
    referencedTable: referenced.name,
    referencedColumns,
    onDelete: definition.onDelete,
    onUpdate: definition.onUpdate,
    deferred: definition.deferred,
    validated,
    madeBy: xact,
  };
  db.foreignKeys.push(foreignKey);
  // Undone by a rollback, and by a ROLLBACK TO a savepoint set before it (savepoint-undo.ts).
  xact.onAbort.push(() => {
    const at = db.foreignKeys.indexOf(foreignKey);
    if (at !== -1) db.foreignKeys.splice(at, 1);
  });
  return foreignKey;
}

/**
 * CREATE TABLE's foreign keys, made once the table is: each takes SHARE ROW EXCLUSIVE on the
 * table it references. If one cannot be made, the table goes too (the statement fails whole).
 */
export function* createForeignKeys(
  db: ModelDatabase,
  xact: ModelTransaction,
  statement: Statement & { kind: 'create-table' },
): Work<void> {
  try {
    for (const definition of statement.foreignKeys ?? []) {
      db.table(definition.table);
      yield* lockRelation(db.relationLocks, definition.table, xact, 'SHARE ROW EXCLUSIVE');
      defineForeignKey(db, xact, statement.table, definition, true);
    }
  } catch (error) {
    dropForeignKeys(db, [statement.table]);
    db.tables.delete(statement.table);
    throw error;
  }
}

/** ChooseConstraintName: `<table>_<column>_…_fkey`, with a number added if that is taken. */
function defaultName(db: ModelDatabase, table: string, columns: readonly string[]): string {
  const base = `${table}_${columns.join('_')}_fkey`;
  const taken = new Set(db.foreignKeys.map((key) => key.name));
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

/**
 * DROP TABLE of `tables`: their foreign keys go with them; a table another table's foreign key
 * still references cannot go (2BP01, without CASCADE).
 */
export function dropForeignKeys(db: ModelDatabase, tables: readonly string[]): void {
  const dropped = new Set(tables);
  const blocking = db.foreignKeys.find((key) => dropped.has(key.referencedTable) && !dropped.has(key.table));
  if (blocking !== undefined) {
    throw new ModelSqlError(
      '2BP01',
      `cannot drop table ${blocking.referencedTable} because other objects depend on it`,
      {
        detail: `constraint ${blocking.name} on table ${blocking.table} depends on table ${blocking.referencedTable}`,
      },
    );
  }
  const kept = db.foreignKeys.filter((key) => !dropped.has(key.table));
  db.foreignKeys.length = 0;
  db.foreignKeys.push(...kept);
}

/**
 * The referential-integrity triggers a statement's row changes fire, in order, once the
 * statement is done (AfterTriggerEndQuery): each check is a query of its own in the
 * transaction, which sees the statement's rows.
 */
export function* checkForeignKeys(
  db: ModelDatabase,
  xact: ModelTransaction,
  installs: readonly Install[],
): Work<void> {
  if (installs.length === 0) return;
  const keys = foreignKeysSeenBy(db, xact);
  if (keys.length === 0) return;
  for (const install of installs) {
    const { version } = install;
    const old = install.kind === 'update' ? previousVersion(db.table(version.table), version) : null;
    for (const key of keys) {
      if (key.table === version.table && install.kind !== 'delete') {
        if (needsReferencedRow(db, xact, key, version, old))
          yield* fire(db, xact, { key, version, gone: null });
      }
      // On a partition of the referenced table, the key acts through that partition's constraint.
      const acting = install.kind === 'insert' ? null : referencedKeyOn(db, xact, key, version.table);
      if (acting !== null) {
        const gone = install.kind === 'delete' ? version : old;
        const updated = install.kind === 'delete' ? null : version;
        if (gone !== null && referencedKeyGoes(acting, gone, updated))
          yield* fire(db, xact, { key: acting, version: updated, gone });
      }
    }
  }
}

/**
 * One trigger event: a referencing row to check (`gone` null), or a referenced row deleted
 * (`version` null) or re-keyed, whose referencing rows the key's action is for.
 */
interface TriggerEvent {
  readonly key: ForeignKey;
  readonly version: TupleVersion | null;
  readonly gone: TupleVersion | null;
}

/** The events of INITIALLY DEFERRED keys, kept for the commit (afterTriggers' deferred list). */
const deferredEvents = new WeakMap<ModelTransaction, TriggerEvent[]>();

function* fire(db: ModelDatabase, xact: ModelTransaction, event: TriggerEvent): Work<void> {
  if (event.key.deferred) {
    const events = deferredEvents.get(xact) ?? [];
    events.push(event);
    deferredEvents.set(xact, events);
    return;
  }
  yield* run(db, xact, event);
}

function* run(db: ModelDatabase, xact: ModelTransaction, { key, version, gone }: TriggerEvent): Work<void> {
  if (gone !== null) yield* referencedRowGone(db, xact, key, gone, version);
  else if (version !== null) yield* checkReferencedRow(db, xact, key, version);
}

/**
 * At COMMIT (AfterTriggerFireDeferred): the deferred keys' events, in order. A referencing row
 * deleted or changed since is not checked (RI_FKey_check's "row no longer live" test).
 */
export function* checkDeferredForeignKeys(db: ModelDatabase, xact: ModelTransaction): Work<void> {
  const events = deferredEvents.get(xact);
  if (events === undefined) return;
  deferredEvents.delete(xact);
  for (const event of events) {
    const { version } = event;
    if (
      event.gone === null &&
      version !== null &&
      version.xmax !== null &&
      db.xacts.statusOf(version.xmax) !== 'aborted'
    )
      continue;
    yield* run(db, xact, event);
  }
}

/** The version an UPDATE replaced with `created`. */
function previousVersion(table: HeapTable, created: TupleVersion): TupleVersion | null {
  for (const version of table.versions()) if (version.next === created) return version;
  return null;
}

/**
 * RI_FKey_check's and RI_FKey_fk_upd_check_required's conditions: a key with no NULL, on a row
 * still live (a later command of the statement may have replaced it), and for an UPDATE a key
 * that changed, or a row the transaction inserted itself (whose earlier check may have been
 * against a row since gone).
 */
function needsReferencedRow(
  db: ModelDatabase,
  xact: ModelTransaction,
  key: ForeignKey,
  version: TupleVersion,
  old: TupleVersion | null,
): boolean {
  if (key.columns.some((column) => version.values[column] === null)) return false;
  if (version.xmax !== null && db.xacts.statusOf(version.xmax) !== 'aborted') return false;
  if (old === null) return true;
  if (old.xmin === xact.xid) return true;
  return key.columns.some((column) => old.values[column] !== version.values[column]);
}

/** RI_FKey_pk_upd_check_required: a key with no NULL that is deleted or changed. */
function referencedKeyGoes(key: ForeignKey, old: TupleVersion, updated: TupleVersion | null): boolean {
  if (key.referencedColumns.some((column) => old.values[column] === null)) return false;
  return (
    updated === null || key.referencedColumns.some((column) => old.values[column] !== updated.values[column])
  );
}

/** `col = value AND …`: the condition a trigger's query puts on a key, and its text. */
function keyCondition(
  table: HeapTable,
  columns: readonly number[],
  values: readonly Value[],
): { where: Expression | null; text: string } {
  let where: Expression | null = null;
  const text: string[] = [];
  columns.forEach((column, i) => {
    const definition = table.def.columns[column];
    if (definition === undefined) return;
    const value = values[i] ?? null;
    const comparison: Expression = {
      kind: 'comparison',
      operator: '=',
      left: { kind: 'column', table: null, name: definition.name },
      right: { kind: 'literal', value, type: definition.type },
    };
    where = where === null ? comparison : { kind: 'and', left: where, right: comparison };
    text.push(`${definition.name} = ${typeof value === 'string' ? `'${value}'` : String(value)}`);
  });
  return { where, text: text.join(' AND ') };
}

/** `SELECT 1 FROM table x WHERE col = value AND … FOR KEY SHARE`: the query a trigger runs. */
function keyQuery(
  table: HeapTable,
  columns: readonly number[],
  values: readonly Value[],
): Statement & { kind: 'select' } {
  const { where, text } = keyCondition(table, columns, values);
  return {
    kind: 'select',
    items: [{ kind: 'expression', expression: { kind: 'literal', value: 1, type: 'integer' }, alias: null }],
    from: { table: table.def.name, alias: 'x' },
    where,
    orderBy: [],
    lock: 'key share',
    waitPolicy: 'block',
    limit: null,
    text: `SELECT 1 FROM ${table.def.name} x WHERE ${text} FOR KEY SHARE OF x`,
  };
}

function describeValues(table: HeapTable, columns: readonly number[], values: readonly Value[]): string {
  const names = columns.map((column) => table.def.columns[column]?.name ?? '').join(', ');
  return `Key (${names})=(${values.map((value) => String(value)).join(', ')})`;
}

/** RI_FKey_check: the referenced row must be there, and is locked FOR KEY SHARE. */
function* checkReferencedRow(
  db: ModelDatabase,
  xact: ModelTransaction,
  key: ForeignKey,
  version: TupleVersion,
): Work<void> {
  const values = key.columns.map((column) => version.values[column] ?? null);
  const referenced = db.table(key.referencedTable);
  const query = keyQuery(referenced, key.referencedColumns, values);
  db.narrator?.record(
    'read',
    [xact.session],
    `${xact.session}'s new row must reference a row of ${key.referencedTable} (foreign key ${key.name}): it runs ${query.text}.`,
  );
  // A partitioned referenced table is read with a snapshot taken now even at repeatable read
  // (ri_triggers.c passes detectNewRows for it: its partitions are found with a fresh snapshot).
  const latestSnapshot = db.hierarchy.isPartitioned(key.referencedTable);
  const { rows } = yield* executeSelect(new StatementContext(db, xact, { latestSnapshot }), query);
  if (rows.rows.length === 0) throw notPresent(db, key, values);
}

/** 23503 for a referencing key with no referenced row (ri_ReportViolation). */
function notPresent(db: ModelDatabase, key: ForeignKey, values: readonly Value[]): ModelSqlError {
  return new ModelSqlError(
    '23503',
    `insert or update on table "${key.table}" violates foreign key constraint "${key.name}"`,
    {
      detail: `${describeValues(db.table(key.table), key.columns, values)} is not present in table "${key.referencedTable}".`,
    },
  );
}

/**
 * A referenced row deleted (`updated` null) or its key changed: the foreign key's action on
 * the rows that reference it. NO ACTION and RESTRICT refuse if there are any (ri_restrict);
 * CASCADE deletes them or gives them the new key, SET NULL empties their key
 * (RI_FKey_cascade_del, RI_FKey_cascade_upd, ri_set), as an UPDATE or DELETE of their own that
 * finds its rows with a snapshot taken now and, at repeatable read, refuses to change a row its
 * transaction's snapshot does not see (the crosscheck): 40001, as for a concurrent update.
 */
function* referencedRowGone(
  db: ModelDatabase,
  xact: ModelTransaction,
  key: ForeignKey,
  old: TupleVersion,
  updated: TupleVersion | null,
): Work<void> {
  const action = updated === null ? key.onDelete : key.onUpdate;
  if (action === 'no action' || action === 'restrict')
    return yield* checkNotReferenced(db, xact, key, old, action, updated === null ? 'delete' : 'update');
  if (action === 'set default')
    throw new ModelSqlError('0A000', 'ON DELETE / ON UPDATE SET DEFAULT is outside the model');
  const referencing = db.table(key.table);
  const values = key.referencedColumns.map((column) => old.values[column] ?? null);
  const { where, text } = keyCondition(referencing, key.columns, values);
  const target = { table: key.table, alias: 'x' };
  let statement: Statement & { kind: 'update' | 'delete' };
  if (action === 'cascade' && updated === null) {
    statement = {
      kind: 'delete',
      target,
      where,
      returning: null,
      text: `DELETE FROM ${key.table} x WHERE ${text}`,
    };
  } else {
    const assignments = key.columns.map((column, i) => {
      const definition = referencing.def.columns[column];
      const value = action === 'set null' ? null : (updated?.values[key.referencedColumns[i] ?? 0] ?? null);
      return {
        column: definition?.name ?? '',
        value: { kind: 'literal', value, type: value === null ? null : (definition?.type ?? null) } as const,
      };
    });
    const set = assignments.map(({ column, value }) => `${column} = ${String(value.value)}`).join(', ');
    statement = {
      kind: 'update',
      target,
      assignments,
      where,
      returning: null,
      text: `UPDATE ${key.table} x SET ${set} WHERE ${text}`,
    };
  }
  db.narrator?.record(
    'write',
    [xact.session],
    `${xact.session} ${updated === null ? 'deleted' : 'changed the key of'} a row of ${key.referencedTable}; foreign key ${key.name} says ${action.toUpperCase()}: it runs ${statement.text}, with a snapshot taken now.`,
  );
  const first = xact.history.installs.length;
  yield* executeModify(new StatementContext(db, xact, { latestSnapshot: true, crosscheck: true }), statement);
  // The rows it changed fire their own foreign keys' triggers in turn.
  yield* checkForeignKeys(db, xact, xact.history.installs.slice(first));
}

/**
 * ri_restrict, for NO ACTION and RESTRICT: no row may still reference the key that went.
 * NO ACTION is content when another row carries the key by now (ri_Check_Pk_Match).
 */
function* checkNotReferenced(
  db: ModelDatabase,
  xact: ModelTransaction,
  key: ForeignKey,
  old: TupleVersion,
  action: 'no action' | 'restrict',
  kind: 'update' | 'delete',
): Work<void> {
  const values = key.referencedColumns.map((column) => old.values[column] ?? null);
  const referenced = db.table(key.referencedTable);
  if (action === 'no action') {
    const match = keyQuery(referenced, key.referencedColumns, values);
    const found = yield* executeSelect(new StatementContext(db, xact, { latestSnapshot: true }), match);
    if (found.rows.rows.length > 0) return;
  }
  const query = keyQuery(db.table(key.table), key.columns, values);
  db.narrator?.record(
    'read',
    [xact.session],
    `${xact.session} ${kind === 'delete' ? 'deleted' : 'changed the key of'} a row of ${key.referencedTable} (foreign key ${key.name}): it runs ${query.text}, with a snapshot taken now.`,
  );
  const { rows } = yield* executeSelect(new StatementContext(db, xact, { latestSnapshot: true }), query);
  if (rows.rows.length === 0) return;
  throw new ModelSqlError(
    '23503',
    `update or delete on table "${key.referencedTable}" violates foreign key constraint "${key.name}" on table "${key.table}"`,
    {
      detail: `${describeValues(referenced, key.referencedColumns, values)} is still referenced from table "${key.table}".`,
    },
  );
}

/** `ALTER TABLE t ADD … FOREIGN KEY … [NOT VALID]`. */
export function* addForeignKey(
  context: StatementContext,
  statement: Statement & { kind: 'add-foreign-key' },
): Work<string> {
  const { db, xact } = context;
  db.table(statement.table);
  db.table(statement.foreignKey.table);
  yield* context.viewer();
  yield* lockRelation(db.relationLocks, statement.table, xact, 'SHARE ROW EXCLUSIVE');
  yield* lockRelation(db.relationLocks, statement.foreignKey.table, xact, 'SHARE ROW EXCLUSIVE');
  db.assignXid(xact);
  const key = defineForeignKey(db, xact, statement.table, statement.foreignKey, !statement.notValid);
  if (!statement.notValid) {
    try {
      checkExistingRows(db, xact, key);
    } catch (error) {
      db.foreignKeys.splice(db.foreignKeys.indexOf(key), 1);
      throw error;
    }
  }
  return 'ALTER TABLE';
}

/** `ALTER TABLE t VALIDATE CONSTRAINT name`. */
export function* validateConstraint(
  context: StatementContext,
  statement: Statement & { kind: 'validate-constraint' },
): Work<string> {
  const { db, xact } = context;
  db.table(statement.table);
  yield* context.viewer();
  yield* lockRelation(db.relationLocks, statement.table, xact, 'SHARE UPDATE EXCLUSIVE');
  const key = foreignKeysSeenBy(db, xact).find(
    (candidate) => candidate.table === statement.table && candidate.name === statement.constraint,
  );
  if (key === undefined)
    throw new ModelSqlError(
      '42704',
      `constraint "${statement.constraint}" of relation "${statement.table}" does not exist`,
    );
  if (key.validated) return 'ALTER TABLE';
  yield* lockRelation(db.relationLocks, key.referencedTable, xact, 'ROW SHARE');
  db.assignXid(xact);
  checkExistingRows(db, xact, key);
  key.validated = true;
  xact.onAbort.push(() => {
    key.validated = false;
  });
  return 'ALTER TABLE';
}

/**
 * RI_Initial_Check: every row of the referencing table, read with a snapshot taken now,
 * must find its key among the referenced table's rows read with the same snapshot; no row
 * is locked. Serializable snapshot isolation sees two whole-table reads.
 */
export function checkExistingRows(db: ModelDatabase, xact: ModelTransaction, key: ForeignKey): void {
  const viewer: Viewer = {
    xid: xact.xid,
    cid: ++xact.cid,
    snapshot: takeSnapshot(db.xacts, xact.xid),
    dirty: false,
  };
  const referencing = db.table(key.table);
  const referenced = db.table(key.referencedTable);
  for (const relation of [key.table, key.referencedTable]) db.ssi.lock(xact, { kind: 'relation', relation });
  const present = new Set<string>();
  // A partitioned referenced table's rows are its partitions' (table-members.ts).
  for (const values of rowsOfTree(db, referenced, viewer))
    present.add(JSON.stringify(key.referencedColumns.map((column) => values[column] ?? null)));
  for (const version of referencing.versions()) {
    if (!isVisible(version, viewer, db.xacts)) continue;
    const values = key.columns.map((column) => version.values[column] ?? null);
    if (values.some((value) => value === null) || present.has(JSON.stringify(values))) continue;
    throw notPresent(db, key, values);
  }
}
