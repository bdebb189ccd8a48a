/**
 * Parsing ALTER TABLE and ALTER INDEX (gram.y's AlterTableStmt): the head of the statement,
 * read once here — which relation, ONLY, IF EXISTS — and then its action, parsed in the file of
 * the idea the action changes:
 *
 *   alter table [only] t add [constraint c] foreign key (…) references … [not valid]
 *   alter table [only] t validate constraint c                            (parse-foreign-key.ts)
 *   alter table t add primary key (col, …)
 *   alter table t set (parameter = value, …)      alter index i set (…)  (parse-index-ddl.ts)
 *   alter table t attach partition p for values … | detach partition p
 *   alter table t [no] inherit p
 *   alter table t alter [column] c [set data] type type                  (parse-partition.ts)
 *   alter table [s.]t owner to role                                       (parse-roles.ts)
 *   alter table t add [column] name type                                  (parse-add-column.ts)
 *   alter table t enable | disable trigger name                           (parse-trigger.ts)
 *
 * PostgreSQL takes a list of actions in one statement (AlterTableCmd; tablecmds.c's
 * ATController runs them in passes under the strongest lock any of them needs); the model takes
 * one. Every other action, IF EXISTS, and ONLY where the model has not checked what it means
 * for the action, are refused by name.
 */
import { addsColumn, parseAddColumn } from './parse-add-column.ts';
import { parseAddConstraint, parseValidateConstraint } from './parse-foreign-key.ts';
import { parseAddPrimaryKey, parseSetOptions } from './parse-index-ddl.ts';
import { parseHierarchyAction } from './parse-partition.ts';
import { parseOwnerTo } from './parse-roles.ts';
import { parseTriggerSwitch } from './parse-trigger.ts';
import type { Statement } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import type { SqlParser } from './token-cursor.ts';

/** The actions that change a table hierarchy or a column's type (parse-partition.ts). */
const hierarchyActions = new Set(['attach', 'detach', 'inherit', 'no', 'alter']);

/** `ALTER TABLE …` or `ALTER INDEX …`, the cursor at ALTER. */
export function parseAlterTable(cursor: SqlParser): Statement {
  cursor.expectName('alter');
  const what = cursor.peek();
  const index = cursor.accept('index');
  if (!index && !cursor.accept('table'))
    throw new UnsupportedSqlError(`ALTER ${what.text.toUpperCase()}`, what.at);
  const relation = index ? 'INDEX' : 'TABLE';
  if (cursor.isName('if')) throw new UnsupportedSqlError(`ALTER ${relation} IF EXISTS`, cursor.peek().at);
  const only = cursor.isName('only') ? cursor.next() : null;
  const { name, qualified } = relationName(cursor, index ? 'an index name' : 'a table name');
  const action = cursor.peek();
  // A schema-qualified name is taken by OWNER TO only; ONLY by the foreign-key actions only.
  if (qualified !== null && !(action.kind === 'name' && action.text === 'owner'))
    throw new UnsupportedSqlError('schema-qualified names', qualified.at);
  if (only !== null && !(action.kind === 'name' && (action.text === 'add' || action.text === 'validate')))
    throw new UnsupportedSqlError(`ALTER ${relation} ONLY`, only.at);
  let statement: Statement;
  if (cursor.isName('set')) statement = parseSetOptions(cursor, name, index);
  else if (index) throw new UnsupportedSqlError(`ALTER INDEX … ${action.text.toUpperCase()}`, action.at);
  else if (cursor.isName('add') && cursor.isName('primary', 1)) {
    if (only !== null) throw new UnsupportedSqlError('ALTER TABLE ONLY', only.at);
    statement = parseAddPrimaryKey(cursor, name);
  } else if (cursor.isName('add') && addsColumn(cursor)) {
    if (only !== null) throw new UnsupportedSqlError('ALTER TABLE ONLY', only.at);
    statement = parseAddColumn(cursor, name);
  } else if (cursor.isName('add')) statement = parseAddConstraint(cursor, name);
  else if (cursor.isName('validate')) statement = parseValidateConstraint(cursor, name);
  else if (action.kind === 'name' && hierarchyActions.has(action.text))
    statement = parseHierarchyAction(cursor, name);
  else if (cursor.isName('owner')) statement = parseOwnerTo(cursor, name);
  else if (cursor.isName('enable') || cursor.isName('disable')) statement = parseTriggerSwitch(cursor, name);
  else {
    const words = action.kind === 'name' ? ` ${action.text.toUpperCase()}` : '';
    throw new UnsupportedSqlError(`ALTER TABLE …${words}`, action.at);
  }
  if (cursor.isPunctuation(','))
    throw new UnsupportedSqlError('several actions in one ALTER TABLE', cursor.peek().at);
  return statement;
}

/**
 * The relation's name, `s.t` for a table in a schema of its own (as parse-sql.ts names it) and
 * `t` for `public.t`; `qualified` is the `.` when the name had a schema.
 */
function relationName(cursor: SqlParser, what: string): { name: string; qualified: Token | null } {
  const first = cursor.identifier(what);
  if (!cursor.isPunctuation('.')) return { name: first, qualified: null };
  const qualified = cursor.next();
  const inner = cursor.identifier(what);
  if (cursor.isPunctuation('.'))
    throw new UnsupportedSqlError('names with a database part', cursor.peek().at);
  return { name: first === 'public' ? inner : `${first}.${inner}`, qualified };
}
