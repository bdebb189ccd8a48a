/**
 * Parsing trigger functions and triggers (gram.y's CreateFunctionStmt, CreateTrigStmt,
 * RemoveFuncStmt and DropStmt for triggers), the subset the model can run honestly:
 *
 *   create function name () returns trigger language plpgsql as 'begin return null | new | old; end'
 *   drop function [if exists] name [()], … [restrict]
 *   create trigger name before | after event [or event …] on t
 *          [for [each] row | statement] execute function | procedure name ()
 *   drop trigger [if exists] name on t [restrict]
 *   alter table t enable | disable trigger name          (an action of ALTER TABLE: parse-alter-table.ts)
 *
 * where an event is insert, update [of col, …], delete or truncate. The function's body is
 * PL/pgSQL, which the model does not interpret: it reads the one body that does nothing but
 * return (`BEGIN RETURN NULL; END`, or NEW, or OLD), and refuses every other body by name.
 * PostgreSQL ignores what an AFTER trigger or a statement-level trigger returns
 * (src/backend/commands/trigger.c), so such a trigger changes no row and the model runs it
 * honestly by doing nothing; a BEFORE … FOR EACH ROW trigger's value decides whether and how
 * the row is written, and the model refuses it rather than pretend. What a trigger does
 * change is locking: CREATE TRIGGER takes SHARE ROW EXCLUSIVE on its table
 * (executor/execute-trigger-ddl.ts).
 */
import type { Statement, TriggerEvent, TriggerReturn } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { type SqlParser, TokenCursor } from './token-cursor.ts';

/** The statement, or null when it is none of these (for the general parser to read). */
export function parseTriggerStatement(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, text);
  if (reader.isName('create')) {
    const replace = reader.isName('or', 1) && reader.isName('replace', 2);
    const what = reader.peek(replace ? 3 : 1);
    if (what.kind !== 'name' || !['function', 'trigger', 'constraint'].includes(what.text)) return null;
    if (replace) throw new UnsupportedSqlError(`CREATE OR REPLACE ${what.text.toUpperCase()}`, what.at);
    if (what.text === 'constraint') throw new UnsupportedSqlError('constraint triggers', what.at);
    reader.next();
    reader.next();
    const statement = what.text === 'function' ? createFunction(reader) : createTrigger(reader);
    reader.expectEnd();
    return { ...statement, text };
  }
  if (reader.isName('drop') && (reader.isName('function', 1) || reader.isName('trigger', 1))) {
    reader.next();
    const what = reader.next().text;
    let ifExists = false;
    if (reader.accept('if')) {
      reader.expectName('exists');
      ifExists = true;
    }
    let statement: Statement;
    if (what === 'function') {
      const names: string[] = [];
      do {
        names.push(reader.identifier('a function name'));
        noArguments(reader, 'DROP FUNCTION with argument types');
      } while (reader.acceptPunctuation(','));
      statement = { kind: 'drop-function', names, ifExists, text };
    } else {
      const name = reader.identifier('a trigger name');
      reader.expectName('on');
      statement = { kind: 'drop-trigger', name, table: reader.identifier('a table name'), ifExists, text };
    }
    if (reader.isName('cascade')) throw new UnsupportedSqlError('DROP … CASCADE', reader.peek().at);
    reader.accept('restrict');
    reader.expectEnd();
    return statement;
  }
  return null;
}

/** `()`, or nothing where the grammar allows it (DROP FUNCTION f); arguments are refused. */
function noArguments(reader: TokenCursor, construct: string): void {
  if (!reader.acceptPunctuation('(')) return;
  if (!reader.acceptPunctuation(')')) throw new UnsupportedSqlError(construct, reader.peek().at);
}

/** The PL/pgSQL bodies the model runs: nothing but a RETURN of NULL, NEW or OLD. */
const returnOnly = /^\s*begin\s+return\s+(null|new|old)\s*;\s*end\s*;?\s*$/i;

