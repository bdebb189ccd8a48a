/**
 * A new row's columns that the INSERT does not name take their DEFAULT (PostgreSQL's planner
 * adds them to the target list, src/backend/rewrite/rewriteHandler.c, build_column_default):
 * NULL, or for a `serial` column the next value of its sequence, taken when the row is made
 * and kept even if the insert then fails (sequences.ts).
 */

import type { Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { TableDef } from '../mvcc/heap.ts';
import type { StatementContext } from './statement-context.ts';

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
