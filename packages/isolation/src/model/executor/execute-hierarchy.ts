/**
 * The DDL that builds and changes table hierarchies (src/backend/commands/tablecmds.c):
 * CREATE TABLE … PARTITION BY / PARTITION OF / INHERITS, CREATE TEMP TABLE, ALTER TABLE …
 * ATTACH / DETACH PARTITION, [NO] INHERIT and ALTER COLUMN … TYPE, and DROP TABLE.
 *
 * Each takes PostgreSQL's table locks, held until its transaction ends, and that is what
 * other sessions meet:
 *
 * - CREATE TABLE … PARTITION OF p: ACCESS EXCLUSIVE on p (its partition descriptor changes);
 *   INHERITS (p): SHARE UPDATE EXCLUSIVE on p (DefineRelation's parentLockmode);
 * - ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent (since PostgreSQL 12, so that
 *   queries and writes on the parent go on), ACCESS EXCLUSIVE on the table attached, whose
 *   rows are checked against the bound (and on a default partition, whose rows must not
 *   belong to the new one);
 * - DETACH PARTITION: ACCESS EXCLUSIVE on the parent and the partition (CONCURRENTLY:
 *   detach-concurrently.ts);
 * - [NO] INHERIT: ACCESS EXCLUSIVE on the child ("changing the TupDesc may be a problem, so
 *   keep highest lock", AlterTableGetLockLevel), SHARE UPDATE EXCLUSIVE on the parent;
 * - ALTER COLUMN … TYPE: ACCESS EXCLUSIVE, and the table is rewritten with its live rows;
 * - DROP TABLE: ACCESS EXCLUSIVE on the table, and on a partition's parent too
 *   (heap_drop_with_catalog); dropping a partitioned table drops its partitions.
 *
 * The catalog changes are the transaction's own until it commits (table-hierarchy.ts).
 */
