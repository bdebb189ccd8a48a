/**
 * Materialized views: a query's result kept as a table, as of its last refresh
 * (src/backend/commands/createas.c, src/backend/commands/matview.c).
 *
 * CREATE MATERIALIZED VIEW runs the query and stores its rows in a new table (transactional, as
 * CREATE TABLE is). Reading the view reads that table, not the query's tables: the view is as
 * stale as its last refresh. Nothing but REFRESH changes it (INSERT, UPDATE, DELETE, MERGE,
 * TRUNCATE and SELECT … FOR UPDATE on it fail with 42809).
 *
 * REFRESH MATERIALIZED VIEW CONCURRENTLY (refresh_by_match_merge) brings it up to date without
 * blocking its readers: it takes EXCLUSIVE on the view (readers' ACCESS SHARE goes on beside it;
 * writers, another refresh and SELECT … FOR UPDATE wait), runs the query with its transaction's
 * snapshot, compares the new result with the view's rows (whole rows; it needs a unique index
 * on the view to be allowed to, 55000) and deletes the rows that are gone and inserts the new
 * ones, as ordinary row changes. Being ordinary reads and writes is what makes it take part in
 * serializable snapshot isolation: the refresh reads the query's tables and writes the view, so
 * a serializable transaction that reads the view and writes those tables forms a cycle with it,
 * and one of the two fails with 40001 (PostgreSQL's matview-write-skew test).
 */
import type { Value } from '../../run/outcome.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { SqlType, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { ValueType } from '../sql/sql-types.ts';
import { createTableIn, dropTableIn } from './execute-hierarchy.ts';
import { insertVersion } from './execute-insert.ts';
import { executeSelect } from './execute-select.ts';
import { deleteRow } from './row-operations.ts';
import { scanTable } from './scan-table.ts';
import type { StatementContext } from './statement-context.ts';

type ViewStatement = Statement & {
  kind: 'create-materialized-view' | 'refresh-materialized-view' | 'drop-materialized-view';
};

export function* executeMaterializedView(context: StatementContext, statement: ViewStatement): Work<string> {
  const { db, xact } = context;
  switch (statement.kind) {
    case 'create-materialized-view': {
      const result = yield* executeSelect(context, statement.query, { stored: true });
      const types = result.types;
      if (types === undefined)
        throw new ModelSqlError('0A000', 'the model cannot materialize an aggregate without GROUP BY');
      const columns = result.rows.columns.map((name, i) => ({
        name,
        type: columnType(types[i]),
        notNull: false,
      }));
      yield* createTableIn(context, {
        kind: 'create-table',
        table: statement.view,
        columns,
        primaryKey: [],
        text: statement.text,
      });
      const table = db.table(statement.view);
      for (const row of result.rows.rows) yield* insertVersion(context, table, row);
      db.materializedViews.set(table, statement.query);
      return `SELECT ${result.rows.rows.length}`;
    }
    case 'refresh-materialized-view':
      return yield* refreshConcurrently(context, statement.view);
    case 'drop-materialized-view': {
      const views = statement.views.filter((view) => {
        if (db.current(view) === undefined && statement.ifExists) return false;
        if (!db.materializedViews.has(db.table(view)))
          throw new ModelSqlError('42809', `"${view}" is not a materialized view`);
        return true;
      });
      yield* dropTableIn(context, {
        kind: 'drop-table',
        tables: views,
        ifExists: false,
        text: statement.text,
      });
      return 'DROP MATERIALIZED VIEW';
    }
  }
}

/** A result column's type as a view column's: an untyped literal or NULL is text (as CREATE TABLE AS). */
function columnType(type: ValueType | undefined): SqlType {
  return type === undefined || type === 'unknown' || type === 'null' ? 'text' : type;
}

function* refreshConcurrently(context: StatementContext, view: string): Work<string> {
  const { db, xact } = context;
  const query = db.materializedViews.get(db.table(view));
  if (query === undefined) throw new ModelSqlError('42809', `"${view}" is not a materialized view`);
  yield* lockRelation(db.relationLocks, view, xact, 'EXCLUSIVE');
  const table = db.table(view);
  const keyed = table.indexes.some(
    (index) => index.unique && index.predicate === undefined && index.keyFunctions === undefined,
  );
  if (!keyed)
    throw new ModelSqlError('55000', `cannot refresh materialized view "public.${view}" concurrently`);
  // The query, with the transaction's snapshot, as the refresh's first step runs it.
  const fresh = yield* executeSelect(context, query, { stored: true });
  const wanted = new Map<string, Value[][]>();
  for (const row of fresh.rows.rows) {
    const key = JSON.stringify(row);
    const same = wanted.get(key);
    if (same === undefined) wanted.set(key, [[...row]]);
    else {
      if (row.every((value) => value !== null))
        throw new ModelSqlError(
          '21000',
          `new data for materialized view "${view}" contains duplicate rows without any null columns`,
        );
      same.push([...row]);
    }
  }
  // The view's rows as the snapshot sees them (a whole scan of it: its SIREAD lock is the relation).
  const viewer = yield* context.viewer();
  context.recordPredicateRead(view, null, `all of ${view}`, viewer);
  const current = [...scanTable(context, table, { kind: 'seq-scan' }, viewer)];
  for (const version of current) {
    const key = JSON.stringify(version.values);
    const same = wanted.get(key);
    if (same !== undefined && same.length > 0) {
      same.pop();
      continue;
    }
    context.recordRead(version);
    yield* deleteRow(context, version);
  }
  for (const rows of wanted.values()) for (const row of rows) yield* insertVersion(context, table, row);
  return 'REFRESH MATERIALIZED VIEW';
}

/** 42809 for a statement that would change a materialized view (or lock its rows): only REFRESH does. */
export function refuseViewChange(db: ModelDatabase, statement: Statement): void {
  if (db.materializedViews.size === 0) return;
  const changed =
    statement.kind === 'insert'
      ? [statement.table]
      : statement.kind === 'update' || statement.kind === 'delete' || statement.kind === 'merge'
        ? [statement.target.table]
        : statement.kind === 'truncate'
          ? statement.tables
          : [];
  const isView = (name: string) => {
    const table = db.current(name);
    return table !== undefined && db.materializedViews.has(table);
  };
  for (const table of changed)
    if (isView(table)) throw new ModelSqlError('42809', `cannot change materialized view "${table}"`);
  if (
    statement.kind === 'select' &&
    statement.lock !== null &&
    statement.from !== null &&
    isView(statement.from.table)
  )
    throw new ModelSqlError('42809', `cannot lock rows in materialized view "${statement.from.table}"`);
}
