/**
 * WITH and its data-modifying queries: `WITH t AS (INSERT …) SELECT …` (PostgreSQL's
 * ModifyTable nodes under a CTE; src/backend/executor/execMain.c, ExecPostprocessPlan).
 *
 * The WITH queries and the main statement are one statement: one snapshot and one command id
 * for all of them, so none sees what another writes (PostgreSQL's docs, "Data-Modifying
 * Statements in WITH": "the sub-statements … are executed concurrently with each other and
 * with the main query"). A WITH query whose rows nobody reads is run to completion after the
 * main statement has finished, by ExecPostprocessPlan, the later-written ones first (each
 * ModifyTable node is put at the front of the list when it is initialised, so that a later
 * query is shut down before an earlier one). So `WITH t AS (INSERT …) SELECT * FROM colors`
 * returns the rows as its snapshot shows them, whatever the insert then waits for and does.
 */

import type { ResultSet } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { executeInsert } from './execute-insert.ts';
import { executeModify } from './execute-modify.ts';
import { executeSelect } from './execute-select.ts';
import type { StatementContext } from './statement-context.ts';

type Output = { rows: ResultSet | null; command: string };

export function* executeWith(
  context: StatementContext,
  statement: Statement & { kind: 'with' },
): Work<Output> {
  const out = yield* executePart(context, statement.body);
  for (const query of [...statement.queries].reverse()) yield* executePart(context, query.statement);
  return out;
}

/** One of the statement's parts, with the statement's context (its snapshot and command id). */
function* executePart(context: StatementContext, statement: Statement): Work<Output> {
  switch (statement.kind) {
    case 'select':
      return yield* executeSelect(context, statement);
    case 'insert':
      return yield* executeInsert(context, statement);
    case 'update':
    case 'delete':
      return yield* executeModify(context, statement);
    default:
      throw new ModelSqlError('0A000', `${statement.kind} in WITH is not supported`);
  }
}
