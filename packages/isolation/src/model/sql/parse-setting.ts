/**
 * Parsing the run-time settings the model keeps per session (gram.y's VariableSetStmt and
 * VariableResetStmt):
 *
 *   set [session | local] name {= | to} value | default
 *   set [session | local] role name | none
 *   reset name | role | all
 *
 * The settings are the ones whose value changes what an isolation test shows: the three
 * timeouts that end a wait (statement_timeout, lock_timeout, deadlock_timeout; see
 * model-run.ts) and the current role, which decides what a statement may do (roles.ts). Other
 * names, after SESSION or LOCAL, are parsed as the plain `SET name …` the rest of the parser
 * knows (parse-sql.ts), which takes a few settings that change nothing the model shows and
 * refuses the others by name. What SET SESSION, SET LOCAL and RESET do with a value, and
 * when a rollback undoes it, is session-settings.ts.
 */
import { parseStatement, UnsupportedSqlError } from './parse-sql.ts';
import type { Statement } from './sql-ast.ts';
import { SqlSyntaxError, type Token } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/** The settings this file parses, and the kind of value each takes. */
const keptSettings: Record<string, 'duration' | 'role'> = {
  statement_timeout: 'duration',
  lock_timeout: 'duration',
  deadlock_timeout: 'duration',
  role: 'role',
};

/**
 * The SET or RESET statement, or null when it is not about a kept setting (SET TRANSACTION,
 * and the settings parse-sql.ts takes), for the general parser to read.
 */
export function parseSetting(tokens: readonly Token[], text: string): Statement | null {
  const cursor = new TokenCursor(tokens, text);
  const verb = cursor.next().text;
  if (verb === 'reset') {
    const name = cursor.next();
    if (name.kind !== 'name') throw new SqlSyntaxError('RESET needs a setting name', name.at);
    cursor.expectEnd();
    if (name.text === 'all') return { kind: 'set-setting', name: 'all', value: null, text };
    if (keptSettings[name.text] === undefined)
      throw new UnsupportedSqlError(`RESET ${name.text} (the model keeps ${keptNames()})`, name.at);
    return { kind: 'set-setting', name: name.text, value: null, text };
  }
  let local = false;
  if (cursor.isName('session') || cursor.isName('local')) {
    local = cursor.next().text === 'local';
    const name = cursor.peek();
    if (name.kind === 'name' && (name.text === 'authorization' || name.text === 'characteristics'))
      throw new UnsupportedSqlError(`SET SESSION ${name.text.toUpperCase()}`, name.at);
    if (name.kind !== 'name' || keptSettings[name.text] === undefined) {
      // Any other setting: as `SET name …` would be read, then scoped.
      const rest = text.slice(name.at);
      const inner = parseStatement(`set ${rest}`);
      // Another kind of setting (the planner's switches) is read, SESSION or LOCAL included, by its own parser.
      if (inner.kind !== 'set-setting') return null;
      return { ...inner, ...(local ? { local } : {}), text };
    }
  }
  const name = cursor.peek();
  const kind = name.kind === 'name' ? keptSettings[name.text] : undefined;
  if (kind === undefined) return null;
  cursor.next();
  let value: string | null;
  if (kind === 'role') {
    // SET ROLE name: no `=` (gram.y's `SET ROLE NonReservedWord_or_Sconst`); NONE is the session's own.
    const role = cursor.next();
    if (role.kind !== 'name' && role.kind !== 'quoted-name' && role.kind !== 'string')
      throw new SqlSyntaxError('SET ROLE needs a role name', role.at);
    value = role.kind === 'name' && role.text === 'none' ? null : role.text;
  } else {
    const equals = cursor.next();
    if (
      !(equals.kind === 'operator' && equals.text === '=') &&
      !(equals.kind === 'name' && equals.text === 'to')
    )
      throw new SqlSyntaxError(`expected '=' or TO after ${name.text}`, equals.at);
    const given = cursor.next();
    if (given.kind === 'name' && given.text === 'default') value = null;
    else {
      if (given.kind !== 'string' && given.kind !== 'number')
        throw new SqlSyntaxError(`expected a value for ${name.text}`, given.at);
      if (durationMs(given.text) === null)
        throw new SqlSyntaxError(`invalid value for parameter "${name.text}": "${given.text}"`, given.at);
      value = given.text;
    }
  }
  cursor.expectEnd();
  return { kind: 'set-setting', name: name.text, value, ...(local ? { local } : {}), text };
}

/**
 * A duration setting's value in milliseconds: a number is milliseconds, or a number with
 * PostgreSQL's time units (guc.c's memory_units/time_units: us, ms, s, min, h, d); null when
 * it is not one.
 */
export function durationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(text);
  if (match === null) return null;
  const factor = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 }[
    (match[2] ?? 'ms') as 'ms'
  ];
  return Number(match[1]) * factor;
}

function keptNames(): string {
  return Object.keys(keptSettings).join(', ');
}
