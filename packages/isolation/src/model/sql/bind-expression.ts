/**
 * Turning an expression into a function of a row, with PostgreSQL's types and errors.
 *
 * PostgreSQL analyses an expression once (src/backend/parser/parse_expr.c: resolve column
 * names, choose operators by type, coerce quoted literals of unknown type) and then evaluates
 * it per row (src/backend/executor/execExprInterp.c). The model does the same in miniature:
 * binding resolves columns and checks types, raising the errors PostgreSQL raises at parse
 * analysis (42703 no such column, 42883 no such operator, 42804 WHERE not boolean); the
 * returned closure evaluates with SQL's three-valued logic and raises the run-time errors
 * (22012 division by zero, 22003 integer out of range, 22P02 bad literal).
 */
import type { Value } from '../../run/outcome.ts';
import {
  addNumeric,
  compareNumeric,
  multiplyNumeric,
  numericOf,
  numericValue,
  parseNumeric,
  roundNumeric,
  subtractNumeric,
} from './numeric.ts';
import type { Expression, SqlType } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';

/** A type as analysis sees it: a column type, a quoted literal not yet typed, or NULL. */
export type ValueType = SqlType | 'unknown' | 'null';

export interface BoundExpression {
  readonly type: ValueType;
  readonly evaluate: (row: readonly Value[]) => Value;
}

/** The columns an expression can name: one table's, qualified by its alias. */
export interface RowShape {
  readonly table: string | null;
  readonly alias: string | null;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
}

export const noRow: RowShape = { table: null, alias: null, columns: [] };

