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
 *
 * The type rules binding applies (coercing quoted literals, which types compare, integer
 * ranges) are in sql-types.ts, the arithmetic operators in bind-arithmetic.ts.
 */
import { bindArithmetic } from './bind-arithmetic.ts';
import { bindCast } from './bind-cast.ts';
import { bindLike } from './bind-like.ts';
import { fitTypmod } from './column-typmod.ts';
import { numericOf, numericValue, roundNumeric } from './numeric.ts';
import type { ColumnTypmod, Expression, SqlType } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';
import {
  type BoundExpression,
  booleanArgument,
  checkRange,
  coerce,
  comparable,
  comparatorOf,
  isNumberType,
  isNumericType,
  requireNumeric,
} from './sql-types.ts';

/** The columns an expression can name: one table's, qualified by its alias. */
export interface RowShape {
  readonly table: string | null;
  readonly alias: string | null;
  readonly columns: readonly {
    readonly name: string;
    readonly type: SqlType;
    readonly typmod?: ColumnTypmod;
  }[];
  /**
   * ON CONFLICT DO UPDATE's expressions also name the row proposed for insertion as
   * `excluded` (transformOnConflictClause): its columns follow the table's in the row.
   */
  readonly excluded?: boolean;
}

/** Whether the shape's column of that name is character(n), kept padded with spaces. */
function isBlankPadded(name: string, shape: RowShape): boolean {
  return shape.columns.find((candidate) => candidate.name === name)?.typmod?.kind === 'char';
}

export const noRow: RowShape = { table: null, alias: null, columns: [] };

export function bindExpression(expression: Expression, shape: RowShape, clause: string): BoundExpression {
  switch (expression.kind) {
    case 'literal': {
      const { value } = expression;
      return { type: expression.type ?? 'null', evaluate: () => value };
    }
    case 'column': {
      const excluded =
        shape.excluded === true && expression.table === 'excluded' && shape.alias !== 'excluded';
      if (expression.table !== null && expression.table !== shape.alias && !excluded) {
        throw new ModelSqlError('42P01', `missing FROM-clause entry for table "${expression.table}"`);
      }
      const index = shape.columns.findIndex((column) => column.name === expression.name);
      const column = shape.columns[index];
      if (column === undefined) {
        const name = expression.table === null ? expression.name : `${expression.table}.${expression.name}`;
        throw new ModelSqlError('42703', `column "${name}" does not exist`);
      }
      if (column.type === 'double precision')
        throw new ModelSqlError(
          '0A000',
          `the model stores column "${column.name}" as double precision but does not compute with it; run this on --engine postgres`,
        );
      const at = excluded ? shape.columns.length + index : index;
      return { type: column.type, evaluate: (row) => row[at] ?? null };
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
      return bindArithmetic(
        expression.operator,
        bindExpression(expression.left, shape, clause),
        bindExpression(expression.right, shape, clause),
      );
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
    case 'regclass':
      throw new ModelSqlError(
        '0A000',
        'the model casts to regclass only in queries on pg_class, pg_locks and pg_stat_activity; run this on --engine postgres',
      );
    case 'like':
      return bindLike(
        bindExpression(expression.operand, shape, clause),
        bindExpression(expression.pattern, shape, clause),
        expression.negated,
        expression.caseInsensitive,
      );
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
    case 'cast':
      return bindCast(bindExpression(expression.operand, shape, clause), expression.type);
    case 'nextval':
      // Evaluated by the executor, which takes the sequence's lock (executor/select-nextval.ts).
      throw new ModelSqlError('0A000', 'nextval() is supported only in a select list without a table');
    case 'advisory':
      // Taken by the executor before the scan (locks/advisory-locks.ts); the lock functions
      // return void, which is not null: `pg_advisory_lock(k) IS NOT NULL` holds.
      return { type: 'text', evaluate: () => '' };
    case 'aggregate':
      throw new ModelSqlError('42803', `aggregate functions are not allowed in ${clause}`);
    case 'case-fold': {
      // lower(text) and upper(text) (oracle_compat.c): a quoted literal is text; other types
      // have no such function.
      const argument = coerce(bindExpression(expression.argument, shape, clause), 'text');
      if (argument.type !== 'text' && argument.type !== 'null')
        throw new ModelSqlError('42883', `function ${expression.function}(${argument.type}) does not exist`);
      const fold =
        expression.function === 'lower'
          ? (text: string) => text.toLowerCase()
          : (text: string) => text.toUpperCase();
      // A character(n) column becomes text first, which drops its padding (rtrim1 in varchar.c).
      const padded = expression.argument.kind === 'column' && isBlankPadded(expression.argument.name, shape);
      return {
        type: 'text',
        evaluate: (row) => {
          const value = argument.evaluate(row);
          if (value === null) return null;
          return fold(padded ? String(value).replace(/ +$/, '') : String(value));
        },
      };
    }
    case 'subquery':
      // Replaced by its value before the statement is bound (executor/evaluate-subqueries.ts).
      throw new ModelSqlError('XX000', `a subquery was not evaluated before ${clause}`);
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
    case 'advisory':
    case 'subquery':
    case 'nextval':
      return false;
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
      return isConstantExpression(expression.operand);
    case 'case-fold':
      return isConstantExpression(expression.argument);
    case 'and':
    case 'or':
    case 'arithmetic':
    case 'comparison':
      return isConstantExpression(expression.left) && isConstantExpression(expression.right);
    case 'regclass':
      return false;
    case 'like':
      return isConstantExpression(expression.operand) && isConstantExpression(expression.pattern);
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
  target: { readonly name: string; readonly type: SqlType; readonly typmod?: ColumnTypmod },
  clause: string,
): BoundExpression {
  const coerced = bindAssignmentType(expression, shape, target, clause);
  const { typmod } = target;
  if (typmod === undefined) return coerced;
  // The column's modifier, applied to the value as stored (column-typmod.ts).
  return { type: coerced.type, evaluate: (row) => fitTypmod(coerced.evaluate(row), typmod) };
}

function bindAssignmentType(
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
