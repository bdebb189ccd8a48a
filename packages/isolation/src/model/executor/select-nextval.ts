/**
 * `SELECT nextval('s')`, once or once per row of generate_series (`SELECT nextval('s') FROM
 * generate_series(1, 15)`): the next values of a sequence (sequences.ts), each call taking ROW
 * EXCLUSIVE on the sequence first, so that the query waits for an ALTER SEQUENCE in progress.
 * A call that passes the sequence's MAXVALUE fails the query (2200H), and the values the
 * earlier rows took are gone: nextval is never undone.
 */

import type { ResultSet, Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { SelectItem, Statement } from '../sql/sql-ast.ts';
import { runTablelessQuery } from './series-query.ts';
import type { StatementContext } from './statement-context.ts';

export function isNextvalItem(item: SelectItem): boolean {
  return item.kind === 'expression' && item.expression.kind === 'nextval';
}

export function* selectNextval(
  context: StatementContext,
  statement: Statement & { kind: 'select' },
): Work<{ rows: ResultSet; command: string }> {
  const { db, xact } = context;
  yield* context.viewer(true);
  // How many rows the query makes: one, or generate_series's.
  const count =
    statement.series === undefined
      ? 1
      : runTablelessQuery({
          ...statement,
          items: [
            { kind: 'expression', expression: { kind: 'literal', value: 1, type: 'integer' }, alias: null },
          ],
        }).rows.length;
  const rows: Value[][] = [];
  for (let i = 0; i < count; i++) {
    const row: Value[] = [];
    for (const item of statement.items) {
      if (item.kind !== 'expression' || item.expression.kind !== 'nextval') continue;
      row.push(yield* db.sequences.nextval(db.relationLocks, item.expression.sequence, xact));
    }
    rows.push(row);
  }
  const columns = statement.items.map((item) =>
    item.kind === 'expression' ? (item.alias ?? 'nextval') : '?',
  );
  return { rows: { columns, rows }, command: `SELECT ${count}` };
}
