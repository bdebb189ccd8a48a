/**
 * Parsing VACUUM, the model's one maintenance statement (gram.y's VacuumStmt):
 *
 *   vacuum [verbose] [t, …]
 *   vacuum (verbose [true | false | on | off], …) [t, …]
 *
 * FULL, FREEZE, ANALYZE and the other options are refused by name: the model prunes and
 * vacuums (mvcc/vacuum.ts) but does not rewrite tables, freeze or gather statistics.
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
  if (isPunctuation('(')) {
    at++;
    for (;;) {
      const option = peek();
      if (option.kind !== 'name') throw new SqlSyntaxError('expected a VACUUM option', option.at);
      if (option.text !== 'verbose') refuse(option.text, option);
      at++;
      verbose = true;
      const value = peek();
      if (value.kind === 'name' && ['true', 'on', 'false', 'off'].includes(value.text)) {
        verbose = value.text === 'true' || value.text === 'on';
        at++;
      } else if (value.kind === 'number') {
        verbose = value.text !== '0';
        at++;
      }
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
      if (!isName('verbose')) refuse(peek().text, peek());
      verbose = true;
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
  return { kind: 'vacuum', tables, verbose, text };
}
