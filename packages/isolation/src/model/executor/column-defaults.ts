/**
 * A new row's columns that the INSERT does not name take their DEFAULT (PostgreSQL's planner
 * adds them to the target list, src/backend/rewrite/rewriteHandler.c, build_column_default):
 * NULL, or for a `serial` column the next value of its sequence, taken when the row is made
 * and kept even if the insert then fails (sequences.ts). A `DEFAULT` written in VALUES or in
 * UPDATE's SET asks for the same (sql/default-keyword.ts).
 */

import type { Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { TableDef } from '../mvcc/heap.ts';
import type { StatementContext } from './statement-context.ts';

/**
 * The column's default for a `DEFAULT` written in VALUES or SET: the next value of its
 * sequence, or null (the keyword was parsed as NULL) when it has none.
 */
export function* defaultOf(context: StatementContext, def: TableDef, position: number): Work<Value> {
  const fallback = def.columns[position]?.default;
  if (fallback === undefined) return null;
  return yield* context.db.sequences.nextval(context.db.relationLocks, fallback.sequence, context.xact);
}

/** The row with every column's default, except those in `named` (positions), left null to be filled. */
export function* rowOfDefaults(
  context: StatementContext,
  def: TableDef,
  named: readonly number[],
): Work<Value[]> {
  const values: Value[] = [];
  for (const [position, column] of def.columns.entries()) {
    const fallback = column.default;
    if (fallback === undefined || named.includes(position)) values.push(null);
    else
      values.push(
        yield* context.db.sequences.nextval(context.db.relationLocks, fallback.sequence, context.xact),
      );
  }
  return values;
}
