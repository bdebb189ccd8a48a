/**
 * INSERT … VALUES: src/backend/executor/nodeModifyTable.c (ExecInsert), heap_insert and the
 * primary key's uniqueness check (_bt_check_unique in src/backend/access/nbtree/nbtinsert.c).
 *
 * Each row is checked for NOT NULL, written to the heap as a version only its own transaction
 * sees so far, and then entered in the index. The uniqueness check looks at every version with
 * the same key that is not dead: one inserted or deleted by a transaction still running makes
 * the insert wait for that transaction, and then look again; a live one is a unique violation
 * (23505). For serializable snapshot isolation an insert is a write to the table (it conflicts
 * with sequential scans' relation locks) and to the index page (it conflicts with index scans
 * that looked for the key and found nothing: the phantom case). With ON CONFLICT, each row
 * first looks for its key (execute-on-conflict.ts) and may be skipped or update the row found.
 */

import type { ResultSet, Value } from '../../run/outcome.ts';
import { acquireTwoPhaseLock } from '../locks/acquire-two-phase-lock.ts';
import type { Work } from '../locks/wait.ts';
import type { ColumnDef, HeapTable, TupleVersion } from '../mvcc/heap.ts';
import { narrate } from '../narration.ts';
import { bindAssignment, noRow, type RowShape } from '../sql/bind-expression.ts';
import { displayRows } from '../sql/date-time.ts';
import { isDefaultKeyword } from '../sql/default-keyword.ts';
import type { OnConflict, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { BoundExpression } from '../sql/sql-types.ts';
import { analysed } from './analysis-cache.ts';
import { checkNotNull, describeKey, insertIndexEntry } from './check-constraints.ts';
import { defaultOf, rowOfDefaults } from './column-defaults.ts';
import { bindOnConflict, resolveConflict } from './execute-on-conflict.ts';
import { bindProjection } from './project-rows.ts';
import { recordCreated } from './savepoint-undo.ts';
import { runTablelessQuery } from './series-query.ts';
import type { StatementContext } from './statement-context.ts';
import { checkPartitionConstraint, memberRow, parentRow, routeRowLocked } from './table-members.ts';

export function* executeInsert(
  context: StatementContext,
  statement: Statement & { kind: 'insert' },
): Work<{ rows: ResultSet | null; command: string }> {
  const { db, xact } = context;
  if (xact.readOnly) throw new ModelSqlError('25006', 'cannot execute INSERT in a read-only transaction');
  const table = db.table(statement.table);
  yield* context.openTable(table.def.name, 'ROW EXCLUSIVE');
  // The definition as the lock finds it (ALTER TABLE may have changed it while we waited).
  const { def } = table;
  const { targets, rows, query, returning, onConflict } = analysed(statement, table, () => {
    // Without a column list, the values fill the first columns; the rest take their defaults.
    // (INSERT … SELECT without one: bindInsertQuery matches the query's columns to them all.)
    const width =
      statement.query === undefined
        ? Math.min(statement.rows[0]?.length ?? 0, def.columns.length)
        : def.columns.length;
    const implicit = def.columns.slice(0, width).map((column) => column.name);
    const targets = (statement.columns ?? implicit).map((name) => {
      const index = def.columns.findIndex((column) => column.name === name);
      if (index === -1)
        throw new ModelSqlError('42703', `column "${name}" of relation "${def.name}" does not exist`);
      return index;
    });
    if (new Set(targets).size !== targets.length) {
      const repeated = targets.find((target, i) => targets.indexOf(target) !== i) ?? 0;
      throw new ModelSqlError('42701', `column "${def.columns[repeated]?.name}" specified more than once`);
    }
    const query =
      statement.query === undefined ? null : bindInsertQuery(statement.query, targets, def.columns);
    const rows = statement.rows.map((row) => {
      if (statement.columns === null && row.length !== statement.rows[0]?.length)
        throw new ModelSqlError('42601', 'VALUES lists must all be the same length');
      if (row.length > targets.length)
        throw new ModelSqlError('42601', 'INSERT has more expressions than target columns');
      if (row.length < targets.length)
        throw new ModelSqlError('42601', 'INSERT has more target columns than expressions');
      return row.map((expression, i) => {
        const column = def.columns[targets[i] ?? 0];
        if (column === undefined) throw new ModelSqlError('42703', 'no such column');
        return bindAssignment(expression, noRow, column, 'VALUES');
      });
    });
    const shape: RowShape = { table: def.name, alias: def.name, columns: def.columns };
    const returning =
      statement.returning === null ? null : bindProjection(statement.returning, shape, 'RETURNING');
    const onConflict =
      statement.onConflict === undefined ? null : bindOnConflict(statement.onConflict, table);
    return { targets, rows, query, returning, onConflict };
  });
  // Assignment checks happen at analysis; constants need no snapshot, but the statement takes one.
  yield* context.viewer();
  const returned: Value[][] = [];
  let processed = 0;
  const inputs =
    query === null
      ? rows.map((row) => ({ row, input: [] as readonly Value[] }))
      : query.rows.map((input) => ({ row: query.assignments, input }));
  for (const [r, { row, input }] of inputs.entries()) {
    const values = yield* rowOfDefaults(context, def, targets);
    row.forEach((bound, i) => {
      values[targets[i] ?? 0] = bound.evaluate(input);
    });
    for (const [i, expression] of (query === null ? (statement.rows[r] ?? []) : []).entries()) {
      const target = targets[i] ?? 0;
      if (isDefaultKeyword(expression)) values[target] = yield* defaultOf(context, def, target);
    }
    checkNotNull(def.name, def.columns, values);
    // A partitioned table's row goes to its partition (ExecFindPartition), locked as it is first used.
    // A row inserted into a partition (partitioned or not) must be one its bound holds.
    checkPartitionConstraint(db, xact, table, values);
    const member = yield* routeRowLocked(db, xact, table, values);
    const target = member.table;
    const stored = memberRow(member, values);
    if (onConflict !== null) {
      // The arbiter is the partition's own primary key, so the clause is analysed against it.
      const clause =
        target === table
          ? onConflict
          : analysed(statement, target, () =>
              bindOnConflict(statement.onConflict as OnConflict, target, def.name),
            );
      const outcome = yield* resolveConflict(context, target, stored, clause);
      if (outcome.kind === 'skipped') continue;
      if (outcome.kind === 'updated') {
        processed++;
        if (returning !== null) returned.push(returning.row(parentRow(member, outcome.values)));
        continue;
      }
    }
    processed++;
    if (xact.usesTwoPhaseLocking) {
      yield* acquireTwoPhaseLock(context, {
        kind: 'row',
        owner: xact.session,
        table: target.def.name,
        row: db.newRowLock(),
        mode: 'exclusive',
        images: [stored],
        text: `the new row (${stored.map(String).join(', ')}) of ${target.def.name}`,
      });
    }
    yield* insertVersion(context, target, stored);
    if (returning !== null) returned.push(returning.row(values));
  }
  return {
    rows:
      returning === null
        ? null
        : { columns: returning.columns, rows: displayRows(returned, returning.types, db.display) },
    command: `INSERT 0 ${processed}`,
  };
}

/**
 * heap_insert and the index entry: a new row's first version, visible to its own transaction
 * only, then its key entered in the primary key's index (checked for uniqueness there).
 * INSERT writes rows this way, and so does an UPDATE that moves a row to another partition.
 */
export function* insertVersion(
  context: StatementContext,
  table: HeapTable,
  values: readonly Value[],
): Work<TupleVersion> {
  const { db, xact } = context;
  const { def } = table;
  const xid = db.assignXid(xact);
  db.ssi.checkConflictIn(xact, [{ kind: 'relation', relation: def.name }], `inserts into ${def.name}`);
  const version = table.insert(values, xid, context.cid);
  recordCreated(xact, version);
  xact.history.installs.push({ kind: 'insert', version });
  db.narrator?.record(
    'write',
    [xact.session],
    narrate.inserted(xact.session, context.describe(version), xid),
  );
  if (table.indexes.length > 0) {
    yield* insertIndexEntry(
      context,
      table,
      version,
      `inserts key ${describeKey(table, version)} into ${table.index?.name ?? def.name}`,
    );
  }
  return version;
}

/**
 * `INSERT … SELECT … FROM generate_series(…)`: the query's rows (it reads no table, so they are
 * the same at every run) and, for each target column, its output column assigned to it with
 * the assignment's type rules, as for VALUES.
 */
function bindInsertQuery(
  query: Statement & { kind: 'select' },
  targets: readonly number[],
  columns: readonly ColumnDef[],
): { rows: readonly (readonly Value[])[]; assignments: BoundExpression[] } {
  const result = runTablelessQuery(query);
  if (result.columns.length > targets.length)
    throw new ModelSqlError('42601', 'INSERT has more expressions than target columns');
  if (result.columns.length < targets.length)
    throw new ModelSqlError('42601', 'INSERT has more target columns than expressions');
  const shape: RowShape = {
    table: null,
    alias: null,
    columns: result.types.map((type, i) => ({
      name: `#${i}`,
      // A NULL column takes its target's type; an untyped literal is text (PostgreSQL 10 on).
      type: type === 'null' ? (columns[targets[i] ?? 0]?.type ?? 'text') : type === 'unknown' ? 'text' : type,
    })),
  };
  const assignments = targets.map((target, i) => {
    const column = columns[target];
    if (column === undefined) throw new ModelSqlError('42703', 'no such column');
    return bindAssignment({ kind: 'column', table: null, name: `#${i}` }, shape, column, 'SELECT');
  });
  return { rows: result.rows, assignments };
}