import type { Value } from '../../run/outcome.ts';
import {
  boundHolds,
  type HierarchyLink,
  type PartitionBound,
  type RangeDatum,
} from '../catalog/table-hierarchy.ts';
import { lockRelation, type RelationLockMode } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import { type ColumnDef, HeapTable } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { takeSnapshot } from '../mvcc/snapshot.ts';
import { isVisible } from '../mvcc/visibility.ts';
import { bindAssignment, noRow } from '../sql/bind-expression.ts';
import type { BoundDatum, PartitionBoundSpec, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { compareSqlValues } from '../sql/sql-types.ts';
import { createTable } from './execute-ddl.ts';
import { dropForeignKeys } from './foreign-keys.ts';
import { cloneForeignKeys } from './partition-foreign-keys.ts';
import type { StatementContext } from './statement-context.ts';
import { catalogView } from './table-members.ts';

type CreateTable = Statement & { kind: 'create-table' };

/** Takes `mode` on an existing table (42P01 when there is none, or another session's temporary one). */
function* lockTable(context: StatementContext, name: string, mode: RelationLockMode): Work<HeapTable> {
  const { db, xact } = context;
  const _table = db.table(name);
  const owner = db.temporaryOwner.get(name);
  if (owner !== undefined && owner !== xact.session)
    throw new ModelSqlError('42P01', `relation "${name}" does not exist`);
  yield* lockRelation(db.relationLocks, name, xact, mode);
  // Dropped by the transaction we waited for.
  return db.table(name);
}

/** CREATE TABLE, with the hierarchy clauses and TEMP. */
export function* createTableIn(context: StatementContext, statement: CreateTable): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  db.current(statement.table);
  let columns: ColumnDef[] = [...statement.columns];
  let primaryKey = [...statement.primaryKey];
  const parents: HeapTable[] = [];
  if (statement.partitionOf !== undefined) {
    const parent = yield* lockTable(context, statement.partitionOf.parent, 'ACCESS EXCLUSIVE');
    if (!db.hierarchy.isPartitioned(parent.def.name))
      throw new ModelSqlError('42P17', `"${parent.def.name}" is not partitioned`);
    parents.push(parent);
    columns = [...parent.def.columns];
    primaryKey = parent.def.primaryKey.map((at) => parent.def.columns[at]?.name ?? '');
  }
  for (const name of statement.inherits ?? []) {
    const parent = yield* lockTable(context, name, 'SHARE UPDATE EXCLUSIVE');
    if (db.hierarchy.isPartitioned(name))
      throw new ModelSqlError('42809', `cannot inherit from partitioned table "${name}"`);
    if (db.temporaryOwner.has(name) && statement.temporary !== true)
      throw new ModelSqlError('42809', `cannot inherit from temporary relation "${name}"`);
    parents.push(parent);
  }
  if (statement.inherits !== undefined) columns = inheritedColumns(parents, statement.columns);
  const bound =
    statement.partitionOf === undefined
      ? null
      : bindBound(
          db.hierarchy.partitionKeys.get(statement.partitionOf.parent),
          parents[0] as HeapTable,
          statement.partitionOf.bound,
        );
  if (statement.partitionOf !== undefined && bound !== null)
    checkOverlap(context, statement.partitionOf.parent, statement.table, bound);
  const keyColumns = statement.partitionBy?.columns.map((name) => {
    const at = columns.findIndex((column) => column.name === name);
    if (at === -1) throw new ModelSqlError('42703', `column "${name}" named in partition key does not exist`);
    return at;
  });
  if (keyColumns !== undefined && primaryKey.length > 0) {
    // A unique index of a partitioned table is one index per partition: it can only be
    // unique across them if it contains the key that separates them (DefineIndex).
    const missing = keyColumns.find((at) => !primaryKey.includes(columns[at]?.name ?? ''));
    if (missing !== undefined)
      throw new ModelSqlError(
        '0A000',
        'unique constraint on partitioned table must include all partitioning columns',
        {
          detail: `PRIMARY KEY constraint on table "${statement.table}" lacks column "${columns[missing]?.name}" which is part of the partition key.`,
        },
      );
  }
  // Without parents the columns and key are the statement's own: the statement itself serves,
  // and with it the table definition made once for it (execute-ddl.ts).
  const plain = statement.partitionOf === undefined && statement.inherits === undefined;
  createTable(db, plain ? statement : { ...statement, columns, primaryKey });
  db.createdBy.set(statement.table, xid);
  // A rollback makes the creator's id aborted, which forgets the table (droppedTable); a
  // ROLLBACK TO a savepoint set before it does not, so the table is forgotten here.
  const createdTable = db.tables.get(statement.table);
  if (createdTable !== undefined)
    xact.onAbort.push(() => {
      if (db.createdBy.get(statement.table) === xid) db.createdBy.delete(statement.table);
      db.forgetTable(createdTable);
    });
  if (statement.temporary === true) db.temporaryOwner.set(statement.table, xact.session);
  if (keyColumns !== undefined && statement.partitionBy !== undefined)
    db.hierarchy.partitionKeys.set(statement.table, {
      strategy: statement.partitionBy.strategy,
      columns: keyColumns,
    });
  const created = db.table(statement.table);
  for (const parent of parents) {
    if (bound !== null) yield* cloneForeignKeys(db, xact, parent, created, false);
    addLink(db, xact, {
      parent: parent.def.name,
      child: statement.table,
      bound,
      addedBy: xid,
      removedBy: null,
    });
  }
  return 'CREATE TABLE';
}

/**
 * A new pg_inherits row. Other transactions see it once `addedBy` commits; a rollback, or a
 * ROLLBACK TO a savepoint set before it (whose subtransaction PostgreSQL would abort while the
 * transaction goes on), takes it out.
 */
function addLink(db: ModelDatabase, xact: ModelTransaction, link: HierarchyLink): void {
  db.hierarchy.links.push(link);
  xact.onAbort.push(() => {
    const at = db.hierarchy.links.indexOf(link);
    if (at !== -1) db.hierarchy.links.splice(at, 1);
  });
}

