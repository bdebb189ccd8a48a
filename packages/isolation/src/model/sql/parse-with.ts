/**
 * Parsing WITH (gram.y's with_clause and common_table_expr):
 *
 *   with name as [[not] materialized] (insert … | update … | delete …), … select … | insert … | update … | delete …
 *
 * The model takes the data-modifying kind, which is what isolation tests use WITH for: writes
 * that run as part of another statement, with its snapshot (execute-with.ts). The main
 * statement may not read a WITH query's rows (the model's statements read tables only), and a
 * WITH query that is a SELECT is refused: unread, PostgreSQL would not run it at all.
 */
import type { Statement } from './sql-ast.ts';
import { UnsupportedSqlError } from './sql-tokens.ts';
import type { SqlParser } from './token-cursor.ts';

export function parseWith(cursor: SqlParser): Statement & { kind: 'with' } {
  cursor.expectName('with');
  if (cursor.isName('recursive')) throw new UnsupportedSqlError('WITH RECURSIVE', cursor.peek().at);
  const queries: { name: string; statement: Statement }[] = [];
  do {
    const name = cursor.identifier('a WITH query name');
    if (cursor.isPunctuation('('))
      throw new UnsupportedSqlError("column names for a WITH query's rows", cursor.peek().at);
    cursor.expectName('as');
    cursor.accept('not');
    cursor.accept('materialized');
    cursor.expectPunctuation('(');
    const start = cursor.peek();
    const statement = cursor.anyStatement();
    if (statement.kind !== 'insert' && statement.kind !== 'update' && statement.kind !== 'delete')
      throw new UnsupportedSqlError('a WITH query that is not INSERT, UPDATE or DELETE', start.at);
    cursor.expectPunctuation(')');
    queries.push({ name, statement });
  } while (cursor.acceptPunctuation(','));
  const start = cursor.peek();
  const body = cursor.anyStatement();
  const names = new Set(queries.map((query) => query.name));
  const read =
    body.kind === 'select'
      ? body.from?.table
      : body.kind === 'insert'
        ? body.table
        : body.kind === 'update' || body.kind === 'delete'
          ? body.target.table
          : undefined;
  if (body.kind !== 'select' && body.kind !== 'insert' && body.kind !== 'update' && body.kind !== 'delete')
    throw new UnsupportedSqlError(`WITH before ${body.kind}`, start.at);
  if (read !== undefined && names.has(read))
    throw new UnsupportedSqlError("reading a WITH query's rows", start.at);
  return { kind: 'with', queries, body, text: '' };
}
