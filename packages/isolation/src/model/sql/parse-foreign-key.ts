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
 * default) and every other form of ALTER TABLE are refused by name. `DEFERRABLE` and
 * `INITIALLY DEFERRED` are taken (SET CONSTRAINTS is not). What a foreign key does is in
 * executor/foreign-keys.ts.
 */
import { UnsupportedSqlError } from './parse-sql.ts';
import type { ForeignKeyDefinition, ReferentialAction, Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token } from './sql-tokens.ts';

/** The parser's view of its tokens that a clause parser needs (parse-sql.ts hands one over). */
export interface TokenCursor {
  peek(): Token;
  /** The token `offset` places ahead. */
  peekAt(offset: number): Token;
  next(): Token;
  isName(word: string): boolean;
  accept(word: string): boolean;
  expectName(word: string): void;
  acceptPunctuation(mark: string): boolean;
  expectPunctuation(mark: string): void;
  identifier(what: string): string;
}

/** `(a, b, …)`: a parenthesised list of column names. */
export function columnList(cursor: TokenCursor): string[] {
  cursor.expectPunctuation('(');
  const names: string[] = [];
  do names.push(cursor.identifier('a column name'));
  while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  return names;
}

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
  const referenced =
    cursor.peek().kind === 'punctuation' && cursor.peek().text === '(' ? columnList(cursor) : null;
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
    } else if (cursor.isName('not') && cursor.peekAt(1).text === 'deferrable') {
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

/** `ALTER TABLE …`: the foreign-key forms; every other form is refused by name. */
export function parseAlterTable(cursor: TokenCursor): Statement {
  cursor.expectName('alter');
  const what = cursor.peek();
  if (!cursor.accept('table')) throw new UnsupportedSqlError(`ALTER ${what.text.toUpperCase()}`, what.at);
  if (cursor.isName('if')) throw new UnsupportedSqlError('ALTER TABLE IF EXISTS', cursor.peek().at);
  cursor.accept('only');
  const table = cursor.identifier('a table name');
  if (cursor.peek().kind === 'punctuation' && cursor.peek().text === '.')
    throw new UnsupportedSqlError('schema-qualified names', cursor.peek().at);
  const action = cursor.peek();
  if (cursor.accept('validate')) {
    cursor.expectName('constraint');
    const constraint = cursor.identifier('a constraint name');
    refuseMoreActions(cursor);
    return { kind: 'validate-constraint', table, constraint, text: '' };
  }
  if (cursor.accept('add')) {
    let name: string | null = null;
    if (cursor.accept('constraint')) name = cursor.identifier('a constraint name');
    if (cursor.accept('foreign')) {
      cursor.expectName('key');
      const foreignKey = parseReferences(cursor, name, columnList(cursor));
      let notValid = false;
      if (cursor.accept('not')) {
        cursor.expectName('valid');
        notValid = true;
      }
      refuseMoreActions(cursor);
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
  throw new UnsupportedSqlError(`ALTER TABLE … ${action.text.toUpperCase()}`, action.at);
}

/** One action per ALTER TABLE in the subset: `ALTER TABLE t a1, a2` is refused. */
function refuseMoreActions(cursor: TokenCursor): void {
  const token = cursor.peek();
  if (token.kind === 'punctuation' && token.text === ',')
    throw new UnsupportedSqlError('several actions in one ALTER TABLE', token.at);
}