/** After `CREATE FUNCTION`: `name () RETURNS trigger`, then LANGUAGE and AS in either order. */
function createFunction(reader: TokenCursor): Statement & { kind: 'create-function' } {
  const name = reader.identifier('a function name');
  reader.expectPunctuation('(');
  if (!reader.acceptPunctuation(')'))
    throw new UnsupportedSqlError('CREATE FUNCTION with arguments', reader.peek().at);
  reader.expectName('returns');
  const type = reader.peek();
  if (!reader.accept('trigger'))
    throw new UnsupportedSqlError(
      `CREATE FUNCTION returning ${type.text} (the model has trigger functions only)`,
      type.at,
    );
  let language: string | null = null;
  let returns: TriggerReturn | null = null;
  while (reader.peek().kind !== 'end') {
    const option = reader.next();
    if (option.text === 'language' && option.kind === 'name') {
      language = reader.identifier('a language name');
      if (language !== 'plpgsql')
        throw new UnsupportedSqlError(`functions in LANGUAGE ${language}`, option.at);
    } else if (option.text === 'as' && option.kind === 'name') {
      const body = reader.next();
      if (body.kind !== 'string') throw new UnsupportedSqlError('a function body not in quotes', body.at);
      const match = returnOnly.exec(body.text);
      if (match === null)
        throw new UnsupportedSqlError(
          'a PL/pgSQL body other than BEGIN RETURN NULL | NEW | OLD; END (the model does not interpret PL/pgSQL)',
          body.at,
        );
      returns = (match[1] as string).toLowerCase() as TriggerReturn;
    } else {
      throw new UnsupportedSqlError(`CREATE FUNCTION … ${option.text.toUpperCase()}`, option.at);
    }
  }
  if (language === null) throw new UnsupportedSqlError('CREATE FUNCTION without LANGUAGE', 0);
  if (returns === null) throw new UnsupportedSqlError('CREATE FUNCTION without a body (AS)', 0);
  return { kind: 'create-function', name, returns, text: '' };
}

/** After `CREATE TRIGGER`. */
function createTrigger(reader: TokenCursor): Statement & { kind: 'create-trigger' } {
  const name = reader.identifier('a trigger name');
  const when = reader.peek();
  if (reader.isName('instead')) throw new UnsupportedSqlError('INSTEAD OF triggers', when.at);
  if (!reader.accept('before') && !reader.accept('after')) reader.fail('BEFORE or AFTER');
  const timing = when.text as 'before' | 'after';
  const events: TriggerEvent[] = [];
  do {
    const event = reader.next();
    if (event.kind !== 'name' || !['insert', 'update', 'delete', 'truncate'].includes(event.text))
      throw new UnsupportedSqlError(`a trigger on ${event.text.toUpperCase()}`, event.at);
    // UPDATE OF col, …: which columns fire it. The model's triggers change nothing, so the
    // columns are read and not kept.
    if (event.text === 'update' && reader.accept('of')) {
      do reader.identifier('a column name');
      while (reader.acceptPunctuation(','));
    }
    events.push(event.text as TriggerEvent);
  } while (reader.accept('or'));
  reader.expectName('on');
  const table = reader.identifier('a table name');
  let forEach: 'row' | 'statement' = 'statement';
  if (reader.accept('for')) {
    reader.accept('each');
    if (reader.accept('row')) forEach = 'row';
    else reader.expectName('statement');
  }
  const clause = reader.peek();
  if (reader.isName('when')) throw new UnsupportedSqlError('triggers with WHEN', clause.at);
  if (reader.isName('referencing'))
    throw new UnsupportedSqlError('transition tables (REFERENCING)', clause.at);
  if (timing === 'before' && forEach === 'row')
    throw new UnsupportedSqlError(
      'BEFORE … FOR EACH ROW triggers (their value decides the row; the model runs AFTER and statement triggers)',
      clause.at,
    );
  if (!reader.accept('execute'))
    throw new UnsupportedSqlError(`CREATE TRIGGER … ${clause.text.toUpperCase()}`, clause.at);
  if (!reader.accept('function')) reader.expectName('procedure');
  const fn = reader.identifier('a function name');
  noArguments(reader, 'trigger function arguments');
  return { kind: 'create-trigger', name, table, timing, events, forEach, function: fn, text: '' };
}

/** `ENABLE | DISABLE TRIGGER name`, an action of ALTER TABLE t, the cursor at ENABLE or DISABLE. */
export function parseTriggerSwitch(cursor: SqlParser, table: string): Statement {
  const enabled = cursor.next().text === 'enable';
  const what = cursor.peek();
  if (cursor.isName('replica') || cursor.isName('always'))
    throw new UnsupportedSqlError(`ALTER TABLE … ENABLE ${what.text.toUpperCase()} TRIGGER`, what.at);
  if (!cursor.accept('trigger'))
    throw new UnsupportedSqlError(
      `ALTER TABLE … ${enabled ? 'ENABLE' : 'DISABLE'} ${what.text.toUpperCase()}`,
      what.at,
    );
  const which = cursor.peek();
  if (cursor.isName('all') || cursor.isName('user'))
    throw new UnsupportedSqlError(
      `ALTER TABLE … ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${which.text.toUpperCase()}`,
      which.at,
    );
  const name = cursor.identifier('a trigger name');
  return { kind: 'switch-trigger', table, name, enabled, text: '' };
}
