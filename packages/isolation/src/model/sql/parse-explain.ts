/**
 * Parsing EXPLAIN (gram.y's ExplainStmt), the form PostgreSQL's isolation tests use:
 *
 *   explain (costs off) select … from t [where …] [order by …] [limit n] [for …]
 *   explain (costs off) execute name
 *
 * The model prints the plan it chose in PostgreSQL's words (executor/explain-plan.ts). It
 * prints no costs, because its planner does not compute PostgreSQL's: an EXPLAIN that would
 * show them (no `COSTS OFF`), or ANALYZE's timings, VERBOSE's output lists, BUFFERS or another
 * FORMAT, is refused by name. The query must be one the model plans the way PostgreSQL does
 * and whose conditions it can print as ruleutils.c deparses them: one table, a WHERE made of
 * `column op constant` comparisons (or `column IS [NOT] NULL`) joined by AND, ORDER BY
 * columns, no aggregates or subqueries. Anything else is refused before the run starts.
 */
import type { Expression, Statement } from './sql-ast.ts';
import { type Token, UnsupportedSqlError } from './sql-tokens.ts';
import { TokenCursor } from './token-cursor.ts';

/** `EXPLAIN …`, or null for any other statement. `parse` parses the statement explained. */
export function parseExplain(
  tokens: readonly Token[],
  text: string,
  parse: (text: string) => Statement,
): Statement | null {
  const reader = new TokenCursor(tokens, text);
  if (!reader.accept('explain')) return null;
  let costs = true;
  const first = reader.peek();
  if (reader.isName('analyze') || reader.isName('analyse') || reader.isName('verbose'))
    throw new UnsupportedSqlError(`EXPLAIN ${first.text.toUpperCase()}`, first.at);
  if (reader.acceptPunctuation('(')) {
    do {
      const option = reader.next();
      if (option.text !== 'costs')
        throw new UnsupportedSqlError(`EXPLAIN (${option.text.toUpperCase()})`, option.at);
      const value = reader.peek();
      if (value.kind === 'punctuation') costs = true;
      else {
        reader.next();
        costs = !['off', 'false', '0'].includes(value.text);
      }
    } while (reader.acceptPunctuation(','));
    reader.expectPunctuation(')');
  }
  if (costs)
    throw new UnsupportedSqlError(
      "EXPLAIN with costs (the model prints plans with COSTS OFF: its planner's costs are not PostgreSQL's)",
      first.at,
    );
  const statement = parse(text.slice(reader.peek().at));
  if (statement.kind === 'select') {
    const refused = unexplainable(statement);
    if (refused !== null) throw new UnsupportedSqlError(`EXPLAIN of ${refused}`, reader.peek().at);
  } else if (statement.kind !== 'execute') {
    throw new UnsupportedSqlError(
      `EXPLAIN of ${statement.kind.toUpperCase().replace(/-/g, ' ')}`,
      reader.peek().at,
    );
  }
  return { kind: 'explain', statement, text };
}

/**
 * Why the model cannot print this query's plan as PostgreSQL would, or null when it can
 * (executor/explain-plan.ts reads the same shape). Also checked at EXPLAIN EXECUTE, for the
 * prepared statement.
 */
export function unexplainable(statement: Statement & { kind: 'select' }): string | null {
  if (statement.from === null || statement.series !== undefined) return 'a query without a table';
  if (statement.advisoryLocks !== undefined) return 'a query that takes advisory locks';
  for (const item of statement.items)
    if (item.kind === 'expression' && usesAny(item.expression, ['aggregate', 'subquery', 'nextval']))
      return 'a query with aggregates or subqueries (Aggregate and SubPlan nodes)';
  for (const condition of statement.where === null ? [] : conjuncts(statement.where))
    if (!printable(condition)) return 'a condition other than column op constant or column IS [NOT] NULL';
  if (statement.orderBy.some((item) => item.expression.kind !== 'column')) return 'ORDER BY an expression';
  return null;
}

/** The AND-ed parts of a condition, in the order written. */
export function conjuncts(expression: Expression): Expression[] {
  return expression.kind === 'and'
    ? [...conjuncts(expression.left), ...conjuncts(expression.right)]
    : [expression];
}

function printable(condition: Expression): boolean {
  if (condition.kind === 'is') return condition.test === 'null' && condition.operand.kind === 'column';
  if (condition.kind !== 'comparison') return false;
  const { left, right } = condition;
  return (
    (left.kind === 'column' && isPrintableConstant(right)) ||
    (right.kind === 'column' && isPrintableConstant(left))
  );
}

/** A constant ruleutils.c prints plainly: a whole number of int4 range, not negative, or a quoted literal. */
function isPrintableConstant(expression: Expression): boolean {
  if (expression.kind !== 'literal') return false;
  if (expression.type === 'unknown') return true;
  return expression.type === 'integer' && typeof expression.value === 'number' && expression.value >= 0;
}

/** Whether the expression has a node of one of these kinds anywhere in it. */
function usesAny(node: unknown, kinds: readonly string[]): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (kinds.includes((node as { kind?: string }).kind ?? '')) return true;
  return Object.values(node).some((child) => usesAny(child, kinds));
}