/** NO INHERIT, DETACH: the row is removed by `xid`; a rollback, or a ROLLBACK TO, keeps it. */
export function removeLink(xact: ModelTransaction, link: HierarchyLink, xid: number): void {
  link.removedBy = xid;
  xact.onAbort.push(() => {
    if (link.removedBy === xid) link.removedBy = null;
  });
}

/** MergeAttributes: the parents' columns first, then the table's own; a column named twice must agree. */
function inheritedColumns(parents: readonly HeapTable[], own: readonly ColumnDef[]): ColumnDef[] {
  const columns: ColumnDef[] = [];
  const merge = (column: ColumnDef, inherited: boolean) => {
    const at = columns.findIndex((candidate) => candidate.name === column.name);
    const found = columns[at];
    if (found === undefined) {
      columns.push(column);
      return;
    }
    if (found.type !== column.type)
      throw new ModelSqlError(
        '42804',
        inherited
          ? `inherited column "${column.name}" has a type conflict`
          : `column "${column.name}" has a type conflict`,
        { detail: `${found.type} versus ${column.type}` },
      );
    columns[at] = { ...found, notNull: found.notNull || column.notNull };
  };
  for (const parent of parents) for (const column of parent.def.columns) merge(column, true);
  for (const column of own) merge(column, false);
  return columns;
}

/** A bound's literals as values of the key columns' types (transformPartitionBound). */
function bindBound(
  key: { readonly strategy: 'list' | 'range'; readonly columns: readonly number[] } | undefined,
  parent: HeapTable,
  spec: PartitionBoundSpec,
): PartitionBound {
  if (key === undefined) throw new ModelSqlError('42809', `table "${parent.def.name}" is not partitioned`);
  if (spec.kind === 'default') return spec;
  const columnAt = (i: number) => parent.def.columns[key.columns[i] ?? 0] as ColumnDef;
  if (spec.kind !== key.strategy)
    throw new ModelSqlError('42P16', `invalid bound specification for a ${key.strategy} partition`);
  const value = (datum: BoundDatum, i: number): RangeDatum => {
    if (datum === 'minvalue' || datum === 'maxvalue') return { infinite: datum };
    if (datum.kind !== 'literal')
      throw new ModelSqlError('0A000', 'the model takes only constants in a partition bound');
    return bindAssignment(datum, noRow, columnAt(i), 'partition bound').evaluate([]);
  };
  if (spec.kind === 'list')
    return { kind: 'list', values: spec.values.map((datum) => value(datum, 0) as Value) };
  if (spec.from.length !== key.columns.length || spec.to.length !== key.columns.length)
    throw new ModelSqlError('42P16', 'FROM must specify exactly one value per partitioning column');
  const from = spec.from.map(value);
  const to = spec.to.map(value);
  if (compareDatums(from, to) >= 0)
    throw new ModelSqlError('42P17', 'empty range bound specified for partition', {
      detail: 'Specified lower bound is greater than or equal to upper bound.',
    });
  return { kind: 'range', from, to };
}

function compareDatums(a: readonly RangeDatum[], b: readonly RangeDatum[]): number {
  const rank = (datum: RangeDatum) =>
    datum !== null && typeof datum === 'object' ? (datum.infinite === 'minvalue' ? -1 : 1) : 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    const order = rank(x) - rank(y) || (rank(x) === 0 ? compareSqlValues(x as Value, y as Value) : 0);
    if (order !== 0) return order;
  }
  return 0;
}

