/**
 * Queries on the system views the model keeps (catalog/system-views.ts): pg_locks, pg_class and
 * pg_stat_activity, alone or joined, with WHERE, ORDER BY and a select list.
 *
 * PostgreSQL's isolation tests watch the lock manager with such queries: which session holds
 * or waits for which lock on which relation. The model answers from its own state, the same
 * state that decides who waits: its lock table (locks/relation-locks.ts) for pg_locks, its
 * tables and indexes for pg_class, its sessions and the last step each was sent for
 * pg_stat_activity. Oids and process ids are the model's own numbers (first come, first
 * numbered, from 16384 for relations as PostgreSQL's user objects start, from 1000 for
 * sessions): a query can join on them but should not print them.
 *
 * The join is a nested loop in the order of the FROM clause, each ON condition applied as its
 * view is added (an inner join, src/backend/executor/nodeNestloop.c); columns are named
 * `alias.column`, or by their bare name when one view has it (42702 when several do). The
 * views are read as they are at the moment (pg_locks is a function over shared memory, not an
 * MVCC table); pg_class lists the tables and indexes as the catalog shows them to the
 * transaction (committed, and its own), where PostgreSQL reads pg_class with the query's
 * snapshot. Locks on the views themselves and on the catalogs behind them are not kept.
 */
import type { Value } from '../../run/outcome.ts';
import { isCatalogView, type SystemViewName, systemViews } from '../catalog/system-views.ts';
import { lockModeName } from '../locks/relation-locks.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TableIndex } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { bindExpression, bindPredicate, type RowShape } from '../sql/bind-expression.ts';
import type { Expression, SelectItem, Statement, TableReference } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { compareSqlValues } from '../sql/sql-types.ts';
import { requireKnownSetting, settingsRows } from './settings-view.ts';
import type { StatementContext } from './statement-context.ts';
import { catalogView } from './table-members.ts';

type Select = Statement & { kind: 'select' };

/** What the model numbers for one database: relation oids, session pids, each session's last query. */
interface Numbering {
  readonly oids: Map<string, number>;
  readonly pids: Map<string, number>;
  readonly queries: Map<string, string>;
}

const numberings = new WeakMap<ModelDatabase, Numbering>();

function numberingOf(db: ModelDatabase): Numbering {
  let numbering = numberings.get(db);
  if (numbering === undefined) {
    numbering = { oids: new Map(), pids: new Map(), queries: new Map() };
    numberings.set(db, numbering);
  }
  return numbering;
}

/** The number `key` has in `numbers`, the next one from `base` when it is first asked for. */
function numbered(numbers: Map<string, number>, key: string, base: number): number {
  let number = numbers.get(key);
  if (number === undefined) {
    number = base + numbers.size;
    numbers.set(key, number);
  }
  return number;
}

/** The relation's oid (pg_class.oid, regclass). */
export function oidOf(db: ModelDatabase, relation: string): number {
  return numbered(numberingOf(db).oids, relation, 16384);
}

function pidOf(db: ModelDatabase, session: string): number {
  return numbered(numberingOf(db).pids, session, 1000);
}

/** A session was sent `sql` (pg_stat_activity.query, as the backend reports the query string it runs). */
export function recordQuery(db: ModelDatabase, session: string, sql: string): void {
  pidOf(db, session);
  numberingOf(db).queries.set(session, sql);
}

/** Whether a SELECT reads the system views, and so runs here rather than in execute-select.ts. */
export function isCatalogQuery(statement: Select): boolean {
  return statement.from !== null && isCatalogView(statement.from.table);
}

/** The tables and indexes the transaction's catalog shows, with their tables. */
function relations(context: StatementContext): { name: string; table: HeapTable; index: boolean }[] {
  const { db, xact } = context;
  const sees = catalogView(db, xact);
  const found: { name: string; table: HeapTable; index: boolean }[] = [];
  for (const name of [...db.tables.keys()]) {
    const table = db.current(name);
    const creator = db.createdBy.get(name);
    if (table === undefined || (creator !== undefined && !sees(creator))) continue;
    found.push({ name, table, index: false });
    for (const index of table.indexes) found.push({ name: index.name, table, index: true });
    for (const dropped of droppedIndexes.get(table) ?? [])
      if (dropped.by !== xact && dropped.by.status === 'active')
        found.push({ name: dropped.name, table, index: true });
  }
  return found;
}

/**
 * Indexes dropped by transactions still running: the model takes an index out of its table at
 * once, but pg_class rows are MVCC, and other transactions still see the row until the drop
 * commits (the dropper's ACCESS EXCLUSIVE lock keeps them from using the index meanwhile).
 */
