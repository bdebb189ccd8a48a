/**
 * `DEFAULT` in an INSERT's VALUES or an UPDATE's SET: the column's default value. It is parsed
 * as a NULL literal marked as the keyword, which is the right value for a column without a
 * default; for a column with one (a `serial` column's nextval), the executor puts the default
 * in instead (executor/column-defaults.ts), as PostgreSQL's rewriter replaces the keyword
 * with the column's default expression (rewriteTargetListIU in rewriteHandler.c).
 */
import type { Expression } from './sql-ast.ts';

export const defaultKeyword: Expression = { kind: 'literal', value: null, type: null, function: 'default' };

export function isDefaultKeyword(expression: Expression): boolean {
  return expression.kind === 'literal' && expression.function === 'default';
}