export function bindExpression(expression: Expression, shape: RowShape, clause: string): BoundExpression {
  switch (expression.kind) {
    case 'literal': {
      const { value } = expression;
      return { type: expression.type ?? 'null', evaluate: () => value };
    }
    case 'column': {
      if (expression.table !== null && expression.table !== shape.alias) {
        throw new ModelSqlError('42P01', `missing FROM-clause entry for table "${expression.table}"`);
      }
      const index = shape.columns.findIndex((column) => column.name === expression.name);
      const column = shape.columns[index];
      if (column === undefined) {
        const name = expression.table === null ? expression.name : `${expression.table}.${expression.name}`;
        throw new ModelSqlError('42703', `column "${name}" does not exist`);
      }
      return { type: column.type, evaluate: (row) => row[index] ?? null };
    }
    case 'negate': {
      const operand = coerce(bindExpression(expression.operand, shape, clause), 'integer');
      if (operand.type === 'numeric') {
        return {
          type: 'numeric',
          evaluate: (row) => {
            const value = operand.evaluate(row);
            if (value === null) return null;
            const { digits, scale } = numericOf(value);
            return numericValue({ digits: -digits, scale });
          },
        };
      }
      requireNumeric(operand.type, '-', null);
      const type = operand.type === 'bigint' ? 'bigint' : 'integer';
      return {
        type,
        evaluate: (row) => {
          const value = operand.evaluate(row);
          return value === null ? null : checkRange(-(value as number), type);
        },
      };
    }
    case 'not': {
      const operand = booleanArgument(bindExpression(expression.operand, shape, clause), 'NOT');
      return {
        type: 'boolean',
        evaluate: (row) => {
          const value = operand.evaluate(row);
          return value === null ? null : !value;
        },
      };
    }
    case 'and':
    case 'or': {
      const name = expression.kind.toUpperCase();
      const left = booleanArgument(bindExpression(expression.left, shape, clause), name);
      const right = booleanArgument(bindExpression(expression.right, shape, clause), name);
      if (expression.kind === 'and') {
        return {
          type: 'boolean',
          evaluate: (row) => {
            const a = left.evaluate(row);
            if (a === false) return false;
            const b = right.evaluate(row);
            if (b === false) return false;
            return a === null || b === null ? null : true;
          },
        };
      }
      return {
        type: 'boolean',
        evaluate: (row) => {
          const a = left.evaluate(row);
          if (a === true) return true;
          const b = right.evaluate(row);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        },
      };
    }
    case 'arithmetic':
      return bindArithmetic(expression.operator, expression.left, expression.right, shape, clause);
    case 'comparison': {
      const [left, right] = comparable(
        bindExpression(expression.left, shape, clause),
        bindExpression(expression.right, shape, clause),
        expression.operator,
      );
      const test = comparisonTest(expression.operator);
      const compare = comparatorOf(left.type, right.type);
      return {
        type: 'boolean',
        evaluate: (row) => {
          const a = left.evaluate(row);
          if (a === null) return null;
          const b = right.evaluate(row);
          if (b === null) return null;
          return test(compare(a, b));
        },
      };
    }
    case 'between': {
      const operand = bindExpression(expression.operand, shape, clause);
      const [value, low] = comparable(operand, bindExpression(expression.low, shape, clause), '>=');
      const [value2, high] = comparable(operand, bindExpression(expression.high, shape, clause), '<=');
      const compareLow = comparatorOf(value.type, low.type);
      const compareHigh = comparatorOf(value2.type, high.type);
      const { negated } = expression;
      return {
        type: 'boolean',
        evaluate: (row) => {
          const v = value.evaluate(row);
          const l = low.evaluate(row);
          const h = high.evaluate(row);
          const above = v === null || l === null ? null : compareLow(v, l) >= 0;
          const v2 = value2.evaluate(row);
          const below = v2 === null || h === null ? null : compareHigh(v2, h) <= 0;
          const inside =
            above === false || below === false ? false : above === null || below === null ? null : true;
          return inside === null ? null : negated ? !inside : inside;
        },
      };
    }
    case 'in': {
      const operand = bindExpression(expression.operand, shape, clause);
      const pairs = expression.list.map((item) =>
        comparable(operand, bindExpression(item, shape, clause), '='),
      );
      const { negated } = expression;
      return {
        type: 'boolean',
        evaluate: (row) => {
          let unknown = false;
          for (const [left, right] of pairs) {
            const a = left.evaluate(row);
            const b = right.evaluate(row);
            if (a === null || b === null) unknown = true;
            else if (comparatorOf(left.type, right.type)(a, b) === 0) return !negated;
          }
          return unknown ? null : negated;
        },
      };
    }
    case 'is': {
      const operand = bindExpression(expression.operand, shape, clause);
      const { test, negated } = expression;
      const checked = test === 'null' ? operand : booleanArgument(operand, 'IS');
      return {
        type: 'boolean',
        evaluate: (row) => {
          const value = checked.evaluate(row);
          const holds = test === 'null' ? value === null : value === (test === 'true');
          return negated ? !holds : holds;
        },
      };
    }
    case 'coalesce':
      return bindCoalesce(expression.arguments, shape, clause);
    case 'aggregate':
      throw new ModelSqlError('42803', `aggregate functions are not allowed in ${clause}`);
  }
}

/**
 * COALESCE: the arguments brought to one type as PostgreSQL's select_common_type does (quoted
 * literals take the others' type, or text when all are quoted; integer and bigint meet at bigint;
 * any other mix is 42804), then evaluated left to right, stopping at the first non-null
 * (EEOP_JUMP_IF_NOT_NULL: later arguments are never evaluated).
 *
 * Before that, the planner folds constants (eval_const_expressions in
 * src/backend/optimizer/util/clauses.c): it simplifies the arguments in order, so a constant
 * argument is computed once at planning time, errors included (`coalesce(x, 1/0)` fails with
 * 22012 even when x is never null); it drops null constants, and stops at the first non-null
 * constant, whose followers are neither simplified nor kept.
 */
