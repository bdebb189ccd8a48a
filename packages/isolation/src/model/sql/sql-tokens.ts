/**
 * Splitting the model's SQL into tokens, as PostgreSQL's scanner does (src/backend/parser/scan.l)
 * for the few token kinds the subset needs: names, keywords, numbers, string literals,
 * operators and punctuation. Comments (`--` to the end of the line, and C-style blocks) and
 * white space separate tokens and are dropped.
 *
 * Names are folded to lower case unless double-quoted, as PostgreSQL folds them; keywords are
 * just names the parser recognises in place, so `value` may name a column.
 *
 * The two errors reading a statement can raise are here too: SqlSyntaxError for text that is
 * not SQL, UnsupportedSqlError for SQL outside the model's subset, named.
 */

export type TokenKind = 'name' | 'quoted-name' | 'number' | 'string' | 'operator' | 'punctuation' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Names lower-cased (quoted names as written), numbers and strings as their text. */
  readonly text: string;
  /** Offset in the statement, for error messages. */
  readonly at: number;
}

/** SQL outside the subset, named: `JOIN`, `a subquery`, `the function now()` … */
export class UnsupportedSqlError extends Error {
  readonly construct: string;
  readonly at: number;

  constructor(construct: string, at: number) {
    super(`the model engine does not support ${construct}`);
    this.name = 'UnsupportedSqlError';
    this.construct = construct;
    this.at = at;
  }
}

/** A token the scanner cannot read (an unterminated string, a stray character), or a statement the parser cannot. */
export class SqlSyntaxError extends Error {
  readonly at: number;

  constructor(message: string, at: number) {
    super(message);
    this.name = 'SqlSyntaxError';
    this.at = at;
  }
}

const operators = ['<>', '!=', '<=', '>=', '||', '::', '=', '<', '>', '+', '-', '*', '/', '%'];
const punctuation = ['(', ')', ',', ';', '.', '[', ']'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] ?? '';
    if (/\s/.test(char)) {
      i++;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (char === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new SqlSyntaxError('unterminated /* comment', i);
      i = end + 2;
    } else if (/[A-Za-z_]/.test(char)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j] ?? '')) j++;
      tokens.push({ kind: 'name', text: sql.slice(i, j).toLowerCase(), at: i });
      i = j;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i;
      while (j < sql.length && /[0-9]/.test(sql[j] ?? '')) j++;
      if (sql[j] === '.' || sql[j] === 'e' || sql[j] === 'E') {
        // A decimal or exponent: numeric, which the subset leaves out.
        let k = j + 1;
        while (k < sql.length && /[0-9+-]/.test(sql[k] ?? '')) k++;
        tokens.push({ kind: 'number', text: sql.slice(i, k), at: i });
        i = k;
      } else {
        tokens.push({ kind: 'number', text: sql.slice(i, j), at: i });
        i = j;
      }
    } else if (char === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new SqlSyntaxError('unterminated string literal', i);
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j];
        j++;
      }
      tokens.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else if (char === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end === -1) throw new SqlSyntaxError('unterminated quoted name', i);
      tokens.push({ kind: 'quoted-name', text: sql.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const operator = operators.find((op) => sql.startsWith(op, i));
      if (operator !== undefined) {
        tokens.push({ kind: 'operator', text: operator, at: i });
        i += operator.length;
      } else if (punctuation.includes(char)) {
        tokens.push({ kind: 'punctuation', text: char, at: i });
        i++;
      } else {
        throw new SqlSyntaxError(`unexpected character '${char}'`, i);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', at: sql.length });
  return tokens;
}
