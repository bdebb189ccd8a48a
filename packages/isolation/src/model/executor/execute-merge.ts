/**
 * MERGE: src/backend/executor/nodeModifyTable.c (ExecMerge, ExecMergeMatched,
 * ExecMergeNotMatched), PostgreSQL 15.
 *
 * PostgreSQL plans MERGE as a join of the source with the target (an outer join, so that a
 * source row without a target row still comes out) and hands each joined row to ModifyTable:
 * a row with a target row is MATCHED and gets the WHEN MATCHED action, one without is NOT
 * MATCHED and gets the WHEN NOT MATCHED action. The model has no joins, and runs the same
 * thing one source row at a time, with the statement's one snapshot:
 *
 * - the source rows are read first (a table, or a query);
 * - for each, the ON condition, with the source row's values put in, is the WHERE clause of
 *   an UPDATE or DELETE of the target (the WHEN MATCHED action), run as UPDATE and DELETE
 *   run (execute-modify.ts): a row another transaction holds is waited for; at read committed
 *   the newest version is locked and the ON condition tested on it again (EvalPlanQual);
 * - a source row that touched no target row (none matched, or the one that did was deleted
 *   or no longer matches after the wait) is NOT MATCHED: PostgreSQL then runs the WHEN NOT
 *   MATCHED action, as the model does: an INSERT, which waits at the primary key for a
 *   concurrent insert of the same key and fails with 23505 if that one commits. MERGE does
 *   not turn a conflicting insert into an update, as INSERT … ON CONFLICT does.
 *
 * Without a WHEN MATCHED action the ON condition is a plain read of the target.
 */

import type { ResultSet, Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import { bindExpression, noRow, type RowShape } from '../sql/bind-expression.ts';
import type { Expression, SqlType, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { executeInsert } from './execute-insert.ts';
import { executeModify } from './execute-modify.ts';
import { executeSelect } from './execute-select.ts';
import type { StatementContext } from './statement-context.ts';

type MergeStatement = Statement & { kind: 'merge' };

/** The source's rows, and the name and type of each column. */
interface SourceRows {
  readonly alias: string;
  readonly columns: readonly { readonly name: string; readonly type: SqlType | null }[];
  readonly rows: readonly (readonly Value[])[];
}

export function* executeMerge(
  context: StatementContext,
  statement: MergeStatement,
): Work<{ rows: ResultSet | null; command: string }> {
  const { db, xact } = context;
  if (xact.readOnly) throw new ModelSqlError('25006', 'cannot execute MERGE in a read-only transaction');
  const target = db.table(statement.target.table);
  yield* context.openTable(target.def.name, 'ROW EXCLUSIVE');
  const source = yield* readSource(context, statement);
  const targetColumns = target.def.columns.map((column) => column.name);
  const onText = /\bon\b([\s\S]*?)\bwhen\b/i.exec(statement.text)?.[1]?.trim() ?? '';
  let count = 0;
  for (const row of source.rows) {
    const put = (expression: Expression) => withSourceValues(expression, source, row, targetColumns);
    const on = put(statement.on);
    const text = `merge into ${target.def.name} where ${onText}`;
    let matched: boolean;
    const action = statement.matched;
    if (action !== null && action.action !== 'nothing') {
      const modify: Statement & { kind: 'update' | 'delete' } =
        action.action === 'update'
          ? {
              kind: 'update',
              target: statement.target,
              assignments: action.assignments.map(({ column, value }) => ({ column, value: put(value) })),
              where: on,
              returning: null,
              text,
            }
          : { kind: 'delete', target: statement.target, where: on, returning: null, text };
      const done = Number((yield* executeModify(context, modify)).command.split(' ')[1]);
      count += done;
      matched = done > 0;
    } else {
      const read = yield* executeSelect(context, {
        kind: 'select',
        items: [{ kind: 'star' }],
        from: statement.target,
        where: on,
        orderBy: [],
        lock: null,
        waitPolicy: 'block',
        limit: null,
        text,
      });
      matched = read.rows.rows.length > 0;
    }
    const insert = statement.notMatched;
    if (matched || insert === null || insert.action === 'nothing') continue;
    yield* executeInsert(context, {
      kind: 'insert',
      table: target.def.name,
      columns: insert.columns,
      rows: [insert.values.map(put)],
      returning: null,
      text: statement.text,
    });
    count++;
  }
  return { rows: null, command: `MERGE ${count}` };
}

/** The source's rows, read with the statement's snapshot, as a join's outer side is. */
function* readSource(context: StatementContext, statement: MergeStatement): Work<SourceRows> {
  const { source } = statement;
  if (source.kind === 'table') {
    const table = context.db.table(source.table.table);
    const read = yield* executeSelect(context, {
      kind: 'select',
      items: [{ kind: 'star' }],
      from: source.table,
      where: null,
      orderBy: [],
      lock: null,
      waitPolicy: 'block',
      limit: null,
      text: `select * from ${source.table.table}`,
    });
    return {
      alias: source.table.alias,
      columns: table.def.columns.map(({ name, type }) => ({ name, type })),
      rows: read.rows.rows,
    };
  }
  const { query } = source;
  const from = query.from;
  const shape: RowShape =
    from === null
      ? noRow
      : { table: from.table, alias: from.alias, columns: context.db.table(from.table).def.columns };
  const read = yield* executeSelect(context, query);
  // A quoted literal in a subquery's select list comes out as text (PostgreSQL resolves
  // unknown-type outputs to text).
  const types = query.items.flatMap((item) => {
    if (item.kind === 'star') return shape.columns.map((column) => column.type);
    const type = bindExpression(item.expression, shape, 'SELECT').type;
    return [type === 'unknown' ? 'text' : type === 'null' ? null : type];
  });
  return {
    alias: source.alias,
    columns: read.rows.columns.map((name, i) => ({ name, type: types[i] ?? null })),
    rows: read.rows.rows,
  };
}

/**
 * The expression with each reference to a source column replaced by the source row's value:
 * what the join's output row gives the target's actions. A name both sides have must be
 * qualified (42702), as PostgreSQL's parse analysis requires.
 */
function withSourceValues(
  expression: Expression,
  source: SourceRows,
  row: readonly Value[],
  targetColumns: readonly string[],
): Expression {
  if (expression.kind === 'column') {
    const { table, name } = expression;
    if (table !== null && table !== source.alias) return expression;
    const index = source.columns.findIndex((column) => column.name === name);
    const column = source.columns[index];
    if (column === undefined) {
      if (table === null) return expression;
      throw new ModelSqlError('42703', `column ${table}.${name} does not exist`);
    }
    if (table === null && targetColumns.includes(name))
      throw new ModelSqlError('42702', `column reference "${name}" is ambiguous`);
    return { kind: 'literal', value: row[index] ?? null, type: column.type };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(expression)) {
    copy[key] = Array.isArray(value)
      ? value.map((item) => (isExpression(item) ? withSourceValues(item, source, row, targetColumns) : item))
      : isExpression(value)
        ? withSourceValues(value, source, row, targetColumns)
        : value;
  }
  return copy as Expression;
}

function isExpression(value: unknown): value is Expression {
  return typeof value === 'object' && value !== null && 'kind' in value;
}
