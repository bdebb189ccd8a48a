/**
 * ALTER TABLE t ADD [COLUMN] name type (ATExecAddColumn in src/backend/commands/tablecmds.c).
 *
 * PostgreSQL adds a column without a default by changing the catalog only: the rows already
 * stored are not rewritten, and a row shorter than the table's row type reads NULL in the
 * columns it lacks (heap_getattr past t_natts). The model does the same in spirit: each stored
 * version gets NULL in the new column, and the table's definition gains it.
 *
 * It takes ACCESS EXCLUSIVE on the table, and the column goes to every child of the table
 * (partitions and inheritance children, each locked in turn), where one of the same name and
 * type is merged rather than added twice. 42701 if the table has the column already. Like
 * every catalog change, it is undone if the transaction rolls back.
 */
import type { Value } from '../../run/outcome.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { HeapTable } from '../mvcc/heap.ts';
import type { ColumnDefinition, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { StatementContext } from './statement-context.ts';
import { catalogView } from './table-members.ts';

export function* addColumn(
  context: StatementContext,
  statement: Statement & { kind: 'add-column' },
): Work<string> {
  const { db, xact } = context;
  db.assignXid(xact);
  const table = db.table(statement.table);
  yield* lockRelation(db.relationLocks, table.def.name, xact, 'ACCESS EXCLUSIVE');
  if (table.def.columns.some((column) => column.name === statement.column.name))
    throw new ModelSqlError(
      '42701',
      `column "${statement.column.name}" of relation "${table.def.name}" already exists`,
    );
  yield* addTo(context, table, statement.column);
  return 'ALTER TABLE';
}

function* addTo(context: StatementContext, table: HeapTable, column: ColumnDefinition): Work<void> {
  const { db, xact } = context;
  const own = table.def.columns.find((candidate) => candidate.name === column.name);
  if (own !== undefined) {
    // A child that has the column already keeps it (NOTICE: merging definition of column).
    if (own.type !== column.type)
      throw new ModelSqlError(
        '42804',
        `child table "${table.def.name}" has different type for column "${column.name}"`,
      );
    return;
  }
  const before = table.def;
  const width = before.columns.length;
  const extended = new Set<readonly Value[]>();
  for (const version of table.versions()) {
    if (version.values.length !== width || extended.has(version.values)) continue;
    extended.add(version.values);
    (version.values as Value[]).push(null);
  }
  table.def = { ...before, columns: [...before.columns, column] };
  table.reshaped();
  xact.onAbort.push(() => {
    for (const values of extended) (values as Value[]).length = width;
    table.def = before;
    table.reshaped();
  });
  for (const link of db.hierarchy.children(table.def.name, catalogView(db, xact))) {
    yield* lockRelation(db.relationLocks, link.child, xact, 'ACCESS EXCLUSIVE');
    const child = db.current(link.child);
    if (child !== undefined) yield* addTo(context, child, column);
  }
}