function bindCoalesce(expressions: readonly Expression[], shape: RowShape, clause: string): BoundExpression {
  // Parse analysis: bind every argument and choose the common type (select_common_type).
  const analysed = expressions.map((expression) => bindExpression(expression, shape, clause));
  const known = analysed.map((b) => b.type).filter((type) => type !== 'unknown' && type !== 'null');
  let type: SqlType = 'text';
  if (known.length > 0) {
    type = known.every(isNumberType)
      ? known.includes('numeric')
        ? 'numeric'
        : known.includes('bigint')
          ? 'bigint'
          : 'integer'
      : (known[0] as SqlType);
    for (const other of known) {
      if (other !== type && !(isNumberType(other) && isNumberType(type))) {
        throw new ModelSqlError('42804', `COALESCE types ${type} and ${other} cannot be matched`);
      }
    }
  }
  const coerced = analysed.map((b) => coerce(b, type));
  // Planning: fold the constant arguments, in order, up to the first non-null one.
  const args: BoundExpression[] = [];
  for (const [i, argument] of coerced.entries()) {
    const expression = expressions[i];
    if (expression === undefined || !isConstantExpression(expression)) {
      args.push(argument);
      continue;
    }
    const value = argument.evaluate([]);
    if (value === null) continue;
    args.push({ type, evaluate: () => value });
    break;
  }
  return {
    type,
    evaluate: (row) => {
      for (const arg of args) {
        const value = arg.evaluate(row);
        if (value !== null) return value;
      }
      return null;
    },
  };
}

/** Whether an expression names no column and no aggregate, so that the planner can fold it. */
function isConstantExpression(expression: Expression): boolean {
  switch (expression.kind) {
    case 'literal':
      return true;
    case 'column':
    case 'aggregate':
      return false;
    case 'negate':
    case 'not':
    case 'is':
      return isConstantExpression(expression.operand);
    case 'and':
    case 'or':
    case 'arithmetic':
    case 'comparison':
      return isConstantExpression(expression.left) && isConstantExpression(expression.right);
    case 'between':
      return [expression.operand, expression.low, expression.high].every(isConstantExpression);
    case 'in':
      return [expression.operand, ...expression.list].every(isConstantExpression);
    case 'coalesce':
      return expression.arguments.every(isConstantExpression);
  }
}

/** Binds a predicate (WHERE): it must be boolean; NULL counts as false where it is used. */
export function bindPredicate(expression: Expression, shape: RowShape, clause: string): BoundExpression {
  const bound = coerce(bindExpression(expression, shape, clause), 'boolean');
  if (bound.type !== 'boolean' && bound.type !== 'null') {
    throw new ModelSqlError('42804', `argument of ${clause} must be type boolean, not type ${bound.type}`);
  }
  return bound;
}

/**
 * A bound value for a column of type `target` (INSERT values, UPDATE SET): a quoted literal
 * is read as that type, an integer fits an integer column or fails with 22003, and anything
 * else of the wrong type is 42804, as in PostgreSQL's assignment coercion.
 */
export function bindAssignment(
  expression: Expression,
  shape: RowShape,
  target: { readonly name: string; readonly type: SqlType },
  clause: string,
): BoundExpression {
  const bound = coerce(bindExpression(expression, shape, clause), target.type);
  const fits =
    bound.type === target.type ||
    bound.type === 'null' ||
    (isNumberType(bound.type) && isNumberType(target.type)) ||
    (target.type === 'text' && bound.type !== 'boolean');
  if (!fits) {
    throw new ModelSqlError(
      '42804',
      `column "${target.name}" is of type ${target.type} but expression is of type ${bound.type}`,
    );
  }
  if (target.type === 'numeric') {
    return {
      type: 'numeric',
      evaluate: (row) => {
        const value = bound.evaluate(row);
        return value === null ? null : numericValue(numericOf(value));
      },
    };
  }
  if (isNumericType(target.type)) {
    // numeric → integer in an assignment rounds half away from zero (numeric_int4).
    const fromNumeric = bound.type === 'numeric';
    return {
      type: target.type,
      evaluate: (row) => {
        const value = bound.evaluate(row);
        if (value === null) return null;
        const number = fromNumeric ? roundNumeric(numericOf(value)) : (value as number);
        return checkRange(number, target.type as 'integer' | 'bigint');
      },
    };
  }
  if (target.type === 'text' && isNumberType(bound.type)) {
    return {
      type: 'text',
      evaluate: (row) => {
        const value = bound.evaluate(row);
        return value === null ? null : String(value);
      },
    };
  }
  return bound;
}

/** Orders two non-null values of one type: numbers by value, text by code point, false < true. */
export function compareSqlValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** How two values of these types order: numerics by value (their text does not), the rest as compareSqlValues. */
export function comparatorOf(left: ValueType, right: ValueType): (a: Value, b: Value) => number {
  if (left === 'numeric' || right === 'numeric') return (a, b) => compareNumeric(numericOf(a), numericOf(b));
  return compareSqlValues;
}

