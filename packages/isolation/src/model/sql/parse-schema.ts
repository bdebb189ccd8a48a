/**
 * Parsing CREATE SCHEMA and DROP SCHEMA (gram.y's CreateSchemaStmt, DropStmt):
 *
 *   create schema [if not exists] name
 *   drop schema [if exists] name, … [cascade | restrict]
 *
 * A schema is a namespace: a table created as `s.t` is in it, and `t` alone means `public.t`
 * (the model does not search a search_path). The model's name for the table is `s.t`.
 */

import { names } from './parse-roles.ts';
import type { Statement } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

export function parseSchemaStatement(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, text);
  if (!(reader.isName('create') || reader.isName('drop')) || !reader.isName('schema', 1)) return null;
  const verb = reader.next().text;
  reader.next();
  const exists = reader.accept('if');
  if (verb === 'create') {
    if (exists) {
      reader.expectName('not');
      reader.expectName('exists');
    }
    const schema = reader.identifier('a schema name');
    if (reader.peek().kind !== 'end')
      throw new UnsupportedSqlError('CREATE SCHEMA with AUTHORIZATION or elements', reader.peek().at);
    return { kind: 'create-schema', schema, ifNotExists: exists, text };
  }
  if (exists) reader.expectName('exists');
  const schemas = names(reader, 'a schema name');
  const cascade = reader.accept('cascade');
  if (!cascade) reader.accept('restrict');
  reader.expectEnd();
  return { kind: 'drop-schema', schemas, ifExists: exists, cascade, text };
}
