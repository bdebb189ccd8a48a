/**
 * Splitting a SQL script into statements, the way psql does before sending each one.
 *
 * A learner's fix is a small script (`create index …; analyze orders;`). We run its
 * statements one by one, to say which one failed, to run `VACUUM` on its own (it refuses
 * to run inside a transaction block), and to find a rewritten query at its end. A `;`
 * ends a statement only outside quotes and comments, as psql's lexer
 * (src/fe_utils/psqlscan.l) decides: single-quoted strings (with '' and, after E, \'),
 * double-quoted identifiers, dollar-quoted bodies ($$ … $$, $tag$ … $tag$), `--` line
 * comments and nested block comments.
 */

export interface SqlStatement {
  /** The statement's text, trimmed, without the final `;`. */
  readonly text: string;
  /** The line of the script the statement starts on, counting from 1. */
  readonly line: number;
}

export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number): void => {
    const raw = script.slice(start, end);
    const text = raw.trim();
    if (stripComments(text).trim() !== '') {
      const leading = raw.length - raw.trimStart().length;
      statements.push({ text, line: lineAt(script, start + leading) });
    }
  };
  while (i < script.length) {
    const char = script[i];
    const next = script[i + 1];
    if (char === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (char === '/' && next === '*') {
      i = skipBlockComment(script, i);
    } else if (char === "'") {
      const escapes = /[eE]/.test(script[i - 1] ?? '') && !/\w/.test(script[i - 2] ?? '');
      i = skipQuoted(script, i, "'", escapes);
    } else if (char === '"') {
      i = skipQuoted(script, i, '"', false);
    } else if (char === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(i));
      if (tag !== null && !/\w/.test(script[i - 1] ?? '')) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? script.length : close + tag[0].length;
      } else {
        i++;
      }
    } else if (char === ';') {
      push(i);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  push(script.length);
  return statements;
}

/** The statement without its comments, for looking at its first words. */
export function stripComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (char === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
      out += ' ';
    } else if (char === "'" || char === '"') {
      const end = skipQuoted(sql, i, char, false);
      out += sql.slice(i, end);
      i = end;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function skipBlockComment(text: string, from: number): number {
  // PostgreSQL's block comments nest, unlike C's.
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

function skipQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const char = text[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
    } else if (char === quote) {
      // A doubled quote is an escaped quote inside the string.
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