const droppedIndexes = new WeakMap<HeapTable, { name: string; by: ModelTransaction }[]>();

/** DROP INDEX by `xact` of `index` on `table` (partitioned-indexes.ts, dropIndexObject). */
export function recordDroppedIndex(xact: ModelTransaction, table: HeapTable, index: TableIndex): void {
  const list = droppedIndexes.get(table) ?? [];
  list.push({ name: index.name, by: xact });
  droppedIndexes.set(table, list);
}

/** `pg_class.relhasindex`: true once an index has been built on the table (see markHasIndex). */
const hadIndex = new WeakSet<HeapTable>();

/**
 * relhasindex is set when an index is built and is not transactional: PostgreSQL updates it in
 * place (index_update_stats), so a ROLLBACK of CREATE INDEX leaves it true, and only VACUUM
 * sets it false again once the table has no index (vac_update_relstats).
 */
export function markHasIndex(table: HeapTable): void {
  hadIndex.add(table);
}

function viewRows(context: StatementContext, view: SystemViewName): Value[][] {
  const { db } = context;
  switch (view) {
    case 'pg_locks':
      return [...db.relationLocks.entries()].map((entry) => [
        'relation',
        oidOf(db, entry.relation),
        pidOf(db, entry.xact.session),
        lockModeName(entry.mode),
        entry.granted,
      ]);
    case 'pg_class':
      return relations(context).map(({ name, table, index }) => {
        const partitioned = db.hierarchy.isPartitioned(table.def.name);
        const kind = index ? (partitioned ? 'I' : 'i') : partitioned ? 'p' : 'r';
        const hasIndex = !index && (table.indexes.length > 0 || hadIndex.has(table));
        return [oidOf(db, name), name.slice(name.lastIndexOf('.') + 1), kind, hasIndex];
      });
    case 'pg_settings':
      return settingsRows(db, context.xact.session);
    case 'pg_stat_activity':
      return [...numberingOf(db).pids].map(([session, pid]) => {
        const running = db.runningStatements.has(session);
        const open = [...db.openTransactions].some((xact) => xact.session === session);
        const state = running ? 'active' : open ? 'idle in transaction' : 'idle';
        return [pid, state, numberingOf(db).queries.get(session) ?? ''];
      });
  }
}

/** The views of FROM and its JOINs, each with its alias and its columns' place in the joined row. */
interface Source {
  readonly view: SystemViewName;
  readonly alias: string;
  readonly offset: number;
}

function sourcesOf(statement: Select): Source[] {
  const references: TableReference[] = [
    statement.from as TableReference,
    ...(statement.joins ?? []).map((join) => join.table),
  ];
  let offset = 0;
  return references.map((reference) => {
    if (!isCatalogView(reference.table))
      throw new ModelSqlError(
        '0A000',
        `the model joins only the system views it keeps, not ${reference.table}`,
      );
    const source = { view: reference.table, alias: reference.alias, offset };
    offset += systemViews[reference.table].length;
    return source;
  });
}

/** The joined row's columns, each named `alias.column` (how `qualify` rewrites references). */
function joinedShape(sources: readonly Source[]): RowShape {
  return {
    table: null,
    alias: null,
    columns: sources.flatMap((source) =>
      systemViews[source.view].map((column) => ({
        name: `${source.alias}.${column.name}`,
        type: column.type,
      })),
    ),
  };
}

/** The expression with each column reference named as joinedShape names it. */
function qualify(context: StatementContext, expression: Expression, sources: readonly Source[]): Expression {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const record = node as Record<string, unknown>;
    if (record.kind === 'column') {
      const { table, name } = record as { table: string | null; name: string };
      if (table !== null) {
        if (!sources.some((source) => source.alias === table))
          throw new ModelSqlError('42P01', `missing FROM-clause entry for table "${table}"`);
        return { kind: 'column', table: null, name: `${table}.${name}` };
      }
      const having = sources.filter((source) =>
        systemViews[source.view].some((column) => column.name === name),
      );
      if (having.length > 1) throw new ModelSqlError('42702', `column reference "${name}" is ambiguous`);
      return having[0] === undefined
        ? record
        : { kind: 'column', table: null, name: `${having[0].alias}.${name}` };
    }
    if (record.kind === 'subquery')
      throw new ModelSqlError('0A000', 'the model runs no subquery on system views');
    if (record.kind === 'regclass') return regclassOf(context, record.operand as Expression);
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, visit(value)]));
  };
  return visit(expression) as Expression;
}

