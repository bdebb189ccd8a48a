/**
 * The statements that change a table's access paths or storage: CREATE INDEX, DROP INDEX,
 * ALTER TABLE … ADD PRIMARY KEY, ALTER TABLE / ALTER INDEX … SET (storage parameters), and
 * CREATE TABLE … AS, which makes and fills a table in one statement
 * (src/backend/commands/indexcmds.c, tablecmds.c, createas.c).
 *
 * An index changes what the planner can choose (choose-access-path.ts), and with the access
 * path the SIREAD locks a serializable reader leaves: a sequential scan locks the table, an
 * index scan the index page and the rows it returns. It also changes writes: every index takes
 * an entry for each new version that is not heap-only, and an UPDATE that changes an indexed
 * column can no longer be a heap-only tuple.
 *
 * Locks, as PostgreSQL takes them: CREATE INDEX a SHARE lock on the table (writers wait,
 * readers do not); DROP INDEX and ALTER TABLE ACCESS EXCLUSIVE; ALTER TABLE … SET (fillfactor
 * and the other storage parameters) SHARE UPDATE EXCLUSIVE (AlterTableGetRelOptionsLockLevel).
 * The catalog changes are transactional, as PostgreSQL's catalog rows are: each statement
 * records how to put the table's access paths back (ModelTransaction.onAbort), which a ROLLBACK,
 * or a ROLLBACK TO a savepoint set before it, runs. The statistics CREATE INDEX records
 * (relpages, reltuples) stay, as index_update_stats writes them in place, not transactionally.
 */

