/**
 * Reading a `{ SQL }` block of a spec file: where does the SQL end?
 *
 * PostgreSQL's scanner (specscanner.l) ends a block at the first `}`, so its own specs never
 * put a brace inside SQL. dbplay is a little more careful, so that a learner's scenario can
 * hold `'{1,2}'` or a comment with a brace in it: braces count only outside string literals
 * (`'…'`, `E'…'`, `$tag$…$tag$`), quoted identifiers (`"…"`) and comments (`-- …`, `/* … *\/`),
 * and nested braces must balance. Every spec PostgreSQL accepts reads the same here.
 */
import type { SpecCursor } from './spec-cursor.ts';

/** Reads from an opening `{` (the cursor is on it) to its matching `}`; returns the trimmed SQL. */
export function readSqlBlock(cursor: SpecCursor): { sql: string; line: number } {
  const line = cursor.line;
  cursor.advance(); // the opening brace
  let depth = 1;
  let sql = '';
  const unterminated = (what: string, from: number) =>
    cursor.error(`${what} (the '{' on line ${line} has no matching '}')`, from);
  while (!cursor.atEnd()) {
    const char = cursor.peek();
    if (char === '{') {
      depth++;
      sql += cursor.advance();
    } else if (char === '}') {
      depth--;
      if (depth === 0) {
        cursor.advance();
        return { sql: sql.trim(), line };
      }
      sql += cursor.advance();
    } else if (char === "'" || char === '"') {
      const from = cursor.line;
      // `E'…'` strings take backslash escapes; ordinary ones (standard_conforming_strings) do not.
      const escapes = char === "'" && /(^|[^A-Za-z0-9_])[Ee]$/.test(sql);
      sql += cursor.advance();
      // A doubled quote inside is an escaped quote and keeps the literal open.
      for (;;) {
        if (cursor.atEnd()) {
          throw unterminated(`unterminated ${char === "'" ? 'string' : 'quoted name'} in a SQL block`, from);
        }
        const inner = cursor.advance();
        sql += inner;
        if (inner === '\\' && escapes) {
          sql += cursor.advance();
        } else if (inner === char) {
          if (cursor.peek() === char) sql += cursor.advance();
          else break;
        }
      }
    } else if (char === '-' && cursor.peek(1) === '-') {
      while (!cursor.atEnd() && cursor.peek() !== '\n') sql += cursor.advance();
    } else if (char === '/' && cursor.peek(1) === '*') {
      const from = cursor.line;
      sql += cursor.advance() + cursor.advance();
      while (!(cursor.peek() === '*' && cursor.peek(1) === '/')) {
        if (cursor.atEnd()) throw unterminated('unterminated /* comment in a SQL block', from);
        sql += cursor.advance();
      }
      sql += cursor.advance() + cursor.advance();
    } else if (char === '$' && dollarTagAt(cursor) !== null) {
      const from = cursor.line;
      const tag = dollarTagAt(cursor) ?? '$$';
      for (let i = 0; i < tag.length; i++) sql += cursor.advance();
      while (!closesDollar(cursor, tag)) {
        if (cursor.atEnd()) throw unterminated(`unterminated ${tag}-quoted string in a SQL block`, from);
        sql += cursor.advance();
      }
      for (let i = 0; i < tag.length; i++) sql += cursor.advance();
    } else {
      sql += cursor.advance();
    }
  }
  throw unterminated('unterminated SQL block', line);
}

/** `$$` or `$tag$` at the cursor (a tag is an identifier without `$`), else null. */
function dollarTagAt(cursor: SpecCursor): string | null {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(cursor.text.slice(cursor.offset, cursor.offset + 64));
  // `$1` is a parameter, not a quote; the regex already refuses a digit after `$`.
  return match === null ? null : match[0];
}

function closesDollar(cursor: SpecCursor, tag: string): boolean {
  return cursor.text.startsWith(tag, cursor.offset);
}
