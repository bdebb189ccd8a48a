/**
 * VACUUM and ANALYZE read their parenthesised options with one loop (parse-vacuum.ts), as
 * PostgreSQL's gram.y reads both with `utility_option_list`: a name, and a value that is a
 * Boolean word or a number (0 is false). Options outside the subset are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement, UnsupportedSqlError } from '../src/model/sql/parse-sql.ts';
import { SqlSyntaxError } from '../src/model/sql/sql-tokens.ts';

describe('VACUUM and ANALYZE options', () => {
  it.each<[string, object]>([
    ['vacuum', { kind: 'vacuum', tables: [], verbose: false }],
    [
      'vacuum full freeze verbose analyse t, u',
      { tables: ['t', 'u'], verbose: true, freeze: true, analyze: true, full: true },
    ],
    ['vacuum (verbose true, freeze off, analyze 0) t', { tables: ['t'], verbose: true }],
    ['vacuum (skip_locked, full on) "T"', { tables: ['T'], skipLocked: true, full: true }],
    ['analyze verbose t, u', { kind: 'analyze', tables: ['t', 'u'] }],
    ['analyze (verbose false, skip_locked on) t', { kind: 'analyze', tables: ['t'], skipLocked: true }],
    ['analyze (skip_locked 1) t', { kind: 'analyze', skipLocked: true }],
  ])('reads %s', (sql, expected) => {
    const statement = parseStatement(sql);
    expect(statement).toMatchObject(expected);
    for (const option of ['freeze', 'analyze', 'full', 'skipLocked'])
      if (!(option in expected)) expect(statement).not.toHaveProperty(option);
  });

  it.each([
    ['vacuum (index_cleanup off) t', UnsupportedSqlError, 'VACUUM INDEX_CLEANUP'],
    ['analyze (buffer_usage_limit 10) t', UnsupportedSqlError, 'ANALYZE BUFFER_USAGE_LIMIT'],
    ['analyze (freeze) t', UnsupportedSqlError, 'ANALYZE FREEZE'],
    ['vacuum t (a)', UnsupportedSqlError, 'a column list in VACUUM'],
    ['analyze s.t', UnsupportedSqlError, 'a schema-qualified name'],
    ['vacuum (1) t', SqlSyntaxError, 'expected a VACUUM option'],
    ['analyze (verbose t', SqlSyntaxError, "expected ',' or ')' in ANALYZE's options"],
    ['vacuum t u', SqlSyntaxError, "expected ',' between VACUUM's tables"],
  ])('refuses %s', (sql, kind, what) => {
    let error: unknown = null;
    try {
      parseStatement(sql);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(kind);
    expect(error instanceof UnsupportedSqlError ? error.construct : (error as Error).message).toBe(what);
  });
});
