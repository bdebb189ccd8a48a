/**
 * A step's SQL as statements: split at the semicolons that end statements (@dbplay/core's sql-text.ts), each
 * parsed once and remembered, since the model runs the same few steps thousands of times.
 */
import { splitStatements } from '@dbplay/core';
import { parseStatement } from './parse-sql.ts';
import type { Statement } from './sql-ast.ts';

const parsed = new Map<string, readonly Statement[]>();

/** The statements of `sql`; throws UnsupportedSqlError or SqlSyntaxError for the first bad one. */
export function parseSqlText(sql: string): readonly Statement[] {
  let statements = parsed.get(sql);
  if (statements === undefined) {
    statements = splitStatements(sql).map((statement) => parseStatement(statement.text));
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(sql, statements);
  }
  return statements;
}
