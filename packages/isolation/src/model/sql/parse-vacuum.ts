/**
 * Parsing VACUUM, the model's one maintenance statement (gram.y's VacuumStmt):
 *
 *   vacuum [verbose] [t, …]
 *   vacuum (verbose [true | false | on | off], …) [t, …]
 *
 *   vacuum [freeze] [verbose] [analyze] [t, …]    vacuum (freeze, analyze, …) [t, …]
 *   analyze [verbose] [t, …]
 *
 * FREEZE is taken: freezing replaces the xmin of versions older than every snapshot by "frozen",
 * which no transaction can tell from committed, so nothing the model shows changes (an
 * aggressive VACUUM's wait for a cleanup lock on pages other backends have pinned is not
 * modelled: the model has no buffer pins). ANALYZE counts the table's pages and rows, as VACUUM
 * does (vac_update_relstats), which is what the model's planner reads; column statistics are
 * not gathered. SKIP_LOCKED skips a table whose lock is not free at once instead of waiting.
 * FULL takes ACCESS EXCLUSIVE and vacuums; the model does not write the table anew, compacted,
 * as PostgreSQL's FULL does (cluster.c), so only its lock and what it removes are PostgreSQL's.
 * The other options are refused by name.
 *
 * Both statements take their options in parentheses as PostgreSQL's `utility_option_list`
 * does (gram.y): a name and an optional value, a Boolean word or a number (0 is false).
 */
import type { Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/** The options VACUUM takes (see the module's essay). */
const vacuumOptions = ['verbose', 'freeze', 'analyze', 'skip_locked', 'full'] as const;
/** The options ANALYZE shares with VACUUM. */
const analyzeOptions = ['verbose', 'skip_locked'] as const;

export function parseVacuum(tokens: readonly Token[], text: string): Statement {
  const cursor = new TokenCursor(tokens, text, 1); // after VACUUM
  const options = new Map<string, boolean>();
  if (cursor.isPunctuation('(')) {
    for (const [name, enabled] of parseOptions(cursor, 'VACUUM', vacuumOptions)) options.set(name, enabled);
  } else {
    // The older form: the words FULL, FREEZE, VERBOSE, ANALYZE before the tables.
    for (;;) {
      const word = cursor.peek();
      if (word.kind !== 'name' || !['full', 'freeze', 'verbose', 'analyze', 'analyse'].includes(word.text))
        break;
      cursor.next();
      options.set(word.text === 'analyse' ? 'analyze' : word.text, true);
    }
  }
  const tables = tableList(cursor, 'VACUUM');
  return {
    kind: 'vacuum',
    tables,
    verbose: options.get('verbose') ?? false,
    ...(options.get('freeze') ? { freeze: true } : {}),
    ...(options.get('analyze') ? { analyze: true } : {}),
    ...(options.get('skip_locked') ? { skipLocked: true } : {}),
    ...(options.get('full') ? { full: true } : {}),
    text,
  };
}

/** `ANALYZE [VERBOSE] [(option, …)] [t, …]` (gram.y's AnalyzeStmt): counts the tables, as VACUUM does. */
export function parseAnalyze(tokens: readonly Token[], text: string): Statement {
  const cursor = new TokenCursor(tokens, text, 1); // after ANALYZE
  cursor.accept('verbose');
  const options = cursor.isPunctuation('(') ? parseOptions(cursor, 'ANALYZE', analyzeOptions) : new Map();
  const tables = tableList(cursor, 'ANALYZE');
  return { kind: 'analyze', tables, ...(options.get('skip_locked') ? { skipLocked: true } : {}), text };
}

/**
 * `(option [value], …)`: each option of `known` with whether it is on; any other is refused by
 * name. The cursor is at the `(`.
 */
function parseOptions(
  cursor: TokenCursor,
  command: 'VACUUM' | 'ANALYZE',
  known: readonly string[],
): Map<string, boolean> {
  const options = new Map<string, boolean>();
  cursor.expectPunctuation('(');
  do {
    const option = cursor.next();
    if (option.kind !== 'name')
      throw new SqlSyntaxError(`expected ${command === 'VACUUM' ? 'a' : 'an'} ${command} option`, option.at);
    const name = option.text === 'analyse' ? 'analyze' : option.text;
    if (!known.includes(name))
      throw new UnsupportedSqlError(`${command} ${option.text.toUpperCase()}`, option.at);
    let enabled = true;
    const value = cursor.peek();
    if (value.kind === 'name' && ['true', 'on', 'false', 'off'].includes(value.text)) {
      enabled = value.text === 'true' || value.text === 'on';
      cursor.next();
    } else if (value.kind === 'number') {
      enabled = value.text !== '0';
      cursor.next();
    }
    options.set(name, enabled);
  } while (cursor.acceptPunctuation(','));
  if (!cursor.acceptPunctuation(')'))
    throw new SqlSyntaxError(`expected ',' or ')' in ${command}'s options`, cursor.peek().at);
  return options;
}

/** `t, …` to the end of the statement: the tables, in `public` and without column lists. */
function tableList(cursor: TokenCursor, command: 'VACUUM' | 'ANALYZE'): string[] {
  const tables: string[] = [];
  while (!cursor.isEnd()) {
    const name = cursor.next();
    if (name.kind !== 'name' && name.kind !== 'quoted-name')
      throw new SqlSyntaxError('expected a table name', name.at);
    if (cursor.isPunctuation('('))
      throw new UnsupportedSqlError(`a column list in ${command}`, cursor.peek().at);
    if (cursor.isPunctuation('.')) throw new UnsupportedSqlError('a schema-qualified name', cursor.peek().at);
    tables.push(name.text);
    if (cursor.isEnd()) break;
    if (!cursor.acceptPunctuation(','))
      throw new SqlSyntaxError(`expected ',' between ${command}'s tables`, cursor.peek().at);
  }
  return tables;
}