/** check_new_partition_bound: a new partition may not take a key another one takes (42P17). */
function checkOverlap(context: StatementContext, parent: string, name: string, bound: PartitionBound): void {
  const { db, xact } = context;
  for (const sibling of db.hierarchy.children(parent, catalogView(db, xact))) {
    const other = sibling.bound;
    if (other === null) continue;
    const overlaps =
      bound.kind === 'default'
        ? other.kind === 'default'
        : bound.kind === 'list'
          ? bound.values.some((value) => boundHolds(other, [value]))
          : other.kind === 'range' &&
            compareDatums(bound.from, other.to) < 0 &&
            compareDatums(other.from, bound.to) < 0;
    if (overlaps) {
      if (bound.kind === 'default')
        throw new ModelSqlError(
          '42P17',
          `partition "${name}" conflicts with existing default partition "${sibling.child}"`,
        );
      throw new ModelSqlError('42P17', `partition "${name}" would overlap partition "${sibling.child}"`);
    }
  }
}

/** ALTER TABLE parent ATTACH PARTITION t FOR VALUES … (ATExecAttachPartition). */
export function* attachPartition(
  context: StatementContext,
  statement: Statement & { kind: 'attach-partition' },
): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  const parent = yield* lockTable(context, statement.table, 'SHARE UPDATE EXCLUSIVE');
  const table = yield* lockTable(context, statement.partition, 'ACCESS EXCLUSIVE');
  const key = db.hierarchy.partitionKeys.get(parent.def.name);
  if (key === undefined) throw new ModelSqlError('42809', `table "${parent.def.name}" is not partitioned`);
  const sees = catalogView(db, xact);
  if (db.hierarchy.parents(table.def.name, sees).length > 0)
    throw new ModelSqlError('42P17', `"${table.def.name}" is already a partition`);
  for (const column of table.def.columns) {
    const theirs = parent.def.columns.find((candidate) => candidate.name === column.name);
    if (theirs === undefined)
      throw new ModelSqlError(
        '42804',
        `table "${table.def.name}" contains column "${column.name}" not found in parent "${parent.def.name}"`,
        {
          detail: 'The new partition may contain only the columns present in parent.',
        },
      );
    if (theirs.type !== column.type)
      throw new ModelSqlError(
        '42804',
        `child table "${table.def.name}" has different type for column "${column.name}"`,
      );
  }
  for (const column of parent.def.columns)
    if (!table.def.columns.some((candidate) => candidate.name === column.name))
      throw new ModelSqlError('42804', `child table is missing column "${column.name}"`);
  for (const at of parent.def.primaryKey) {
    const name = parent.def.columns[at]?.name;
    if (!table.def.columns.some((column) => column.name === name && column.notNull))
      throw new ModelSqlError(
        '42804',
        `column "${name}" in child table "${table.def.name}" must be marked NOT NULL`,
      );
  }
  const parentKey = parent.def.primaryKey.map((at) => parent.def.columns[at]?.name);
  const ownKey = table.def.primaryKey.map((at) => table.def.columns[at]?.name);
  if (parentKey.join() !== ownKey.join())
    throw new ModelSqlError(
      '0A000',
      `the model attaches a partition only when it has the parent's primary key already (${parentKey.length === 0 ? 'none' : parentKey.join(', ')})`,
    );
  const bound = bindBound(key, parent, statement.bound);
  checkOverlap(context, parent.def.name, table.def.name, bound);
  // Every row of the table must belong in the partition (QueuePartitionConstraintValidation);
  // a default partition's rows must not belong in the new one.
  const positions = key.columns.map((at) =>
    table.def.columns.findIndex((c) => c.name === parent.def.columns[at]?.name),
  );
  const rows = liveRows(context, table);
  const keyOf = (values: readonly Value[]) => positions.map((at) => values[at] ?? null);
  if (bound.kind !== 'default' && rows.some((values) => !boundHolds(bound, keyOf(values))))
    throw new ModelSqlError(
      '23514',
      `partition constraint of relation "${table.def.name}" is violated by some row`,
    );
  const fallback = db.hierarchy
    .children(parent.def.name, sees)
    .find((link) => link.bound?.kind === 'default');
  if (fallback !== undefined && bound.kind !== 'default') {
    const other = yield* lockTable(context, fallback.child, 'ACCESS EXCLUSIVE');
    const at = key.columns.map((column) =>
      other.def.columns.findIndex((c) => c.name === parent.def.columns[column]?.name),
    );
    if (
      liveRows(context, other).some((values) =>
        boundHolds(
          bound,
          at.map((i) => values[i] ?? null),
        ),
      )
    )
      throw new ModelSqlError(
        '23514',
        `updated partition constraint for default partition "${other.def.name}" would be violated by some row`,
      );
  }
  addLink(db, xact, { parent: parent.def.name, child: table.def.name, bound, addedBy: xid, removedBy: null });
  yield* cloneForeignKeys(db, xact, parent, table, true);
  return 'ALTER TABLE';
}