function comparisonTest(operator: string): (order: number) => boolean {
  switch (operator) {
    case '=':
      return (order) => order === 0;
    case '<>':
      return (order) => order !== 0;
    case '<':
      return (order) => order < 0;
    case '<=':
      return (order) => order <= 0;
    case '>':
      return (order) => order > 0;
    default:
      return (order) => order >= 0;
  }
}

function bindArithmetic(
  operator: string,
  leftExpression: Expression,
  rightExpression: Expression,
  shape: RowShape,
  clause: string,
): BoundExpression {
  let left = bindExpression(leftExpression, shape, clause);
  let right = bindExpression(rightExpression, shape, clause);
  if (operator === '||') {
    if (left.type === 'unknown') left = { ...left, type: 'text' };
    if (right.type === 'unknown') right = { ...right, type: 'text' };
    if (left.type !== 'text' && right.type !== 'text' && left.type !== 'null' && right.type !== 'null') {
      throw new ModelSqlError('42883', `operator does not exist: ${left.type} || ${right.type}`);
    }
    return {
      type: 'text',
      evaluate: (row) => {
        const a = left.evaluate(row);
        const b = right.evaluate(row);
        return a === null || b === null ? null : `${String(a)}${String(b)}`;
      },
    };
  }
  if (left.type === 'numeric' || right.type === 'numeric')
    return bindNumericArithmetic(operator, left, right);
  left = coerce(left, right.type === 'bigint' ? 'bigint' : 'integer');
  right = coerce(right, left.type === 'bigint' ? 'bigint' : 'integer');
  requireNumeric(left.type, operator, right.type);
  requireNumeric(right.type, operator, left.type);
  const type = left.type === 'bigint' || right.type === 'bigint' ? 'bigint' : 'integer';
  const apply = arithmetic(operator);
  return {
    type,
    evaluate: (row) => {
      const a = left.evaluate(row);
      if (a === null) return null;
      const b = right.evaluate(row);
      if (b === null) return null;
      return checkRange(apply(a as number, b as number), type);
    },
  };
}

/**
 * Arithmetic with a numeric operand is numeric arithmetic (an integer operand is promoted, a
 * quoted literal read as numeric), exact: numeric.ts. Division is not in the model: PostgreSQL
 * chooses the quotient's scale from the operands' digits (select_div_scale), which the model
 * does not reproduce, so it says so instead of answering differently.
 */
function bindNumericArithmetic(
  operator: string,
  leftBound: BoundExpression,
  rightBound: BoundExpression,
): BoundExpression {
  const left = coerce(leftBound, 'numeric');
  const right = coerce(rightBound, 'numeric');
  for (const [type, other] of [
    [left.type, right.type],
    [right.type, left.type],
  ] as const) {
    if (!isNumberType(type) && type !== 'null') {
      throw new ModelSqlError(
        '42883',
        `operator does not exist: ${type === left.type ? `${type} ${operator} ${other}` : `${other} ${operator} ${type}`}`,
      );
    }
  }
  if (operator !== '+' && operator !== '-' && operator !== '*') {
    throw new ModelSqlError(
      '0A000',
      `the model does not compute numeric ${operator === '/' ? 'division' : 'modulo'} (PostgreSQL's result scale rules); run this on --engine postgres`,
    );
  }
  const apply = operator === '+' ? addNumeric : operator === '-' ? subtractNumeric : multiplyNumeric;
  return {
    type: 'numeric',
    evaluate: (row) => {
      const a = left.evaluate(row);
      if (a === null) return null;
      const b = right.evaluate(row);
      if (b === null) return null;
      return numericValue(apply(numericOf(a), numericOf(b)));
    },
  };
}

function arithmetic(operator: string): (a: number, b: number) => number {
  switch (operator) {
    case '+':
      return (a, b) => a + b;
    case '-':
      return (a, b) => a - b;
    case '*':
      return (a, b) => a * b;
    case '/':
      return (a, b) => {
        if (b === 0) throw new ModelSqlError('22012', 'division by zero');
        return Math.trunc(a / b);
      };
    default:
      return (a, b) => {
        if (b === 0) throw new ModelSqlError('22012', 'division by zero');
        // PostgreSQL's % takes the sign of the dividend, as JavaScript's does.
        return a % b === 0 ? 0 : a % b;
      };
  }
}

