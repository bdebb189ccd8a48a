/**
 * The select list (and RETURNING): which columns a statement returns, named as PostgreSQL
 * names them (FigureColname in src/backend/parser/parse_target.c: a column by its name, an
 * aggregate by its function, anything else `?column?`), and aggregates computed over the rows
 * as src/backend/executor/nodeAgg.c does, over all of them for a query without GROUP BY (one
 * row) or over each group of rows with equal GROUP BY columns (one row per group): count(*) and
 * count(e) as bigint, sum of integers as bigint, min and max of the argument's type, NULL
 * over no rows except for count.
 */
import type { Value } from '../../run/outcome.ts';
import { bindExpression, type RowShape } from '../sql/bind-expression.ts';
import { addNumeric, numericOf, numericValue } from '../sql/numeric.ts';
import type { Expression, SelectItem, SqlType } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { type BoundExpression, comparatorOf, type ValueType } from '../sql/sql-types.ts';

export interface Projection {
  readonly columns: readonly string[];
  /** Whether the list has aggregates: the result is one row over all input rows. */
  readonly aggregate: boolean;
  /** The output row of one input row (not for aggregates). */
  row(input: readonly Value[]): Value[];
  /** The one output row of an aggregate list over all input rows. */
  aggregateRow(inputs: readonly (readonly Value[])[]): Value[];
  /** Each output column's type, for ordering by it. */
  readonly types: readonly ValueType[];
}

interface AggregateSlot {
  readonly function: 'count' | 'sum' | 'min' | 'max';
  readonly argument: BoundExpression | null;
  readonly type: SqlType;
}

const slotPrefix = '\u0000aggregate';

/**
 * Binds a select list over rows of `shape`. With `groupBy` (GROUP BY's columns, by name) the
 * list is computed once per group: its bare columns must be grouped ones (42803), and an
 * aggregate-free list is computed from the group's first row.
 */
export function bindProjection(
  items: readonly SelectItem[],
  shape: RowShape,
  clause: string,
  groupBy: ReadonlySet<string> | null = null,
): Projection {
  const columns: string[] = [];
  const slots: AggregateSlot[] = [];
  const outer: Expression[] = [];
  for (const item of items) {
    if (item.kind === 'star') {
      if (shape.table === null)
        throw new ModelSqlError('42601', 'SELECT * with no tables specified is not valid');
      for (const column of shape.columns) {
        columns.push(column.name);
        outer.push({ kind: 'column', table: null, name: column.name });
      }
      continue;
    }
    columns.push(item.alias ?? columnName(item.expression));
    outer.push(extractAggregates(item.expression, slots, shape, clause));
  }
  const aggregate = slots.length > 0;
  const slotShape: RowShape = {
    ...shape,
    columns: [...shape.columns, ...slots.map((slot, i) => ({ name: `${slotPrefix}${i}`, type: slot.type }))],
  };
  const bound = outer.map((expression) => {
    if (aggregate || groupBy !== null) {
      const naked = firstColumn(expression, groupBy);
      if (naked !== null) {
        const table = shape.alias ?? shape.table ?? '';
        throw new ModelSqlError(
          '42803',
          `column "${table}.${naked}" must appear in the GROUP BY clause or be used in an aggregate function`,
        );
      }
    }
    return bindExpression(expression, slotShape, clause);
  });
  const width = shape.columns.length;
  return {
    columns,
    types: bound.map((expression) => expression.type),
    aggregate,
    row: (input) => bound.map((expression) => expression.evaluate(input)),
    aggregateRow: (inputs) => {
      // A group's columns are the same in each of its rows: the first row's stand for them.
      const first = groupBy === null ? undefined : inputs[0];
      const row: Value[] = first === undefined ? new Array<Value>(width).fill(null) : [...first];
      for (const slot of slots) row.push(computeAggregate(slot, inputs));
      return bound.map((expression) => expression.evaluate(row));
    },
  };
}

/** FigureColname: the name PostgreSQL gives an unnamed output column. */
function columnName(expression: Expression): string {
  if (expression.kind === 'column') return expression.name;
  if (expression.kind === 'aggregate') return expression.function;
  if (expression.kind === 'coalesce') return 'coalesce';
  if (expression.kind === 'case-fold') return expression.function;
  if (expression.kind === 'subquery') {
    // A scalar subquery is named after its one output column.
    const [item] = expression.query.items;
    return item?.kind === 'expression' ? (item.alias ?? columnName(item.expression)) : '?column?';
  }
  if (expression.kind === 'advisory') return expression.function;
  if (expression.kind === 'literal' && expression.function !== undefined) return expression.function;
  if (expression.kind === 'cast') {
    // A cast keeps its operand's name, or takes its type's (`1::int` is int4).
    const inner = columnName(expression.operand);
    if (inner !== '?column?') return inner;
    const names: Record<typeof expression.type, string> = {
      integer: 'int4',
      bigint: 'int8',
      numeric: 'numeric',
      text: 'text',
      boolean: 'bool',
      date: 'date',
      timestamp: 'timestamp',
      timestamptz: 'timestamptz',
      'double precision': 'float8',
    };
    return names[expression.type];
  }
  return '?column?';
}

