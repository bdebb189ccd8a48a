/**
 * Explicit casts, `e::type`, between the model's types, as PostgreSQL's pg_cast and the types'
 * input and output functions make them (src/backend/parser/parse_coerce.c, coerce_type):
 *
 * - a quoted literal is read as the type, as its input function reads it (22P02 if it cannot);
 * - integer ↔ bigint and numeric → integer check the range (22003); numeric → integer rounds
 *   half away from zero (numeric_int4); integer → numeric keeps the value;
 * - anything → text is its output text (a boolean prints as `true` / `false` in a cast,
 *   boolout's `t` / `f` being only how psql shows a boolean column); text → a number or a
 *   boolean reads the text with the type's input function;
 * - integer ↔ boolean (int4_bool: 0 is false, anything else true; bool_int4); bigint and
 *   numeric have no cast to or from boolean (42846).
 */
import type { Value } from '../../run/outcome.ts';
import { numericOf, numericValue, parseNumeric, roundNumeric } from './numeric.ts';
import type { SqlType } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';
import { type BoundExpression, checkRange, coerce, isNumberType } from './sql-types.ts';

export function bindCast(operand: BoundExpression, type: SqlType): BoundExpression {
  if (operand.type === 'unknown' || operand.type === 'null') {
    const coerced = coerce(operand, type);
    return { type, evaluate: coerced.evaluate };
  }
  const from = operand.type;
  if (from === type) return operand;
  const convert = conversion(from, type);
  return {
    type,
    evaluate: (row) => {
      const value = operand.evaluate(row);
      return value === null ? null : convert(value);
    },
  };
}

function conversion(from: SqlType, to: SqlType): (value: Value) => Value {
  if (to === 'text') {
    return (value) => (typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value));
  }
  if (from === 'text') {
    return (value) => {
      const read = coerce({ type: 'unknown', evaluate: () => value }, to);
      return read.evaluate([]);
    };
  }
  if (to === 'boolean' && from === 'integer') return (value) => value !== 0;
  if (from === 'boolean' && to === 'integer') return (value) => (value === true ? 1 : 0);
  if (isNumberType(from) && isNumberType(to)) {
    if (to === 'numeric') return (value) => numericValue(parseNumeric(String(value)) ?? numericOf(value));
    if (from === 'numeric')
      return (value) => checkRange(roundNumeric(numericOf(value)), to as 'integer' | 'bigint');
    return (value) => checkRange(value as number, to as 'integer' | 'bigint');
  }
  throw new ModelSqlError('42846', `cannot cast type ${from} to ${to}`);
}
