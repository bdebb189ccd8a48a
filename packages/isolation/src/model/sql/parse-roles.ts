/**
 * Parsing the statements about roles and privileges (gram.y's CreateRoleStmt, DropRoleStmt,
 * GrantStmt, GrantRoleStmt, AlterOwnerStmt, DropOwnedStmt):
 *
 *   create role | user name [with] [login | nologin | inherit | noinherit …]
 *   drop role | user [if exists] name, …
 *   grant privilege, … | all [privileges] on [table] t, … to role, …
 *   grant role, … to member, … [with admin option | with admin true]
 *   alter table t owner to role                    (an action of ALTER TABLE: parse-alter-table.ts)
 *   drop owned by role, …
 *
 * What they do, and where PostgreSQL checks what a role may do, is roles.ts.
 */
import { type TablePrivilege, tablePrivileges } from '../roles.ts';
import type { Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/** Role options that change nothing the model shows. */
const ignoredRoleOptions = new Set([
  'login',
  'nologin',
  'inherit',
  'noinherit',
  'nosuperuser',
  'nocreatedb',
  'nocreaterole',
]);

/** The statement, or null when it is none of these (for the general parser to read). */
export function parseRoleStatement(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, text);
  if (reader.isName('create') && (reader.isName('role', 1) || reader.isName('user', 1))) {
    reader.next();
    reader.next();
    const role = reader.identifier('a role name');
    reader.accept('with');
    while (reader.peek().kind === 'name') {
      const option = reader.next();
      if (!ignoredRoleOptions.has(option.text))
        throw new UnsupportedSqlError(`CREATE ROLE … ${option.text.toUpperCase()}`, option.at);
    }
    reader.expectEnd();
    return { kind: 'create-role', role, text };
  }
  if (reader.isName('drop') && (reader.isName('role', 1) || reader.isName('user', 1))) {
    reader.next();
    reader.next();
    let ifExists = false;
    if (reader.accept('if')) {
      reader.expectName('exists');
      ifExists = true;
    }
    const roles = names(reader, 'a role name');
    reader.expectEnd();
    return { kind: 'drop-role', roles, ifExists, text };
  }
  if (reader.isName('drop') && reader.isName('owned', 1)) {
    reader.next();
    reader.next();
    reader.expectName('by');
    const roles = names(reader, 'a role name');
    if (reader.isName('cascade')) throw new UnsupportedSqlError('DROP OWNED … CASCADE', reader.peek().at);
    reader.accept('restrict');
    reader.expectEnd();
    return { kind: 'drop-owned', roles, text };
  }
  if (reader.isName('grant')) return parseGrant(reader, text);
  return null;
}

/** `OWNER TO role`, an action of ALTER TABLE t (parse-alter-table.ts), the cursor at OWNER. */
export function parseOwnerTo(reader: TokenCursor, table: string): Statement {
  reader.expectName('owner');
  reader.expectName('to');
  const owner = reader.identifier('a role name');
  return { kind: 'alter-owner', table, owner, text: '' };
}

function parseGrant(reader: TokenCursor, text: string): Statement {
  reader.expectName('grant');
  const first = reader.peek();
  const words: string[] = [];
  do {
    const word = reader.identifier('a privilege or a role');
    if (reader.isPunctuation('(')) throw new UnsupportedSqlError('column privileges', reader.peek().at);
    words.push(word);
  } while (reader.acceptPunctuation(','));
  if (words.length === 1 && words[0] === 'all') reader.accept('privileges');
  if (reader.accept('on')) {
    const privileges: TablePrivilege[] = [];
    for (const word of words) {
      if (word === 'all') privileges.push(...tablePrivileges);
      else if (tablePrivileges.includes(word as TablePrivilege)) privileges.push(word as TablePrivilege);
      else throw new UnsupportedSqlError(`GRANT ${word.toUpperCase()}`, first.at);
    }
    if (
      reader.isName('all') ||
      reader.isName('schema') ||
      reader.isName('sequence') ||
      reader.isName('function')
    )
      throw new UnsupportedSqlError(`GRANT … ON ${reader.peek().text.toUpperCase()}`, reader.peek().at);
    reader.accept('table');
    const tables = [tableName(reader)];
    while (reader.acceptPunctuation(',')) tables.push(tableName(reader));
    reader.expectName('to');
    const roles = names(reader, 'a role name');
    if (reader.isName('with')) throw new UnsupportedSqlError('WITH GRANT OPTION', reader.peek().at);
    reader.expectEnd();
    return { kind: 'grant', privileges, tables, roles, text };
  }
  reader.expectName('to');
  const members = names(reader, 'a role name');
  let admin = false;
  if (reader.accept('with')) {
    reader.expectName('admin');
    if (!reader.accept('option') && !reader.accept('true'))
      throw new SqlSyntaxError('expected OPTION after WITH ADMIN', reader.peek().at);
    admin = true;
  }
  if (reader.isName('granted')) throw new UnsupportedSqlError('GRANTED BY', reader.peek().at);
  reader.expectEnd();
  return { kind: 'grant-role', roles: words, members, admin, text };
}

/** Names separated by commas. */
export function names(reader: TokenCursor, what: string): string[] {
  const list = [reader.identifier(what)];
  while (reader.acceptPunctuation(',')) list.push(reader.identifier(what));
  return list;
}

/** A table's name, `s.t` in a schema of its own (as parse-sql.ts names it). */
export function tableName(reader: TokenCursor): string {
  const first = reader.peek();
  if (first.kind !== 'name' && first.kind !== 'quoted-name') reader.fail('a table name');
  reader.next();
  const name = first.text;
  if (!reader.acceptPunctuation('.')) return name;
  const inner = reader.identifier('a table name');
  if (reader.isPunctuation('.'))
    throw new UnsupportedSqlError('names with a database part', reader.peek().at);
  return name === 'public' ? inner : `${name}.${inner}`;
}
