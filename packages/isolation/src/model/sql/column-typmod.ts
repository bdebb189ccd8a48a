/**
 * Type modifiers: what `numeric(13, 2)`, `character(3)` and `varchar(20)` ask of a column's
 * values, applied when a value is stored (PostgreSQL's length-coercion functions, run by
 * assignment: numeric() in src/backend/utils/adt/numeric.c, bpchar() and varchar() in
 * varchar.c).
 *
 * - `numeric(p, s)` rounds to s digits after the point, half away from zero, and refuses a
 *   value with more than p - s digits before it (22003 "numeric field overflow");
 * - `character(n)` (`char(n)`, blank-padded) pads a shorter value with spaces to n characters;
 * - both `character(n)` and `varchar(n)` refuse a longer value (22001) unless what is beyond
 *   n is spaces, which are cut off.
 *
 * The model keeps a character(n) value padded, as PostgreSQL stores it and shows it; it does
 * not ignore trailing spaces when comparing two of them, as bpchar's operators do.
 */
import type { Value } from '../../run/outcome.ts';
import { fitNumeric, numericOf, numericValue } from './numeric.ts';
import type { ColumnTypmod } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';
import { SqlSyntaxError } from './sql-tokens.ts';

/** `numeric(precision, scale)` as written, checked as numeric's typmodin checks it. */
export function numericTypmod(precision: number, scale: number, at: number): ColumnTypmod {
  if (precision < 1 || precision > 1000)
    throw new SqlSyntaxError(`NUMERIC precision ${precision} must be between 1 and 1000`, at);
  if (scale < 0 || scale > precision)
    throw new SqlSyntaxError(`NUMERIC scale ${scale} must be between 0 and precision ${precision}`, at);
  return { kind: 'numeric', precision, scale };
}

/** The value as a column with this modifier stores it. */
export function fitTypmod(value: Value, typmod: ColumnTypmod): Value {
  if (value === null) return null;
  if (typmod.kind === 'numeric')
    return numericValue(fitNumeric(numericOf(value), typmod.precision, typmod.scale));
  const text = String(value);
  const characters = [...text];
  let fitted = text;
  if (characters.length > typmod.length) {
    if (characters.slice(typmod.length).some((character) => character !== ' ')) {
      const type = typmod.kind === 'char' ? 'character' : 'character varying';
      throw new ModelSqlError('22001', `value too long for type ${type}(${typmod.length})`);
    }
    fitted = characters.slice(0, typmod.length).join('');
  }
  if (typmod.kind === 'varchar') return fitted;
  return fitted + ' '.repeat(Math.max(0, typmod.length - [...fitted].length));
}