/** The rows a fresh snapshot sees (what validation and a rewrite read). */
function liveRows(context: StatementContext, table: HeapTable): (readonly Value[])[] {
  const { db, xact } = context;
  const viewer = {
    xid: xact.xid,
    cid: context.cid,
    snapshot: takeSnapshot(db.xacts, xact.xid),
    dirty: false,
  };
  return [...table.versions()]
    .filter((version) => isVisible(version, viewer, db.xacts))
    .map((version) => version.values);
}

/** ALTER TABLE child INHERIT parent / NO INHERIT parent (ATExecAddInherit, ATExecDropInherit). */
export function* alterInheritance(
  context: StatementContext,
  statement: Statement & { kind: 'alter-inheritance' },
): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  const child = yield* lockTable(context, statement.table, 'ACCESS EXCLUSIVE');
  const parent = yield* lockTable(context, statement.parent, 'SHARE UPDATE EXCLUSIVE');
  const sees = catalogView(db, xact);
  const links = db.hierarchy.parents(child.def.name, sees);
  if (links.some((link) => link.bound !== null) || db.hierarchy.isPartitioned(parent.def.name))
    throw new ModelSqlError(
      '42809',
      statement.inherit
        ? 'cannot change inheritance of a partition'
        : 'cannot change inheritance of a partition',
    );
  if (!statement.inherit) {
    const link = links.find((candidate) => candidate.parent === parent.def.name);
    if (link === undefined)
      throw new ModelSqlError(
        '42P01',
        `relation "${parent.def.name}" is not a parent of relation "${child.def.name}"`,
      );
    removeLink(xact, link, xid);
    return 'ALTER TABLE';
  }
  if (links.some((link) => link.parent === parent.def.name))
    throw new ModelSqlError('42P07', `relation "${parent.def.name}" would be inherited from more than once`);
  for (const column of parent.def.columns) {
    const own = child.def.columns.find((candidate) => candidate.name === column.name);
    if (own === undefined) throw new ModelSqlError('42804', `child table is missing column "${column.name}"`);
    if (own.type !== column.type)
      throw new ModelSqlError(
        '42804',
        `child table "${child.def.name}" has different type for column "${column.name}"`,
      );
  }
  addLink(db, xact, {
    parent: parent.def.name,
    child: child.def.name,
    bound: null,
    addedBy: xid,
    removedBy: null,
  });
  return 'ALTER TABLE';
}

/**
 * ALTER TABLE t ALTER COLUMN c TYPE type (ATExecAlterColumnType, then ATRewriteTable): the
 * table is rewritten, its live rows converted into a new heap. Converting between the
 * model's integer types keeps the values; other conversions are refused by name.
 */