import type { Value } from '../../run/outcome.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import {
  compareIndexEntries,
  compareKeys,
  type HeapTable,
  type IndexEntry,
  TableIndex,
  type TupleVersion,
} from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { countRelation, liveVersions } from '../mvcc/relation-size.ts';
import { bindExpression, bindPredicate, type RowShape } from '../sql/bind-expression.ts';
import type { Expression, IndexDefinition, SqlType, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { markHasIndex } from './catalog-views.ts';
import { createTable } from './execute-ddl.ts';
import {
  dropIndexObject,
  dropPartitionIndexes,
  indexPartitions,
  refuseAttached,
} from './partitioned-indexes.ts';
import { recordCreated } from './savepoint-undo.ts';
import { runTablelessQuery } from './series-query.ts';
import type { StatementContext } from './statement-context.ts';

/** CREATE TABLE t AS SELECT …: the table, then the query's rows as versions of this transaction. */
export function createTableAs(
  context: StatementContext,
  statement: Statement & { kind: 'create-table-as' },
): string {
  const { db, xact } = context;
  const result = runTablelessQuery(statement.query);
  const columns = result.columns.map((name, i) => {
    const type = result.types[i];
    // An untyped literal or NULL column is text (transformCreateTableAsStmt resolves unknowns).
    const sqlType: SqlType = type === undefined || type === 'unknown' || type === 'null' ? 'text' : type;
    return { name, type: sqlType, notNull: false };
  });
  createTable(db, {
    kind: 'create-table',
    table: statement.table,
    columns,
    primaryKey: [],
    text: statement.text,
  });
  const table = db.table(statement.table);
  const xid = db.assignXid(xact);
  for (const row of result.rows) recordCreated(xact, table.insert(row, xid, context.cid));
  return `SELECT ${result.rows.length}`;
}

/** CREATE [UNIQUE] INDEX: the index is built from the table's rows at once. */
export function* createIndex(
  context: StatementContext,
  statement: Statement & { kind: 'create-index' },
): Work<string> {
  yield* buildIndex(context, statement.index);
  return 'CREATE INDEX';
}

/** The index of `definition`, built on its table (and its partitions', partitioned-indexes.ts). */
function* buildIndex(context: StatementContext, definition: IndexDefinition): Work<TableIndex> {
  const { db, xact } = context;
  const table = db.table(definition.table);
  yield* lockRelation(db.relationLocks, table.def.name, xact, 'SHARE');
  const position = (name: string) => {
    const at = table.def.columns.findIndex((column) => column.name === name);
    if (at === -1) throw new ModelSqlError('42703', `column "${name}" does not exist`);
    return at;
  };
  const shape: RowShape = { table: table.def.name, alias: table.def.name, columns: table.def.columns };
  const expressions = definition.expressions ?? [];
  // An expression's key is computed from the row; its columns are the ones it names.
  const columns = definition.columns.map((name, i) =>
    expressions[i] === null || expressions[i] === undefined ? position(name) : -1,
  );
  const keyFunctions = expressions.some((expression) => expression !== null)
    ? expressions.map((expression, i) => {
        if (expression === null) {
          const column = columns[i] ?? 0;
          return (values: readonly Value[]) => values[column] ?? null;
        }
        const bound = bindExpression(expression, shape, 'index expressions');
        return (values: readonly Value[]) => bound.evaluate(values);
      })
    : undefined;
  const predicate =
    definition.where === undefined ? undefined : bindPredicate(definition.where, shape, 'index predicates');
  const reads = [...expressions, definition.where ?? null].flatMap((expression) =>
    expression === null ? [] : columnsNamed(expression).map(position),
  );
  const include = definition.include.map(position);
  if (definition.method === 'hash' && table.def.columns[columns[0] ?? 0]?.type !== 'integer')
    throw new ModelSqlError('0A000', 'the model hashes integer columns only (hashint4)');
  if (definition.unique && table.index !== null)
    throw new ModelSqlError('0A000', 'the model keeps one unique index per table (its primary key)');
  const name = definition.name ?? chooseIndexName(db, table, definition.columns, definition.unique);
  if (indexNamed(db, name) !== null || db.tables.has(name))
    throw new ModelSqlError('42P07', `relation "${name}" already exists`);
  const index = new TableIndex(name, {
    columns,
    method: definition.method,
    unique: definition.unique,
    include,
    buckets: definition.method === 'hash' ? hashBucketCount(table) : 0,
    ...(keyFunctions === undefined
      ? {}
      : {
          keyFunctions,
          keyNames: expressions.map((expression, i) =>
            expression === null ? (definition.columns[i] ?? '') : JSON.stringify(expression),
          ),
        }),
    ...(predicate === undefined
      ? {}
      : {
          predicate: {
            holds: (values: readonly Value[]) => predicate.evaluate(values) === true,
            text: JSON.stringify(definition.where),
          },
        }),
    reads,
  });
  if (definition.unique && predicate !== undefined)
    throw new ModelSqlError('0A000', 'the model has no partial unique indexes');
  build(db, table, index);
  countRelation(db, table, true);
  undoAccessPathChange(xact, table, definition.unique ? 'key' : index);
  if (definition.unique) {
    // A unique index stands for the primary key the table lacks: the key uniqueness checks,
    // ON CONFLICT and FOR KEY SHARE read (a unique index's columns are key columns,
    // RelationGetIndexAttrBitmap's INDEX_ATTR_BITMAP_KEY, an expression's columns too).
    const keyColumns = [...new Set([...columns.filter((column) => column >= 0), ...reads])];
    table.def = { ...table.def, primaryKey: keyColumns, ...(include.length > 0 ? { include } : {}) };
    table.index = index;
  } else {
    table.secondary.push(index);
  }
  table.reshaped();
  markHasIndex(table);
  if (db.hierarchy.isPartitioned(table.def.name))
    yield* indexPartitions(context, table, index, definition, (own) => buildIndex(context, own));
  return index;
}

/** DROP INDEX: the planner can no longer use it; a primary key's index cannot be dropped alone. */
export function* dropIndex(
  context: StatementContext,
  statement: Statement & { kind: 'drop-index' },
): Work<string> {
  const { db, xact } = context;
  const found = indexNamed(db, statement.index);
  if (found === null) {
    if (statement.ifExists) return 'DROP INDEX';
    throw new ModelSqlError('42704', `index "${statement.index}" does not exist`);
  }
  const { table, index } = found;
  refuseAttached(index);
  // The table, then the index, then (a partitioned index) the partitions and their indexes.
  yield* lockRelation(db.relationLocks, table.def.name, xact, 'ACCESS EXCLUSIVE');
  yield* lockRelation(db.relationLocks, index.name, xact, 'ACCESS EXCLUSIVE');
  yield* dropPartitionIndexes(context, table, index);
  if (index === table.index && index.primary)
    throw new ModelSqlError(
      '2BP01',
      `cannot drop index ${index.name} because constraint ${index.name} on table ${table.def.name} requires it`,
    );
  dropIndexObject(xact, table, index, () => {
    if (index === table.index) {
      table.index = null;
      table.def = { ...table.def, primaryKey: [] };
    } else table.secondary.splice(table.secondary.indexOf(index), 1);
  });
  return 'DROP INDEX';
}

/** ALTER TABLE … ADD PRIMARY KEY, ALTER TABLE / ALTER INDEX … SET (…). */
export function* alterTable(
  context: StatementContext,
  statement: Statement & { kind: 'alter-table' },
): Work<string> {
  const { db, xact } = context;
  const { action } = statement;
  if (action.kind === 'set-options') {
    if (action.index) {
      // An index's storage parameters change nothing the model shows (its B-tree is one page).
      const found = indexNamed(db, statement.table);
      if (found === null) throw new ModelSqlError('42P01', `relation "${statement.table}" does not exist`);
      yield* lockRelation(db.relationLocks, found.table.def.name, xact, 'SHARE UPDATE EXCLUSIVE');
      return 'ALTER INDEX';
    }
    const table = db.table(statement.table);
    yield* lockRelation(db.relationLocks, table.def.name, xact, 'SHARE UPDATE EXCLUSIVE');
    undoAccessPathChange(xact, table, null);
    if (action.fillfactor !== null) table.fillfactor = action.fillfactor;
    table.reshaped();
    return 'ALTER TABLE';
  }
  const table = db.table(statement.table);
  yield* lockRelation(db.relationLocks, table.def.name, xact, 'ACCESS EXCLUSIVE');
  if (table.index !== null)
    throw new ModelSqlError('42P16', `multiple primary keys for table "${table.def.name}" are not allowed`);
  const columns = action.columns.map((name) => {
    const at = table.def.columns.findIndex((column) => column.name === name);
    if (at === -1)
      throw new ModelSqlError('42703', `column "${name}" of relation "${table.def.name}" does not exist`);
    return at;
  });
  const index = new TableIndex(`${table.def.name}_pkey`, { columns, primary: true });
  // The index is built first (its uniqueness failing with 23505), then the key's columns
  // become NOT NULL, checked against the rows there are (23502): ALTER TABLE's phase 2 adds
  // the index, phase 3 verifies the new constraints (ATRewriteTables).
  build(db, table, index);
  const live = liveVersions(db, table);
  for (const version of live) {
    for (const column of columns) {
      if (version.values[column] === null)
        throw new ModelSqlError(
          '23502',
          `column "${table.def.columns[column]?.name}" of relation "${table.def.name}" contains null values`,
        );
    }
  }
  countRelation(db, table, true);
  undoAccessPathChange(xact, table, null);
  table.def = {
    ...table.def,
    primaryKey: columns,
    columns: table.def.columns.map((column, i) =>
      columns.includes(i) ? { ...column, notNull: true } : column,
    ),
  };
  table.index = index;
  table.reshaped();
  return 'ALTER TABLE';
}

/**
 * The index's entries for the table's rows: one per chain root, with the key of the chain's
 * newest version (IndexBuildHeapScan indexes a HOT chain under its root), sorted once as
 * _bt_load takes them from its sort. A unique index fails on two live versions with one key
 * (23505), as the spool's sort finds them side by side.
 */
function build(db: ModelDatabase, table: HeapTable, index: TableIndex): void {
  const entries = index.entries;
  for (const root of table.versions()) {
    if (root.heapOnly) continue;
    const { values } = newestOf(root);
    if (index.covers(values)) entries.push({ key: index.keyOf(values), version: root });
  }
  entries.sort(compareIndexEntries);
  if (!index.unique) return;
  let previous: IndexEntry | null = null;
  for (const entry of entries) {
    const newest = newestOf(entry.version);
    const live = db.xacts.statusOf(newest.xmin) !== 'aborted' && newest.xmax === null;
    if (!live || entry.key.includes(null)) continue;
    if (previous !== null && compareKeys(previous.key, entry.key) === 0) {
      const names = index.columns.map((column) => table.def.columns[column]?.name ?? '').join(', ');
      throw new ModelSqlError('23505', `could not create unique index "${index.name}"`, {
        detail: `Key (${names})=(${entry.key.map(String).join(', ')}) is duplicated.`,
      });
    }
    previous = entry;
  }
}

/** The last version of a heap-only-tuple chain, from its root. */
function newestOf(root: TupleVersion): TupleVersion {
  let newest = root;
  while (newest.next?.heapOnly === true) newest = newest.next;
  return newest;
}

/** The index of that name, and its table; null when there is none. */
export function indexNamed(db: ModelDatabase, name: string): { table: HeapTable; index: TableIndex } | null {
  for (const table of db.tables.values()) {
    const index = table.indexes.find((candidate) => candidate.name === name);
    if (index !== undefined) return { table, index };
  }
  return null;
}

/** ChooseIndexName: `t_a_b_idx` (`_key` for a unique index), with a number when the name is taken. */
function chooseIndexName(
  db: ModelDatabase,
  table: HeapTable,
  columns: readonly string[],
  unique: boolean,
): string {
  const base = `${table.def.name}_${columns.join('_')}_${unique ? 'key' : 'idx'}`;
  let name = base;
  for (let n = 1; indexNamed(db, name) !== null || db.tables.has(name); n++) name = `${base}${n}`;
  return name;
}

/**
 * The buckets a new hash index starts with (_hash_init_metabuffer): the table's estimated rows
 * over the tuples a bucket page takes (307 at the default 75% fill: 8192 × 0.75 / 20-byte
 * entries), rounded up to a power of two, at least 2. A table never vacuumed is estimated at
 * ten pages at least (table_block_relation_estimate_size), each holding
 * 8168 / (data width + 28) rows: on an empty (int4, int4) table 2,260 rows, so 8 buckets, as
 * the embedded PostgreSQL 18 builds (measured: a 10-block index, metapage, 8 buckets, bitmap page).
 */
export function hashBucketCount(table: HeapTable): number {
  const widths: Record<SqlType, number> = {
    integer: 4,
    bigint: 8,
    boolean: 1,
    text: 32,
    numeric: 32,
    date: 4,
    timestamp: 8,
    timestamptz: 8,
    'double precision': 8,
  };
  const width = table.def.columns.reduce((sum, column) => sum + widths[column.type], 0);
  const density = Math.floor(8168 / (width + 28));
  const tuples = table.counted?.tuples ?? Math.max(10, table.pageCount) * density;
  const buckets = Math.floor(tuples / 307);
  if (buckets <= 2) return 2;
  return Math.min(1024, 2 ** Math.ceil(Math.log2(buckets)));
}

/** The columns an expression names, by name (each once). */
function columnsNamed(expression: Expression): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as { kind?: unknown; name?: unknown };
    if (record.kind === 'column' && typeof record.name === 'string') names.add(record.name);
    for (const value of Object.values(node)) visit(value);
  };
  visit(expression);
  return [...names];
}

