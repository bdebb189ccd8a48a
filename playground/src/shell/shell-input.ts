/**
 * Cutting what a learner types into commands, as psql does: a backslash command is one line,
 * SQL runs when a `;` ends it (however many lines it took), and a line that starts with a
 * dbplay command (`btree insert 5 9`) is that command.
 *
 * The `;` that ends a statement is one outside string literals, quoted names, dollar-quoted
 * bodies and comments; `statementComplete` scans for it the way psql's lexer does
 * (src/bin/psql/psqlscanslash.l, much simplified).
 */

/** Whether `sql` ends with a `;` that closes a statement (not one inside quotes or comments). */
export function statementComplete(sql: string): boolean {
  let i = 0;
  let lastSignificant = '';
  while (i < sql.length) {
    const char = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      if (end === -1) break;
      i = end + 1;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return false;
      i = end + 2;
      continue;
    }
    if (char === "'" || char === '"') {
      const end = closingQuote(sql, i, char);
      if (end === -1) return false;
      lastSignificant = char;
      i = end + 1;
      continue;
    }
    if (char === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag !== undefined) {
        const end = sql.indexOf(tag, i + tag.length);
        if (end === -1) return false;
        lastSignificant = '$';
        i = end + tag.length;
        continue;
      }
    }
    if (!/\s/.test(char)) lastSignificant = char;
    i++;
  }
  return lastSignificant === ';';
}

/** The index of the quote closing the one at `start` (a doubled quote is an escaped one), or -1. */
function closingQuote(text: string, start: number, quote: string): number {
  let j = start + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j;
    }
    j++;
  }
  return -1;
}

/**
 * Splits a command line into words as a POSIX shell would for simple cases: spaces separate,
 * '…' and "…" quote (so `fix "create index …"` and `answer top-node="Hash Join"` keep their
 * spaces), a backslash escapes the next character outside single quotes.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] ?? '';
    if (quote !== null) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) throw new RangeError(`an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

/** `b: update …;` — one statement for session b, typed without switching to it. */
export function sessionPrefix(text: string): { readonly session: string; readonly sql: string } | null {
  const match = /^([A-Za-z_][A-Za-z0-9_]*):\s+([\s\S]*)$/.exec(text.trim());
  if (match === null) return null;
  return { session: match[1] ?? '', sql: match[2] ?? '' };
}