export function* alterColumnType(
  context: StatementContext,
  statement: Statement & { kind: 'alter-column-type' },
): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  const table = yield* lockTable(context, statement.table, 'ACCESS EXCLUSIVE');
  const at = table.def.columns.findIndex((column) => column.name === statement.column);
  const column = table.def.columns[at];
  if (column === undefined)
    throw new ModelSqlError(
      '42703',
      `column "${statement.column}" of relation "${table.def.name}" does not exist`,
    );
  const sees = catalogView(db, xact);
  if (db.hierarchy.parents(table.def.name, sees).length > 0)
    throw new ModelSqlError('42P16', `cannot alter inherited column "${column.name}"`);
  const converts = (from: string, to: string) =>
    from === to ||
    (['integer', 'bigint', 'numeric', 'double precision'].includes(from) &&
      ['integer', 'bigint', 'double precision'].includes(to));
  if (!converts(column.type, statement.type))
    throw new ModelSqlError(
      '0A000',
      `the model does not convert ${column.type} to ${statement.type} in ALTER COLUMN … TYPE`,
    );
  if (table.indexes.length > (table.index === null ? 0 : 1))
    throw new ModelSqlError(
      '0A000',
      'the model rewrites a table for ALTER COLUMN … TYPE only without secondary indexes',
    );
  const columns = table.def.columns.map((c, i) => (i === at ? { ...c, type: statement.type } : c));
  const rewritten = new HeapTable({ ...table.def, columns });
  for (const values of liveRows(context, table)) rewritten.insert(values, xid, context.cid);
  const first = !db.rewrittenFrom.has(table.def.name);
  if (first) db.rewrittenFrom.set(table.def.name, { xid, before: table });
  db.tables.set(table.def.name, rewritten);
  xact.onAbort.push(() => {
    if (db.tables.get(table.def.name) === rewritten) db.tables.set(table.def.name, table);
    if (first) db.rewrittenFrom.delete(table.def.name);
  });
  return 'ALTER TABLE';
}

/**
 * DROP TABLE a, b, … (RemoveRelations): gone for everyone else once the transaction commits. A
 * partitioned table's partitions go with it; an inheritance parent goes only with its children
 * (2BP01 otherwise), and a table another's foreign key references only with that table.
 */
export function* dropTableIn(
  context: StatementContext,
  statement: Statement & { kind: 'drop-table' },
): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  const sees = catalogView(db, xact);
  const dropping: string[] = [];
  const drop = function* (name: string): Work<void> {
    const partition = db.hierarchy.partitionOf(name, sees);
    if (partition !== null && !dropping.includes(partition.parent))
      yield* lockTable(context, partition.parent, 'ACCESS EXCLUSIVE');
    yield* lockTable(context, name, 'ACCESS EXCLUSIVE');
    dropping.push(name);
    if (db.hierarchy.isPartitioned(name))
      for (const link of db.hierarchy.children(name, sees)) yield* drop(link.child);
  };
  for (const name of statement.tables) {
    if (db.current(name) === undefined || db.droppedBy.get(name) === xid) {
      if (statement.ifExists) continue; // NOTICE: table "…" does not exist, skipping
      throw new ModelSqlError('42P01', `table "${name}" does not exist`);
    }
    if (!dropping.includes(name)) yield* drop(name);
  }
  for (const name of dropping) {
    const left = db.hierarchy.children(name, sees).filter((link) => !dropping.includes(link.child));
    if (left.length > 0)
      throw new ModelSqlError('2BP01', `cannot drop table ${name} because other objects depend on it`, {
        detail: left.map((link) => `table ${link.child} depends on table ${name}`).join('\n'),
      });
  }
  const keys = [...db.foreignKeys];
  dropForeignKeys(db, dropping);
  const removed = new Set(keys.filter((key) => !db.foreignKeys.includes(key)));
  for (const name of dropping) db.droppedBy.set(name, xid);
  // A rollback (or a ROLLBACK TO a savepoint set before) keeps the tables, and their keys in
  // their places; keys other transactions made meanwhile stay.
  xact.onAbort.push(() => {
    for (const name of dropping) if (db.droppedBy.get(name) === xid) db.droppedBy.delete(name);
    const now = new Set(db.foreignKeys);
    const restored = [
      ...keys.filter((key) => removed.has(key) || now.has(key)),
      ...db.foreignKeys.filter((key) => !keys.includes(key)),
    ];
    db.foreignKeys.splice(0, db.foreignKeys.length, ...restored);
  });
  return 'DROP TABLE';
}
