/**
 * Parsing the statements that change a table's access paths and storage, and the prepared
 * statements that run a query later (gram.y's IndexStmt, DropStmt, AlterTableStmt,
 * PrepareStmt, ExecuteStmt):
 *
 *   create [unique] index [concurrently] [[if not exists] name] on t [using btree | hash]
 *          (col, …) [include (col, …)]
 *   drop index [concurrently] [if exists] name
 *   alter table t add primary key (col, …)       (actions of ALTER; its head is parse-alter-table.ts's)
 *   alter table t set (parameter = value, …)      alter index i set (…)
 *   prepare name as statement                     execute name
 *
 * and the storage parameters of `CREATE TABLE … WITH (…)` and `ALTER … SET (…)`: fillfactor,
 * which decides how full INSERT packs a heap page and so where an UPDATE finds room for a
 * heap-only tuple, and the parameters that change nothing the model shows (parallel_workers:
 * a parallel plan returns the same rows and takes the same SIREAD locks; autovacuum_enabled:
 * the model has no autovacuum). Expression indexes, partial indexes (`WHERE`) and index
 * methods other than B-tree and hash are refused by name.
 */
import type { Expression, IndexDefinition, Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/**
 * `CREATE [UNIQUE] INDEX …`, from the token after CREATE. A key that is an expression
 * (`lower(key)`, `(a + b)`) and a partial index's WHERE are parsed by `parse`, as a select
 * list's item and a query's WHERE clause over the table.
 */
export function parseCreateIndex(
  cursor: TokenCursor,
  text: string,
  parse: (text: string) => Statement,
): Statement & { kind: 'create-index' } {
  const unique = cursor.accept('unique');
  cursor.expectName('index');
  // CONCURRENTLY builds in three transactions, each waiting for older snapshots to go
  // (DefineIndex's WaitForLockers and WaitForOlderSnapshots): not in the model.
  if (cursor.isName('concurrently'))
    throw new UnsupportedSqlError('CREATE INDEX CONCURRENTLY', cursor.peek().at);
  const concurrently = false;
  if (cursor.isName('if')) throw new UnsupportedSqlError('CREATE INDEX IF NOT EXISTS', cursor.peek().at);
  const name = cursor.isName('on') ? null : cursor.identifier('an index name');
  cursor.expectName('on');
  if (cursor.isName('only')) throw new UnsupportedSqlError('CREATE INDEX ON ONLY', cursor.peek().at);
  const table = cursor.identifier('a table name');
  let method: IndexDefinition['method'] = 'btree';
  if (cursor.accept('using')) {
    const named = cursor.peek();
    const methodName = cursor.identifier('an index method');
    if (methodName !== 'btree' && methodName !== 'hash')
      throw new UnsupportedSqlError(`${methodName} indexes (the model has B-tree and hash)`, named.at);
    method = methodName;
  }
  cursor.expectPunctuation('(');
  const columns: string[] = [];
  const expressions: (Expression | null)[] = [];
  do {
    const start = cursor.peek();
    const isExpression =
      (start.kind === 'punctuation' && start.text === '(') ||
      (cursor.peek(1).kind === 'punctuation' && cursor.peek(1).text === '(');
    if (isExpression) {
      // The expression's tokens up to the ',' or ')' that closes it.
      let depth = 0;
      const from = start.at;
      while (cursor.peek().kind !== 'end') {
        const token = cursor.peek();
        if (token.kind === 'punctuation' && token.text === '(') depth++;
        if (token.kind === 'punctuation' && token.text === ')') {
          if (depth === 0) break;
          depth--;
        }
        if (token.kind === 'punctuation' && token.text === ',' && depth === 0) break;
        cursor.position++;
      }
      const source = text.slice(from, cursor.peek().at);
      const query = parse(`select ${source} from ${table}`);
      const item = query.kind === 'select' ? query.items[0] : undefined;
      if (item?.kind !== 'expression') throw new SqlSyntaxError('expected an index expression', from);
      expressions.push(item.expression);
      columns.push(
        item.expression.kind === 'column' ? item.expression.name : expressionName(item.expression),
      );
      continue;
    }
    expressions.push(null);
    columns.push(cursor.identifier('a column name'));
    const after = cursor.peek();
    if (after.kind === 'name' && ['asc', 'desc', 'nulls', 'collate'].includes(after.text))
      throw new UnsupportedSqlError(`${after.text.toUpperCase()} in an index's columns`, after.at);
    if (after.kind === 'name' && after.text !== 'include')
      throw new UnsupportedSqlError('operator classes', after.at);
  } while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  const include = cursor.accept('include') ? cursor.nameList('a column name') : [];
  if (method === 'hash' && (unique || columns.length > 1 || include.length > 0))
    throw new SqlSyntaxError(
      unique
        ? 'access method "hash" does not support unique indexes'
        : columns.length > 1
          ? 'access method "hash" does not support multicolumn indexes'
          : 'access method "hash" does not support included columns',
      cursor.peek().at,
    );
  if (cursor.isName('with')) throw new UnsupportedSqlError("an index's storage parameters", cursor.peek().at);
  let where: Expression | undefined;
  if (cursor.accept('where')) {
    const query = parse(`select * from ${table} where ${text.slice(cursor.peek().at)}`);
    if (query.kind !== 'select' || query.where === null)
      throw new SqlSyntaxError('expected a condition', cursor.peek().at);
    where = query.where;
    cursor.position = Number.MAX_SAFE_INTEGER;
  }
  if (where === undefined) cursor.expectEnd();
  if (method === 'hash' && expressions.some((expression) => expression !== null))
    throw new UnsupportedSqlError('hash indexes on an expression', 0);
  return {
    kind: 'create-index',
    index: {
      name,
      table,
      unique,
      method,
      columns,
      ...(expressions.some((expression) => expression !== null) ? { expressions } : {}),
      include,
      ...(where === undefined ? {} : { where }),
    },
    concurrently,
    text: '',
  };
}

/** FigureColname for an index expression: a function's name, else `expr`. */
function expressionName(expression: Expression): string {
  const named = expression as { function?: unknown };
  return typeof named.function === 'string' ? named.function : 'expr';
}

/** `DROP INDEX [CONCURRENTLY] [IF EXISTS] name`, from the token after DROP. */
export function parseDropIndex(cursor: TokenCursor): Statement & { kind: 'drop-index' } {
  cursor.expectName('index');
  const concurrently = cursor.accept('concurrently');
  let ifExists = false;
  if (cursor.accept('if')) {
    cursor.expectName('exists');
    ifExists = true;
  }
  const index = cursor.identifier('an index name');
  if (cursor.acceptPunctuation(','))
    throw new UnsupportedSqlError('dropping several indexes at once', cursor.peek().at);
  if (cursor.isName('cascade')) throw new UnsupportedSqlError('DROP … CASCADE', cursor.peek().at);
  cursor.accept('restrict');
  cursor.expectEnd();
  return { kind: 'drop-index', index, ifExists, concurrently, text: '' };
}

/** `ADD PRIMARY KEY (col, …)`, an action of ALTER TABLE t (parse-alter-table.ts), the cursor at ADD. */
export function parseAddPrimaryKey(cursor: TokenCursor, table: string): Statement & { kind: 'alter-table' } {
  cursor.expectName('add');
  cursor.expectName('primary');
  cursor.expectName('key');
  const columns = cursor.nameList('a column name');
  if (cursor.isName('include') || cursor.isName('using') || cursor.isName('with'))
    throw new UnsupportedSqlError(`ADD PRIMARY KEY … ${cursor.peek().text.toUpperCase()}`, cursor.peek().at);
  return { kind: 'alter-table', table, action: { kind: 'add-primary-key', columns }, text: '' };
}

/**
 * `SET (parameter = value, …)`, an action of ALTER TABLE t or ALTER INDEX i
 * (parse-alter-table.ts), the cursor at SET. The other SET actions are refused by name.
 */
export function parseSetOptions(
  cursor: TokenCursor,
  table: string,
  index: boolean,
): Statement & { kind: 'alter-table' } {
  cursor.expectName('set');
  const start = cursor.peek();
  if (start.kind !== 'punctuation' || start.text !== '(')
    throw new UnsupportedSqlError(`ALTER … SET ${start.text.toUpperCase()}`, start.at);
  const { fillfactor } = parseStorageParameters(cursor);
  return { kind: 'alter-table', table, action: { kind: 'set-options', index, fillfactor }, text: '' };
}

/** Storage parameters that change nothing the model shows, and why (see the module's essay). */
const ignoredParameters = new Set(['parallel_workers', 'autovacuum_enabled']);

/**
 * `(name = value, …)` after `WITH` or `SET`: fillfactor (10 to 100, reloptions.c's bounds) is
 * returned, the parameters in `ignoredParameters` are taken and ignored, others refused.
 */
export function parseStorageParameters(cursor: TokenCursor): { fillfactor: number | null } {
  cursor.expectPunctuation('(');
  let fillfactor: number | null = null;
  do {
    const start = cursor.peek();
    const name = cursor.identifier('a storage parameter');
    const equals = cursor.peek();
    if (equals.kind === 'operator' && equals.text === '=') cursor.position++;
    const taken = cursor.peek();
    if (taken.kind === 'end' || taken.kind === 'punctuation') cursor.fail('a value');
    cursor.position++;
    if (name === 'fillfactor') {
      if (taken.kind !== 'number' || !/^\d+$/.test(taken.text))
        throw new SqlSyntaxError(`invalid value for integer option "fillfactor": ${taken.text}`, taken.at);
      fillfactor = Number(taken.text);
      if (fillfactor < 10 || fillfactor > 100)
        throw new SqlSyntaxError(`value ${taken.text} out of bounds for option "fillfactor"`, taken.at);
    } else if (!ignoredParameters.has(name)) {
      throw new UnsupportedSqlError(`the storage parameter ${name}`, start.at);
    }
  } while (cursor.acceptPunctuation(','));
  cursor.expectPunctuation(')');
  return { fillfactor };
}

/** `PREPARE name AS statement`: the statement is parsed now, as PostgreSQL analyses it at PREPARE. */
export function parsePrepare(
  cursor: TokenCursor,
  text: string,
  parse: (text: string) => Statement,
): Statement & { kind: 'prepare' } {
  cursor.expectName('prepare');
  const name = cursor.identifier('a statement name');
  if (cursor.peek().kind === 'punctuation' && cursor.peek().text === '(')
    throw new UnsupportedSqlError('PREPARE with parameter types', cursor.peek().at);
  cursor.expectName('as');
  const body = text.slice(cursor.peek().at);
  if (/\$\d/.test(body)) throw new UnsupportedSqlError('parameters ($1)', cursor.peek().at);
  return { kind: 'prepare', name, statement: parse(body), text: '' };
}

/** `EXECUTE name` (without parameters). */
export function parseExecute(cursor: TokenCursor): Statement & { kind: 'execute' } {
  cursor.expectName('execute');
  const name = cursor.identifier('a statement name');
  if (cursor.peek().kind === 'punctuation' && cursor.peek().text === '(')
    throw new UnsupportedSqlError('EXECUTE with parameters', cursor.peek().at);
  cursor.expectEnd();
  return { kind: 'execute', name, text: '' };
}

/**
 * The statements of this file, recognised by their first words, or null for any other
 * statement (parse-sql.ts parses those). `parse` parses a prepared statement's body.
 */
export function parseIndexDdl(
  tokens: readonly Token[],
  text: string,
  parse: (text: string) => Statement,
): Statement | null {
  const [first, second] = [tokens[0]?.text, tokens[1]?.text];
  const cursor = new TokenCursor(tokens, text, 1);
  let statement: Statement;
  if (first === 'create' && (second === 'index' || second === 'unique'))
    statement = parseCreateIndex(cursor, text, parse);
  else if (first === 'drop' && second === 'index') statement = parseDropIndex(cursor);
  else if (first === 'prepare') statement = parsePrepare(new TokenCursor(tokens, text), text, parse);
  else if (first === 'execute') statement = parseExecute(new TokenCursor(tokens, text));
  else return null;
  return { ...statement, text };
}
