/**
 * Reading a statement's tokens one at a time, for the statements whose grammar is a list of
 * keywords and names (parse-roles.ts, parse-table-commands.ts): no expressions, so no need for
 * the recursive-descent parser of parse-sql.ts.
 */
import { SqlSyntaxError, type Token } from './sql-tokens.ts';

export class TokenReader {
  private at = 0;
  private readonly tokens: readonly Token[];
  private readonly length: number;

  constructor(tokens: readonly Token[], text: string) {
    this.tokens = tokens;
    this.length = text.length;
  }

  peek(offset = 0): Token {
    return this.tokens[this.at + offset] ?? { kind: 'end', text: '', at: this.length };
  }

  next(): Token {
    const token = this.peek();
    this.at++;
    return token;
  }

  isName(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'name' && token.text === word;
  }

  accept(word: string): boolean {
    if (!this.isName(word)) return false;
    this.at++;
    return true;
  }

  expect(word: string): void {
    if (!this.accept(word))
      throw new SqlSyntaxError(`expected ${word.toUpperCase()}, found '${this.peek().text}'`, this.peek().at);
  }

  acceptPunctuation(mark: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punctuation' || token.text !== mark) return false;
    this.at++;
    return true;
  }

  isPunctuation(mark: string): boolean {
    const token = this.peek();
    return token.kind === 'punctuation' && token.text === mark;
  }

  /** A name (a table, a role); `what` says which in the error. */
  name(what: string): string {
    const token = this.peek();
    if (token.kind !== 'name' && token.kind !== 'quoted-name')
      throw new SqlSyntaxError(`expected ${what}, found '${token.text || 'the end'}'`, token.at);
    this.at++;
    return token.text;
  }

  /** Names separated by commas. */
  names(what: string): string[] {
    const names = [this.name(what)];
    while (this.acceptPunctuation(',')) names.push(this.name(what));
    return names;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new SqlSyntaxError(`unexpected '${token.text}'`, token.at);
  }
}