/**
 * `'name'::regclass`: the oid of the relation of that name (regclassin), 42P01 when there is
 * none. Only a quoted name is taken; a column cast to regclass is refused.
 */
function regclassOf(context: StatementContext, operand: Expression): Expression {
  if (operand.kind !== 'literal' || typeof operand.value !== 'string')
    throw new ModelSqlError(
      '0A000',
      'the model casts only a quoted name to regclass; run this on --engine postgres',
    );
  const name = operand.value;
  if (!relations(context).some((relation) => relation.name === name))
    throw new ModelSqlError('42P01', `relation "${name}" does not exist`);
  return { kind: 'literal', value: oidOf(context.db, name), type: 'integer' };
}

/** The select list: each output column's name and how it is computed from a joined row. */
function projectionOf(
  context: StatementContext,
  items: readonly SelectItem[],
  sources: readonly Source[],
  shape: RowShape,
): { name: string; evaluate: (row: readonly Value[]) => Value }[] {
  return items.flatMap((item) => {
    if (item.kind === 'star')
      return sources.flatMap((source) =>
        systemViews[source.view].map((column, i) => ({
          name: column.name,
          evaluate: (row: readonly Value[]) => row[source.offset + i] ?? null,
        })),
      );
    const { expression } = item;
    if (expression.kind === 'aggregate')
      throw new ModelSqlError('0A000', 'the model computes no aggregates over system views');
    const bound = bindExpression(qualify(context, expression, sources), shape, 'SELECT');
    const name = item.alias ?? (expression.kind === 'column' ? expression.name : '?column?');
    return [{ name, evaluate: (row: readonly Value[]) => bound.evaluate(row) }];
  });
}

/** SELECT … FROM view [alias] [JOIN view alias ON …]… [WHERE …] [ORDER BY …] [LIMIT n]. */
export function executeCatalogQuery(
  context: StatementContext,
  statement: Select,
): { rows: { columns: string[]; rows: Value[][] }; command: string } {
  if (statement.lock !== null)
    throw new ModelSqlError('0A000', `FOR ${statement.lock.toUpperCase()} on a system view`);
  const sources = sourcesOf(statement);
  const shape = joinedShape(sources);
  if (sources.some((source) => source.view === 'pg_settings')) requireKnownSetting(statement.where);
  let rows: Value[][] = [[]];
  const joins = statement.joins ?? [];
  sources.forEach((source, i) => {
    const added = viewRows(context, source.view);
    const join = i === 0 ? undefined : joins[i - 1];
    const on =
      join === undefined ? null : bindPredicate(qualify(context, join.on, sources), shape, 'JOIN/ON');
    rows = rows.flatMap((left) =>
      added.map((right) => [...left, ...right]).filter((row) => on === null || on.evaluate(row) === true),
    );
  });
  if (statement.where !== null) {
    const where = bindPredicate(qualify(context, statement.where, sources), shape, 'WHERE');
    rows = rows.filter((row) => where.evaluate(row) === true);
  }
  const projection = projectionOf(context, statement.items, sources, shape);
  const keys = statement.orderBy.map((order) => {
    const { expression } = order;
    // ORDER BY names an output column first, or its position (findTargetlistEntrySQL92).
    let evaluate: (row: readonly Value[], output: readonly Value[]) => Value;
    const position =
      expression.kind === 'literal' && typeof expression.value === 'number' ? expression.value - 1 : -1;
    const named =
      expression.kind === 'column' && expression.table === null
        ? projection.findIndex((column) => column.name === expression.name)
        : -1;
    if (position >= 0) evaluate = (_row, output) => output[position] ?? null;
    else if (named >= 0) evaluate = (_row, output) => output[named] ?? null;
    else {
      const bound = bindExpression(qualify(context, expression, sources), shape, 'ORDER BY');
      evaluate = (row) => bound.evaluate(row);
    }
    return { evaluate, descending: order.descending };
  });
  const decorated = rows.map((row) => {
    const output = projection.map((column) => column.evaluate(row));
    return { output, keys: keys.map((key) => key.evaluate(row, output)) };
  });
  decorated.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y) continue;
      // NULLs sort as larger than every value: last ascending, first descending.
      const order = x === null ? 1 : y === null ? -1 : compareSqlValues(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
  const limited = statement.limit === null ? decorated : decorated.slice(0, statement.limit);
  return {
    rows: { columns: projection.map((column) => column.name), rows: limited.map((row) => row.output) },
    command: `SELECT ${limited.length}`,
  };
}