/** Replaces each aggregate call by a reference to its slot, binding its argument. */
function extractAggregates(
  expression: Expression,
  slots: AggregateSlot[],
  shape: RowShape,
  clause: string,
): Expression {
  switch (expression.kind) {
    case 'aggregate': {
      if (expression.argument !== null && containsAggregate(expression.argument)) {
        throw new ModelSqlError('42803', 'aggregate function calls cannot be nested');
      }
      const argument =
        expression.argument === null ? null : bindExpression(expression.argument, shape, clause);
      const argumentType = argument?.type;
      if (
        expression.function === 'sum' &&
        argumentType !== 'integer' &&
        argumentType !== 'bigint' &&
        argumentType !== 'numeric' &&
        argumentType !== 'null'
      ) {
        throw new ModelSqlError(
          '42883',
          `function sum(${argumentType === 'unknown' ? 'unknown' : argumentType}) does not exist`,
        );
      }
      // sum(numeric) is numeric (numeric_sum); count and the integer sums are bigint here.
      const type: SqlType =
        expression.function === 'sum' && argumentType === 'numeric'
          ? 'numeric'
          : expression.function === 'count' || expression.function === 'sum'
            ? 'bigint'
            : argumentType === 'integer' ||
                argumentType === 'bigint' ||
                argumentType === 'numeric' ||
                argumentType === 'text' ||
                argumentType === 'boolean' ||
                argumentType === 'date' ||
                argumentType === 'timestamp' ||
                argumentType === 'timestamptz'
              ? argumentType
              : 'text';
      slots.push({ function: expression.function, argument, type });
      return { kind: 'column', table: null, name: `${slotPrefix}${slots.length - 1}` };
    }
    case 'negate':
    case 'not':
    case 'cast':
      return { ...expression, operand: extractAggregates(expression.operand, slots, shape, clause) };
    case 'and':
    case 'or':
    case 'arithmetic':
    case 'comparison':
      return {
        ...expression,
        left: extractAggregates(expression.left, slots, shape, clause),
        right: extractAggregates(expression.right, slots, shape, clause),
      };
    case 'like':
      return {
        ...expression,
        operand: extractAggregates(expression.operand, slots, shape, clause),
        pattern: extractAggregates(expression.pattern, slots, shape, clause),
      };
    case 'between':
      return {
        ...expression,
        operand: extractAggregates(expression.operand, slots, shape, clause),
        low: extractAggregates(expression.low, slots, shape, clause),
        high: extractAggregates(expression.high, slots, shape, clause),
      };
    case 'in':
      return {
        ...expression,
        operand: extractAggregates(expression.operand, slots, shape, clause),
        list: expression.list.map((item) => extractAggregates(item, slots, shape, clause)),
      };
    case 'is':
      return { ...expression, operand: extractAggregates(expression.operand, slots, shape, clause) };
    case 'coalesce':
      return {
        ...expression,
        arguments: expression.arguments.map((argument) => extractAggregates(argument, slots, shape, clause)),
      };
    case 'case-fold':
      return { ...expression, argument: extractAggregates(expression.argument, slots, shape, clause) };
    default:
      return expression;
  }
}

export function containsAggregate(expression: Expression): boolean {
  switch (expression.kind) {
    case 'aggregate':
      return true;
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
      return containsAggregate(expression.operand);
    case 'and':
    case 'or':
    case 'arithmetic':
    case 'comparison':
      return containsAggregate(expression.left) || containsAggregate(expression.right);
    case 'like':
      return containsAggregate(expression.operand) || containsAggregate(expression.pattern);
    case 'between':
      return [expression.operand, expression.low, expression.high].some(containsAggregate);
    case 'in':
      return [expression.operand, ...expression.list].some(containsAggregate);
    case 'coalesce':
      return expression.arguments.some(containsAggregate);
    case 'case-fold':
      return containsAggregate(expression.argument);
    default:
      return false;
  }
}

/** A table column an expression names outside any aggregate, or null. */
/** The first column read outside an aggregate and not grouped by, or null. */
function firstColumn(expression: Expression, grouped: ReadonlySet<string> | null): string | null {
  const first = (inner: Expression) => firstColumn(inner, grouped);
  switch (expression.kind) {
    case 'column':
      return expression.name.startsWith(slotPrefix) || grouped?.has(expression.name) === true
        ? null
        : expression.name;
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
      return first(expression.operand);
    case 'and':
    case 'or':
    case 'arithmetic':
    case 'comparison':
      return first(expression.left) ?? first(expression.right);
    case 'like':
      return first(expression.operand) ?? first(expression.pattern);
    case 'between':
      return first(expression.operand) ?? first(expression.low) ?? first(expression.high);
    case 'in':
      return first(expression.operand) ?? expression.list.map(first).find((c) => c !== null) ?? null;
    case 'coalesce':
      return expression.arguments.map(first).find((c) => c !== null) ?? null;
    case 'case-fold':
      return first(expression.argument);
    default:
      return null;
  }
}

function computeAggregate(slot: AggregateSlot, inputs: readonly (readonly Value[])[]): Value {
  if (slot.function === 'count' && slot.argument === null) return inputs.length;
  const values = inputs
    .map((input) => slot.argument?.evaluate(input) ?? null)
    .filter((value) => value !== null);
  switch (slot.function) {
    case 'count':
      return values.length;
    case 'sum':
      if (values.length === 0) return null;
      if (slot.type === 'numeric') {
        return numericValue(values.map(numericOf).reduce((total, value) => addNumeric(total, value)));
      }
      return values.reduce<number>((total, value) => total + (value as number), 0);
    case 'min':
    case 'max': {
      if (values.length === 0) return null;
      const sign = slot.function === 'min' ? -1 : 1;
      const compare = comparatorOf(slot.type, slot.type);
      return values.reduce((best, value) => (compare(value, best) * sign > 0 ? value : best));
    }
  }
}