/** Integer results must fit their type, as PostgreSQL's int4 and int8 operators check. */
export function checkRange(value: number, type: 'integer' | 'bigint'): number {
  if (type === 'integer' && (value > 2147483647 || value < -2147483648)) {
    throw new ModelSqlError('22003', 'integer out of range');
  }
  if (type === 'bigint' && !Number.isSafeInteger(value)) {
    throw new ModelSqlError('22003', 'bigint out of range');
  }
  return value;
}

/** integer and bigint: the integer types. */
function isNumericType(type: ValueType): boolean {
  return type === 'integer' || type === 'bigint';
}

/** The types of numbers: the integer types and numeric. */
function isNumberType(type: ValueType): boolean {
  return isNumericType(type) || type === 'numeric';
}

function requireNumeric(type: ValueType, operator: string, other: ValueType | null): void {
  if (isNumericType(type) || type === 'null') return;
  const left = other === null ? '' : `${type} `;
  throw new ModelSqlError(
    '42883',
    other === null
      ? `operator does not exist: ${operator} ${type}`
      : `operator does not exist: ${left}${operator} ${other}`,
  );
}

function booleanArgument(bound: BoundExpression, name: string): BoundExpression {
  const coerced = coerce(bound, 'boolean');
  if (coerced.type !== 'boolean' && coerced.type !== 'null') {
    throw new ModelSqlError('42804', `argument of ${name} must be type boolean, not type ${coerced.type}`);
  }
  return coerced;
}

/** Two sides of a comparison brought to one type, or 42883 when PostgreSQL has no such operator. */
function comparable(
  leftBound: BoundExpression,
  rightBound: BoundExpression,
  operator: string,
): [BoundExpression, BoundExpression] {
  let left = leftBound;
  let right = rightBound;
  if (left.type === 'unknown' && right.type === 'unknown') {
    left = { ...left, type: 'text' };
    right = { ...right, type: 'text' };
  }
  if (left.type === 'unknown' && right.type !== 'null') left = coerce(left, right.type as SqlType);
  if (right.type === 'unknown' && left.type !== 'null') right = coerce(right, left.type as SqlType);
  const same =
    left.type === right.type ||
    left.type === 'null' ||
    right.type === 'null' ||
    (isNumberType(left.type) && isNumberType(right.type));
  if (!same)
    throw new ModelSqlError('42883', `operator does not exist: ${left.type} ${operator} ${right.type}`);
  return [left, right];
}

/** A quoted literal read as `type` (PostgreSQL's coercion of an unknown-type constant). */
export function coerce(bound: BoundExpression, type: SqlType): BoundExpression {
  if (bound.type !== 'unknown') return bound;
  if (type === 'text') return { ...bound, type: 'text' };
  const text = String(bound.evaluate([]));
  if (type === 'boolean') {
    const word = text.trim().toLowerCase();
    const truthy = ['t', 'true', 'y', 'yes', 'on', '1'];
    const falsy = ['f', 'false', 'n', 'no', 'off', '0'];
    if (!truthy.includes(word) && !falsy.includes(word)) {
      throw new ModelSqlError('22P02', `invalid input syntax for type boolean: "${text}"`);
    }
    const value = truthy.includes(word);
    return { type: 'boolean', evaluate: () => value };
  }
  if (type === 'numeric') {
    const numeric = parseNumeric(text);
    if (numeric === null)
      throw new ModelSqlError('22P02', `invalid input syntax for type numeric: "${text}"`);
    const value = numericValue(numeric);
    return { type, evaluate: () => value };
  }
  if (!/^\s*[-+]?\d+\s*$/.test(text)) {
    throw new ModelSqlError('22P02', `invalid input syntax for type ${type}: "${text}"`);
  }
  const value = checkRange(Number(text), type === 'bigint' ? 'bigint' : 'integer');
  return { type, evaluate: () => value };
}
