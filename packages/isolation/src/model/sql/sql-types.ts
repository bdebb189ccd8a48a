/**
 * The model's type rules: PostgreSQL's, in miniature, for the types the model knows (integer,
 * bigint, numeric, text, boolean).
 *
 * Parse analysis gives every expression a type before any row is read
 * (src/backend/parser/parse_coerce.c, parse_oper.c). A quoted literal starts with no type
 * ("unknown") and takes the type its context asks for, and can fail to (22P02); two sides of
 * an operator must meet at one type, or there is no such operator (42883); NOT, AND, OR and IS
 * want booleans (42804). At run time the integer types check their range (22003). How two values
 * order, for comparisons and ORDER BY, is here too.
 */
import type { Value } from '../../run/outcome.ts';
import { parseDateTime } from './date-time.ts';
import { compareNumeric, numericOf, numericValue, parseNumeric } from './numeric.ts';
import type { SqlType } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';

/** A type as analysis sees it: a column type, a quoted literal not yet typed, or NULL. */
export type ValueType = SqlType | 'unknown' | 'null';

/** An expression after binding: its type, and a function that evaluates it on a row. */
export interface BoundExpression {
  readonly type: ValueType;
  readonly evaluate: (row: readonly Value[]) => Value;
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
export function isNumericType(type: ValueType): boolean {
  return type === 'integer' || type === 'bigint';
}

/** The types of numbers: the integer types and numeric. */
export function isNumberType(type: ValueType): boolean {
  return isNumericType(type) || type === 'numeric';
}

export function requireNumeric(type: ValueType, operator: string, other: ValueType | null): void {
  if (isNumericType(type) || type === 'null') return;
  const left = other === null ? '' : `${type} `;
  throw new ModelSqlError(
    '42883',
    other === null
      ? `operator does not exist: ${operator} ${type}`
      : `operator does not exist: ${left}${operator} ${other}`,
  );
}

export function booleanArgument(bound: BoundExpression, name: string): BoundExpression {
  const coerced = coerce(bound, 'boolean');
  if (coerced.type !== 'boolean' && coerced.type !== 'null') {
    throw new ModelSqlError('42804', `argument of ${name} must be type boolean, not type ${coerced.type}`);
  }
  return coerced;
}

/** Two sides of a comparison brought to one type, or 42883 when PostgreSQL has no such operator. */
export function comparable(
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
  if (type === 'date' || type === 'timestamp' || type === 'timestamptz') {
    const value = parseDateTime(type, text);
    return { type, evaluate: () => value };
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
