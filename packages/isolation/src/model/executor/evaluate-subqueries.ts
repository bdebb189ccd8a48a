/**
 * Subqueries: `(SELECT …)` used as a value, as in `UPDATE d2 SET id = (SELECT id + 1 FROM d1)`
 * or `INSERT INTO r VALUES (3, (SELECT day FROM ctl WHERE k = 'r'))`; `EXISTS (SELECT …)`; and
 * `x [NOT] IN (SELECT …)`.
 *
 * A subquery that names no column of the outer query is planned by PostgreSQL as an InitPlan
 * (src/backend/optimizer/plan/subselect.c): run once, its one value kept in a parameter
 * (src/backend/executor/nodeSubplan.c, ExecSetParamPlan), with the outer statement's snapshot
 * and command id, so it sees what the statement sees and nothing the statement writes. It is an
 * ordinary read: at serializable it takes SIREAD locks like any other scan, which is how
 * PostgreSQL's two-ids and receipt-report specs find their rw-conflicts. No row gives NULL; more
 * than one is 21000.
 *
 * The model runs each subquery before the statement and puts what it gives in its place: a
 * constant of the subquery's type, true or false for EXISTS, the rows' values as IN's list
 * (PostgreSQL plans an uncorrelated IN as a semi-join or a hashed subplan; either reads the
 * subquery's table once, with the statement's snapshot, as the model does). PostgreSQL runs an InitPlan when the value is first needed,
 * so a statement that never needs it (an UPDATE whose WHERE matches no row, say) never reads the
 * subquery's table; the model reads it all the same. Correlated subqueries (naming the outer
 * query's columns) are outside the subset: their columns are unknown inside them (42703).
 */

import type { Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { Expression, SqlType, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { executeSelect } from './execute-select.ts';
import type { StatementContext } from './statement-context.ts';

type Subquery = Expression & { kind: 'subquery' };

/** The statement with each scalar subquery replaced by its value (the statement itself if it has none). */
export function* evaluateSubqueries<S extends Statement>(context: StatementContext, statement: S): Work<S> {
  const subqueries = subqueriesOf(statement);
  if (subqueries.length === 0) return statement;
  const values = new Map<Subquery, Expression | Expression[]>();
  for (const subquery of subqueries) values.set(subquery, yield* subqueryValue(context, subquery));
  return replace(statement, values) as S;
}

/**
 * Runs one subquery in the statement's snapshot: its value as a typed constant (`value`),
 * whether it found a row (`exists`), or its rows as constants, for an IN list (`rows`).
 */
function* subqueryValue(context: StatementContext, subquery: Subquery): Work<Expression | Expression[]> {
  const inner = yield* evaluateSubqueries(context, subquery.query);
  const { rows, types } = yield* executeSelect(context, inner, { stored: true });
  if (subquery.form === 'exists') return { kind: 'literal', value: rows.rows.length > 0, type: 'boolean' };
  if (rows.columns.length !== 1)
    throw new ModelSqlError(
      '42601',
      subquery.form === 'rows' ? 'subquery has too many columns' : 'subquery must return only one column',
    );
  const found = types?.[0] ?? 'null';
  const type = found === 'null' ? null : found === 'unknown' ? 'text' : (found as SqlType);
  const constant = (value: Value): Expression => ({ kind: 'literal', value, type });
  if (subquery.form === 'rows') return rows.rows.map((row) => constant(row[0] ?? null));
  if (rows.rows.length > 1)
    throw new ModelSqlError('21000', 'more than one row returned by a subquery used as an expression');
  return constant(rows.rows[0]?.[0] ?? null);
}

/** Whether the statement has a subquery to run first (evaluateSubqueries). */
export function hasSubqueries(statement: Statement): boolean {
  return subqueriesOf(statement).length > 0;
}

const found = new WeakMap<Statement, readonly Subquery[]>();

/** A statement's subqueries, looked for once per statement (the model runs each step many times). */
function subqueriesOf(statement: Statement): readonly Subquery[] {
  let subqueries = found.get(statement);
  if (subqueries === undefined) {
    const into: Subquery[] = [];
    collect(statement, into);
    subqueries = into;
    found.set(statement, subqueries);
  }
  return subqueries;
}

/** The subqueries of a statement, outermost first (a subquery's own are evaluated with it). */
function collect(node: unknown, into: Subquery[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if ((node as { kind?: unknown }).kind === 'subquery') {
    into.push(node as Subquery);
    return;
  }
  for (const value of Object.values(node)) collect(value, into);
}

/** A copy of the tree with each subquery replaced; untouched branches are shared. */
function replace(node: unknown, values: ReadonlyMap<Subquery, Expression | Expression[]>): unknown {
  // An IN list's subquery gives several items in its place.
  if (Array.isArray(node))
    return node.flatMap((item) => {
      const value = values.get(item as Subquery);
      return Array.isArray(value) ? value : [replace(item, values)];
    });
  if (typeof node !== 'object' || node === null) return node;
  const value = values.get(node as Subquery);
  if (value !== undefined) return value;
  return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, replace(child, values)]));
}
