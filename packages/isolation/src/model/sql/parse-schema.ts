/**
 * Parsing CREATE SCHEMA and DROP SCHEMA (gram.y's CreateSchemaStmt, DropStmt):
 *
 *   create schema [if not exists] name
 *   drop schema [if exists] name, … [cascade | restrict]
 *
 * A schema is a namespace: a table created as `s.t` is in it, and `t` alone means `public.t`
 * (the model does not search a search_path). The model's name for the table is `s.t`.
 */

import { TokenCursor } from './parse-index-ddl.ts';
import { names } from './parse-roles.ts';
import { UnsupportedSqlError } from './parse-sql.ts';
import type { Statement } from './sql-ast.ts';
import type { Token } from './sql-tokens.ts';

export function parseSchemaStatement(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, 0, text.length);
  if (!(reader.isName('create') || reader.isName('drop')) || !reader.isName('schema', 1)) return null;
  const verb = reader.next().text;
  reader.next();
  const exists = reader.accept('if');
  if (verb === 'create') {
    if (exists) {
      reader.expect('not');
      reader.expect('exists');
    }
    const schema = reader.identifier('a schema name');
    if (reader.peek().kind !== 'end')
      throw new UnsupportedSqlError('CREATE SCHEMA with AUTHORIZATION or elements', reader.peek().at);
    return { kind: 'create-schema', schema, ifNotExists: exists, text };
  }
  if (exists) reader.expect('exists');
  const schemas = names(reader, 'a schema name');
  const cascade = reader.accept('cascade');
  if (!cascade) reader.accept('restrict');
  reader.expectEnd();
  return { kind: 'drop-schema', schemas, ifExists: exists, cascade, text };
}