/**
 * Records, before a statement changes the table's access paths or storage, how a rollback puts
 * them back. CREATE INDEX takes only SHARE, so other transactions may add indexes of their own
 * meanwhile, which stay: its undo takes out the secondary index it added (`added`), or puts
 * back the key a unique index made (`'key'`). Every other change is made under a lock no other
 * transaction's change of the table gets past (SHARE UPDATE EXCLUSIVE or stronger), so the
 * table's state before it is put back whole (`null`).
 */
function undoAccessPathChange(
  xact: ModelTransaction,
  table: HeapTable,
  added: TableIndex | 'key' | null,
): void {
  if (added === 'key') {
    const { def, index } = table;
    xact.onAbort.push(() => {
      table.def = def;
      table.index = index;
      table.reshaped();
    });
    return;
  }
  if (added !== null) {
    xact.onAbort.push(() => {
      const at = table.secondary.indexOf(added);
      if (at !== -1) table.secondary.splice(at, 1);
      table.reshaped();
    });
    return;
  }
  const { def, index, fillfactor } = table;
  const secondary = [...table.secondary];
  xact.onAbort.push(() => {
    table.def = def;
    table.index = index;
    table.fillfactor = fillfactor;
    table.secondary.splice(0, table.secondary.length, ...secondary);
    table.reshaped();
  });
}
