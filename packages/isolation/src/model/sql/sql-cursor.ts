/**
 * The recursive-descent parser's reading methods (parse-sql.ts), handed to the statements
 * that are parsed in files of their own (parse-with.ts, parse-merge.ts): they read tokens and
 * clauses exactly as the rest of the grammar does, without a second copy of it.
 */
import type { Expression, Statement, TableReference } from './sql-ast.ts';
import type { Token } from './sql-tokens.ts';

export interface SqlCursor {
  peek(): Token;
  next(): Token;
  isName(word: string): boolean;
  isPunctuation(text: string): boolean;
  isEnd(): boolean;
  accept(word: string): boolean;
  acceptPunctuation(text: string): boolean;
  expectName(word: string): void;
  expectPunctuation(text: string): void;
  identifier(what: string): string;
  expression(): Expression;
  /** `col = e, …` after SET. */
  assignments(): { column: string; value: Expression }[];
  /** `t [[as] alias]`. */
  tableReference(): TableReference;
  /** Any statement of the subset, up to where it ends (a `)` or the end). */
  statement(): Statement;
}
