/**
 * Reading SQL text without a SQL parser: where statements end, what is a comment, what is a
 * quoted string, and the first keyword of a statement.
 *
 * dbplay sends SQL it did not write (a scenario's steps, a learner's fix) to real engines,
 * and needs to know a little about it first: SQLite prepares one statement at a time, so a
 * step is split at its semicolons; a grader asks whether a statement is a `SET` or a `BEGIN`.
 * A semicolon ends a statement only outside quotes and comments, and what counts as a quote
 * depends on the engine, so everything here rests on one scanner, {@link scanSql}, that cuts
 * the text into pieces the way the engine's own lexer would:
 *
 * - PostgreSQL (psql's src/fe_utils/psqlscan.l, the server's scan.l): `'strings'` with `''`
 *   inside, `E'…'` strings with backslash escapes, `"quoted names"`, dollar-quoted bodies
 *   (`$$ … $$`, `$tag$ … $tag$`), `--` line comments and block comments that nest;
 * - SQLite (tokenize.c): `'strings'`, `"names"`, and also `` `names` `` and `[names]` as
 *   MySQL and SQL Server write them; block comments do not nest, and `$` starts a parameter.
 *
 * Not a parser: nothing here knows what a statement means beyond its first word.
 */

export type SqlDialect = 'postgres' | 'sqlite';

/** One piece of SQL text, as {@link scanSql} cuts it. */
export interface SqlPiece {
  readonly kind: 'code' | 'string' | 'quoted-name' | 'comment';
  readonly text: string;
  /** Where the piece starts in the scanned text. */
  readonly offset: number;
}

/** A statement of a script, as {@link splitStatements} returns it. */
export interface SqlStatement {
  /** The statement's text, trimmed, without the final `;`. */
  readonly text: string;
  /** The line of the script the statement starts on, counting from 1. */
  readonly line: number;
}

/**
 * Cuts `sql` into code, strings, quoted names and comments. The pieces, joined, are the text
 * again; a quote or comment left open runs to the end of the text, as the engines would
 * report it (an error the engine itself will give, with its own words).
 */
export function scanSql(sql: string, dialect: SqlDialect = 'postgres'): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let codeStart = 0;
  let i = 0;
  const take = (kind: SqlPiece['kind'], end: number): void => {
    if (i > codeStart) pieces.push({ kind: 'code', text: sql.slice(codeStart, i), offset: codeStart });
    pieces.push({ kind, text: sql.slice(i, end), offset: i });
    i = end;
    codeStart = end;
  };
  while (i < sql.length) {
    const char = sql[i];
    const next = sql[i + 1];
    const before = sql[i - 1] ?? '';
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      take('comment', end === -1 ? sql.length : end);
    } else if (char === '/' && next === '*') {
      take('comment', endOfBlockComment(sql, i, dialect === 'postgres'));
    } else if (char === "'") {
      // E'…' (not part of a longer word such as `some'`) lets a backslash escape the quote.
      const escapes = dialect === 'postgres' && /[eE]/.test(before) && !/[\w$]/.test(sql[i - 2] ?? '');
      take('string', endOfQuoted(sql, i, "'", escapes));
    } else if (char === '"' || (dialect === 'sqlite' && char === '`')) {
      take('quoted-name', endOfQuoted(sql, i, char, false));
    } else if (dialect === 'sqlite' && char === '[') {
      const close = sql.indexOf(']', i + 1);
      take('quoted-name', close === -1 ? sql.length : close + 1);
    } else if (dialect === 'postgres' && char === '$' && !/[\w$]/.test(before)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag === null) {
        i++;
      } else {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        take('string', close === -1 ? sql.length : close + tag[0].length);
      }
    } else {
      i++;
    }
  }
  if (sql.length > codeStart) pieces.push({ kind: 'code', text: sql.slice(codeStart), offset: codeStart });
  return pieces;
}

/**
 * The statements of a script, split at the semicolons that end statements (not those in
 * strings, quoted names or comments), trimmed, without their semicolons; empty statements
 * and those holding only comments are dropped.
 *
 * @example
 * splitStatements("insert into t values ('a;b'); -- done\nselect 1;")
 * // → [{ text: "insert into t values ('a;b')", line: 1 }, { text: '-- done\nselect 1', line: 1 }]
 */
export function splitStatements(sql: string, dialect: SqlDialect = 'postgres'): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let hasCode = false;
  const push = (end: number): void => {
    const raw = sql.slice(start, end);
    if (hasCode) {
      const leading = raw.length - raw.trimStart().length;
      statements.push({ text: raw.trim(), line: lineAt(sql, start + leading) });
    }
  };
  for (const piece of scanSql(sql, dialect)) {
    if (piece.kind !== 'code') {
      if (piece.kind !== 'comment') hasCode = true;
      continue;
    }
    let from = 0;
    for (
      let semicolon = piece.text.indexOf(';');
      semicolon !== -1;
      semicolon = piece.text.indexOf(';', from)
    ) {
      if (piece.text.slice(from, semicolon).trim() !== '') hasCode = true;
      push(piece.offset + semicolon);
      start = piece.offset + semicolon + 1;
      hasCode = false;
      from = semicolon + 1;
    }
    if (piece.text.slice(from).trim() !== '') hasCode = true;
  }
  push(sql.length);
  return statements;
}

/** The statement without its comments (each block comment becomes a space), strings kept. */
export function stripComments(sql: string, dialect: SqlDialect = 'postgres'): string {
  return scanSql(sql, dialect)
    .map((piece) => (piece.kind !== 'comment' ? piece.text : piece.text.startsWith('--') ? '' : ' '))
    .join('');
}

/**
 * The code alone, for looking for words: comments dropped and every string and quoted name
 * replaced by an empty one (`''`, `""`), so `select 'delete'` holds no `delete`.
 */
export function codeOnly(sql: string, dialect: SqlDialect = 'postgres'): string {
  return scanSql(sql, dialect)
    .map((piece) => {
      if (piece.kind === 'code') return piece.text;
      if (piece.kind === 'comment') return ' ';
      return piece.kind === 'string' ? "''" : '""';
    })
    .join('');
}

/** The first keyword of a statement, lower-cased, after any comments: `select`, `begin` … */
export function firstKeyword(statement: string, dialect: SqlDialect = 'postgres'): string {
  return /^[A-Za-z]+/.exec(stripComments(statement, dialect).trim())?.[0]?.toLowerCase() ?? '';
}

/**
 * A name as a quoted identifier, for names dbplay builds into SQL (databases, tables): in
 * double quotes, a quote inside doubled. The standard's form; PostgreSQL and SQLite both read it.
 *
 * @example
 * quoteIdent('my "odd" table') // → '"my ""odd"" table"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function endOfBlockComment(text: string, from: number, nests: boolean): number {
  // PostgreSQL's block comments nest, unlike C's and SQLite's.
  if (!nests) {
    const close = text.indexOf('*/', from + 2);
    return close === -1 ? text.length : close + 2;
  }
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

function endOfQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const char = text[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
    } else if (char === quote) {
      // A doubled quote is the quote itself, inside the string.
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
