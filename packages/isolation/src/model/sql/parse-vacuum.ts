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
 * not gathered. FULL and the other options are refused by name.
 */
import { UnsupportedSqlError } from './parse-sql.ts';
import type { Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token } from './sql-tokens.ts';

export function parseVacuum(tokens: readonly Token[], text: string): Statement {
  let at = 1; // after VACUUM
  const peek = (): Token => tokens[at] ?? { kind: 'end', text: '', at: text.length };
  const isName = (word: string) => peek().kind === 'name' && peek().text === word;
  const isPunctuation = (mark: string) => peek().kind === 'punctuation' && peek().text === mark;
  const refuse = (option: string, token: Token): never => {
    throw new UnsupportedSqlError(`VACUUM ${option.toUpperCase()}`, token.at);
  };
  let verbose = false;
  const options = { freeze: false, analyze: false };
  if (isPunctuation('(')) {
    at++;
    for (;;) {
      const option = peek();
      if (option.kind !== 'name') throw new SqlSyntaxError('expected a VACUUM option', option.at);
      const name = option.text === 'analyse' ? 'analyze' : option.text;
      if (name !== 'verbose' && name !== 'freeze' && name !== 'analyze') refuse(option.text, option);
      at++;
      let enabled = true;
      const value = peek();
      if (value.kind === 'name' && ['true', 'on', 'false', 'off'].includes(value.text)) {
        enabled = value.text === 'true' || value.text === 'on';
        at++;
      } else if (value.kind === 'number') {
        enabled = value.text !== '0';
        at++;
      }
      if (name === 'verbose') verbose = enabled;
      else options[name as 'freeze' | 'analyze'] = enabled;
      if (isPunctuation(',')) {
        at++;
        continue;
      }
      if (!isPunctuation(')')) throw new SqlSyntaxError("expected ',' or ')' in VACUUM's options", peek().at);
      at++;
      break;
    }
  } else {
    while (
      peek().kind === 'name' &&
      ['full', 'freeze', 'verbose', 'analyze', 'analyse'].includes(peek().text)
    ) {
      if (isName('full')) refuse('full', peek());
      if (isName('verbose')) verbose = true;
      else if (isName('freeze')) options.freeze = true;
      else options.analyze = true;
      at++;
    }
  }
  const tables: string[] = [];
  while (peek().kind !== 'end') {
    const name = peek();
    if (name.kind !== 'name' && name.kind !== 'quoted-name')
      throw new SqlSyntaxError('expected a table name', name.at);
    at++;
    if (isPunctuation('(')) throw new UnsupportedSqlError('a column list in VACUUM', peek().at);
    if (isPunctuation('.')) throw new UnsupportedSqlError('a schema-qualified name', peek().at);
    tables.push(name.text);
    if (peek().kind === 'end') break;
    if (!isPunctuation(',')) throw new SqlSyntaxError("expected ',' between VACUUM's tables", peek().at);
    at++;
  }
  return {
    kind: 'vacuum',
    tables,
    verbose,
    ...(options.freeze ? { freeze: true } : {}),
    ...(options.analyze ? { analyze: true } : {}),
    text,
  };
}

/** `ANALYZE [VERBOSE] [t, …]` (gram.y's AnalyzeStmt): counts the tables, as VACUUM does. */
export function parseAnalyze(tokens: readonly Token[], text: string): Statement {
  let at = 1;
  const peek = (): Token => tokens[at] ?? { kind: 'end', text: '', at: text.length };
  if (peek().kind === 'name' && peek().text === 'verbose') at++;
  if (peek().kind === 'punctuation' && peek().text === '(')
    throw new UnsupportedSqlError('ANALYZE options in parentheses', peek().at);
  const tables: string[] = [];
  while (peek().kind !== 'end') {
    const name = peek();
    if (name.kind !== 'name' && name.kind !== 'quoted-name')
      throw new SqlSyntaxError('expected a table name', name.at);
    at++;
    if (peek().kind === 'punctuation' && peek().text === '(')
      throw new UnsupportedSqlError('a column list in ANALYZE', peek().at);
    if (peek().kind === 'punctuation' && peek().text === '.')
      throw new UnsupportedSqlError('a schema-qualified name', peek().at);
    tables.push(name.text);
    if (peek().kind === 'end') break;
    if (peek().kind !== 'punctuation' || peek().text !== ',')
      throw new SqlSyntaxError("expected ',' between ANALYZE's tables", peek().at);
    at++;
  }
  return { kind: 'analyze', tables, text };
}
