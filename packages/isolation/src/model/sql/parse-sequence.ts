/**
 * Parsing the sequence statements (gram.y's CreateSeqStmt, AlterSeqStmt, DropStmt):
 *
 *   create sequence [if not exists] s [increment [by] n] [minvalue n] [maxvalue n] [start [with] n]
 *   alter sequence s [increment [by] n] [minvalue n] [maxvalue n] [start [with] n] [restart [[with] n]]
 *   drop sequence [if exists] s, …
 *
 * What they do, and why nextval() is not transactional but ALTER SEQUENCE is, is sequences.ts.
 */
import type { SequenceOptions } from '../sequences.ts';
import { names } from './parse-roles.ts';
import type { Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

export function parseSequenceStatement(tokens: readonly Token[], text: string): Statement | null {
  const reader = new TokenCursor(tokens, text);
  const verb = reader.peek().text;
  if (!['create', 'alter', 'drop'].includes(verb) || !reader.isName('sequence', 1)) return null;
  reader.next();
  reader.next();
  if (verb === 'drop') {
    const ifExists = reader.accept('if');
    if (ifExists) reader.expectName('exists');
    const sequences = names(reader, 'a sequence name');
    reader.accept('restrict');
    reader.expectEnd();
    return { kind: 'drop-sequence', sequences, ifExists, text };
  }
  if (verb === 'create' && reader.accept('if')) {
    reader.expectName('not');
    reader.expectName('exists');
    throw new UnsupportedSqlError('CREATE SEQUENCE IF NOT EXISTS', reader.peek().at);
  }
  const sequence = reader.identifier('a sequence name');
  const options: { -readonly [key in keyof SequenceOptions]: SequenceOptions[key] } = {};
  const number = (): number => {
    const negative = reader.peek().kind === 'operator' && reader.peek().text === '-';
    if (negative) reader.next();
    const token = reader.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text))
      throw new SqlSyntaxError(`expected a whole number, found '${token.text}'`, token.at);
    return negative ? -Number(token.text) : Number(token.text);
  };
  while (reader.peek().kind !== 'end') {
    const option = reader.next();
    if (option.text === 'increment') {
      reader.accept('by');
      options.increment = number();
    } else if (option.text === 'minvalue') options.minValue = number();
    else if (option.text === 'maxvalue') options.maxValue = number();
    else if (option.text === 'start') {
      reader.accept('with');
      options.start = number();
    } else if (option.text === 'restart' && verb === 'alter') {
      reader.accept('with');
      options.restart = reader.peek().kind === 'number' ? number() : null;
    } else
      throw new UnsupportedSqlError(
        `${verb.toUpperCase()} SEQUENCE … ${option.text.toUpperCase()}`,
        option.at,
      );
  }
  return verb === 'create'
    ? { kind: 'create-sequence', sequence, options, text }
    : { kind: 'alter-sequence', sequence, options, text };
}
