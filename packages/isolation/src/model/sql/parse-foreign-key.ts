/**
 * Parsing foreign keys (gram.y's ConstraintElem and ColConstraintElem with FOREIGN KEY /
 * REFERENCES, and ALTER TABLE's ADD CONSTRAINT and VALIDATE CONSTRAINT):
 *
 *   create table t (…, col int [constraint name] references p [(col)] [on delete …] [on update …],
 *                   [constraint name] foreign key (col, …) references p [(col, …)] …)
 *   alter table t add [constraint name] foreign key (col, …) references p [(col, …)] … [not valid]
 *   alter table t validate constraint name
 *
 * The referential actions NO ACTION (the default), RESTRICT, CASCADE and SET NULL are taken;
 * SET DEFAULT (the model has no column defaults), MATCH FULL and PARTIAL (MATCH SIMPLE is the
 * default) are refused by name. `DEFERRABLE` and `INITIALLY DEFERRED` are taken (SET
 * CONSTRAINTS is not). The two ALTER TABLE actions are parsed here once parse-alter-table.ts has
 * read the statement's head. What a foreign key does is in executor/foreign-keys.ts.
 */
import type { ForeignKeyDefinition, ReferentialAction, Statement } from './sql-ast.ts';
import { SqlSyntaxError, UnsupportedSqlError } from './sql-tokens.ts';
import type { TokenCursor } from './token-cursor.ts';

/**
 * `REFERENCES p [(col, …)] [MATCH SIMPLE] [ON DELETE a] [ON UPDATE a] [NOT DEFERRABLE]
 * [INITIALLY IMMEDIATE]`, the cursor at REFERENCES, for `columns` of the table (the
 * column itself for a column constraint, FOREIGN KEY's list for a table constraint).
 */
export function parseReferences(
  cursor: TokenCursor,
  name: string | null,
  columns: readonly string[],
): ForeignKeyDefinition {
  cursor.expectName('references');
  const table = cursor.identifier('the referenced table');
  if (cursor.peek().kind === 'punctuation' && cursor.peek().text === '.')
    throw new UnsupportedSqlError('schema-qualified names', cursor.peek().at);
  const referenced = cursor.isPunctuation('(') ? cursor.nameList('a column name') : null;
  if (referenced !== null && referenced.length !== columns.length)
    throw new SqlSyntaxError(
      'number of referencing and referenced columns for foreign key disagree',
      cursor.peek().at,
    );
  let onDelete: ReferentialAction = 'no action';
  let onUpdate: ReferentialAction = 'no action';
  let deferred = false;
  for (;;) {
    if (cursor.accept('match')) {
      const kind = cursor.next();
      if (kind.text !== 'simple') throw new UnsupportedSqlError(`MATCH ${kind.text.toUpperCase()}`, kind.at);
    } else if (cursor.accept('on')) {
      const event = cursor.next();
      if (event.text !== 'delete' && event.text !== 'update')
        throw new SqlSyntaxError('expected DELETE or UPDATE after ON', event.at);
      const action = referentialAction(cursor);
      if (event.text === 'delete') onDelete = action;
      else onUpdate = action;
    } else if (cursor.accept('deferrable')) {
      // DEFERRABLE alone is INITIALLY IMMEDIATE: it matters only to SET CONSTRAINTS.
    } else if (cursor.accept('initially')) {
      const when = cursor.next();
      if (when.text !== 'deferred' && when.text !== 'immediate')
        throw new SqlSyntaxError('expected DEFERRED or IMMEDIATE after INITIALLY', when.at);
      deferred = when.text === 'deferred';
    } else if (cursor.isName('not') && cursor.peek(1).text === 'deferrable') {
      cursor.next();
      cursor.next();
    } else break;
  }
  for (const [event, action] of [
    ['DELETE', onDelete],
    ['UPDATE', onUpdate],
  ] as const) {
    // SET DEFAULT needs column defaults, which the model does not have.
    if (action === 'set default')
      throw new UnsupportedSqlError(`ON ${event} ${action.toUpperCase()}`, cursor.peek().at);
  }
  return { name, columns, table, referenced, onDelete, onUpdate, deferred };
}

function referentialAction(cursor: TokenCursor): ReferentialAction {
  const token = cursor.next();
  switch (token.text) {
    case 'restrict':
      return 'restrict';
    case 'cascade':
      return 'cascade';
    case 'no':
      cursor.expectName('action');
      return 'no action';
    case 'set': {
      const what = cursor.next();
      if (what.text === 'null' || what.text === 'default') {
        if (cursor.peek().kind === 'punctuation' && cursor.peek().text === '(')
          throw new UnsupportedSqlError(`SET ${what.text.toUpperCase()} (columns)`, cursor.peek().at);
        return what.text === 'null' ? 'set null' : 'set default';
      }
      throw new SqlSyntaxError('expected NULL or DEFAULT after SET', what.at);
    }
    default:
      throw new SqlSyntaxError('expected NO ACTION, RESTRICT, CASCADE, SET NULL or SET DEFAULT', token.at);
  }
}

/**
 * `ADD [CONSTRAINT name] FOREIGN KEY (col, …) REFERENCES … [NOT VALID]`, an action of ALTER
 * TABLE t (parse-alter-table.ts), the cursor at ADD. ADD's other forms (a column, PRIMARY KEY
 * as a constraint, UNIQUE, CHECK, EXCLUDE) are refused by name.
 */
export function parseAddConstraint(cursor: TokenCursor, table: string): Statement {
  cursor.expectName('add');
  let name: string | null = null;
  if (cursor.accept('constraint')) name = cursor.identifier('a constraint name');
  if (cursor.accept('foreign')) {
    cursor.expectName('key');
    const foreignKey = parseReferences(cursor, name, cursor.nameList('a column name'));
    let notValid = false;
    if (cursor.accept('not')) {
      cursor.expectName('valid');
      notValid = true;
    }
    return { kind: 'add-foreign-key', table, foreignKey, notValid, text: '' };
  }
  const form = cursor.peek();
  // ADD without a constraint keyword adds a column (the word COLUMN is optional).
  const constraints = ['primary', 'unique', 'check', 'exclude', 'column'];
  const what = constraints.includes(form.text) ? form.text.toUpperCase() : 'COLUMN';
  throw new UnsupportedSqlError(
    what === 'PRIMARY' ? 'ALTER TABLE … ADD PRIMARY KEY' : `ALTER TABLE … ADD ${what}`,
    form.at,
  );
}

/** `VALIDATE CONSTRAINT name`, an action of ALTER TABLE t (parse-alter-table.ts), the cursor at VALIDATE. */
export function parseValidateConstraint(cursor: TokenCursor, table: string): Statement {
  cursor.expectName('validate');
  cursor.expectName('constraint');
  const constraint = cursor.identifier('a constraint name');
  return { kind: 'validate-constraint', table, constraint, text: '' };
}
