/**
 * Splitting a step's SQL into statements, and naming what each one does.
 *
 * PostgreSQL runs a whole step in one round trip (the simple query protocol accepts several
 * statements, as psql and the isolation tester send them). SQLite's prepared statements
 * take one at a time, so its runner splits a step at the semicolons that end statements:
 * not those inside string literals, quoted names or comments.
 */

/** The statements of `sql`, trimmed, without their semicolons; empty statements dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] ?? '';
    if (char === "'" || char === '"' || char === '`' || char === '[') {
      const close = char === '[' ? ']' : char;
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      current += sql.slice(i, stop);
      i = stop;
    } else if (char === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      current += sql.slice(i, stop);
      i = stop;
    } else if (char === ';') {
      if (hasCode(current)) statements.push(current.trim());
      current = '';
      i++;
    } else {
      current += char;
      i++;
    }
  }
  if (hasCode(current)) statements.push(current.trim());
  return statements;
}

/** The first keyword of a statement, lower-cased, after any comments: `select`, `begin` … */
export function firstKeyword(statement: string): string {
  const code = statement
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .trim();
  return /^[A-Za-z]+/.exec(code)?.[0]?.toLowerCase() ?? '';
}

/** Whether anything but comments and spaces is left. */
function hasCode(text: string): boolean {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() !== '';
}
