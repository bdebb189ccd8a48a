/**
 * Arithmetic operators (`+ - * / %` and text's `||`), bound as PostgreSQL's operator
 * resolution chooses them (src/backend/parser/parse_oper.c): the operand types pick the
 * operator, a quoted literal takes the other side's type, integer and bigint meet at bigint,
 * and a numeric operand makes it numeric arithmetic. The integer operators check their result's
 * range and division by zero at run time as int4pl, int4div and their kin do
 * (src/backend/utils/adt/int.c, int8.c); numeric arithmetic is exact (numeric.ts).
 */

import { bindDateArithmetic } from './date-time.ts';
import { addNumeric, multiplyNumeric, numericOf, numericValue, subtractNumeric } from './numeric.ts';
import { ModelSqlError } from './sql-error.ts';
import { type BoundExpression, checkRange, coerce, isNumberType, requireNumeric } from './sql-types.ts';

/** Binds `left operator right`, both sides already bound (left first, as PostgreSQL analyses them). */
export function bindArithmetic(
  operator: string,
  leftBound: BoundExpression,
  rightBound: BoundExpression,
): BoundExpression {
  let left = leftBound;
  let right = rightBound;
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
  const dates = ['date', 'timestamp', 'timestamptz'];
  if (dates.includes(left.type) || dates.includes(right.type))
    return bindDateArithmetic(operator, left, right);
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
