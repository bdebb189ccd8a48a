/**
 * PostgreSQL's `numeric` (and its alias `decimal`): exact decimal arithmetic.
 *
 * A numeric value is an integer of decimal digits and a display scale, the number of digits
 * after the point (src/backend/utils/adt/numeric.c keeps base-10000 digits and `dscale`). The
 * scale is part of the value as PostgreSQL shows it: `1.50` stays `1.50`, and it follows the
 * operations: a sum or difference has the larger scale of its operands, a product the sum of
 * their scales (add_var, sub_var, mul_var). Here the digits are a BigInt, so no operation
 * rounds.
 *
 * In results a numeric is what PostgreSQL's text form says: a JavaScript number when that
 * number prints back to exactly the same text (`600`, `-11`, `1.5`), else the text (`1.50`),
 * as the PostgreSQL runner reports it (engines/postgres-results.ts), so the two compare equal.
 */
import type { Value } from '../../run/outcome.ts';
import { ModelSqlError } from './sql-error.ts';

export interface Numeric {
  /** The value times 10^scale. */
  readonly digits: bigint;
  readonly scale: number;
}

/** numeric_in: `12`, `-1.50`, `.5`, `1e3`, with spaces around; null for anything else. */
export function parseNumeric(text: string): Numeric | null {
  const match = /^\s*([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  if (whole === '' && fraction === '') return null;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  let digits = BigInt(`${whole}${fraction}` || '0');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: sign === '-' ? -digits : digits, scale };
}

/** A numeric from a stored value (a number, or PostgreSQL's text of it). */
export function numericOf(value: Value): Numeric {
  const parsed = parseNumeric(String(value));
  if (parsed === null)
    throw new ModelSqlError('22P02', `invalid input syntax for type numeric: "${String(value)}"`);
  return parsed;
}

/** numeric_out: the digits with `scale` of them after the point. */
export function formatNumeric({ digits, scale }: Numeric): string {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** The value as results carry it: a number when it prints back the same, else PostgreSQL's text. */
export function numericValue(numeric: Numeric): Value {
  const text = formatNumeric(numeric);
  const number = Number(text);
  return String(number) === text ? number : text;
}

function rescale(a: Numeric, scale: number): bigint {
  return a.digits * 10n ** BigInt(scale - a.scale);
}

export function addNumeric(a: Numeric, b: Numeric): Numeric {
  const scale = Math.max(a.scale, b.scale);
  return { digits: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractNumeric(a: Numeric, b: Numeric): Numeric {
  const scale = Math.max(a.scale, b.scale);
  return { digits: rescale(a, scale) - rescale(b, scale), scale };
}

export function multiplyNumeric(a: Numeric, b: Numeric): Numeric {
  return { digits: a.digits * b.digits, scale: a.scale + b.scale };
}

export function compareNumeric(a: Numeric, b: Numeric): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** numeric → integer, as the int4(numeric) cast does: rounded half away from zero. */
export function roundNumeric(a: Numeric): number {
  if (a.scale === 0) return Number(a.digits);
  const unit = 10n ** BigInt(a.scale);
  const magnitude = a.digits < 0n ? -a.digits : a.digits;
  const rounded = (magnitude + unit / 2n) / unit;
  return Number(a.digits < 0n ? -rounded : rounded);
}

/**
 * apply_typmod: a value for a `numeric(precision, scale)` column, rounded half away from zero to
 * `scale` digits after the point; 22003 when it has more than `precision - scale` before it.
 */
export function fitNumeric(a: Numeric, precision: number, scale: number): Numeric {
  let digits = a.digits;
  if (a.scale > scale) {
    const unit = 10n ** BigInt(a.scale - scale);
    const magnitude = digits < 0n ? -digits : digits;
    const rounded = (magnitude + unit / 2n) / unit;
    digits = digits < 0n ? -rounded : rounded;
  } else digits *= 10n ** BigInt(scale - a.scale);
  const magnitude = digits < 0n ? -digits : digits;
  if (magnitude >= 10n ** BigInt(precision)) {
    throw new ModelSqlError('22003', 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${precision === scale ? '1' : `10^${precision - scale}`}.`,
    });
  }
  return { digits, scale };
}

/**
 * The bytes a numeric takes in a heap tuple: a one-byte varlena header, the two-byte numeric
 * header, and two bytes per base-10000 digit (numeric.c, NumericShort); zero has no digits.
 */
export function numericStorageBytes(value: Value): number {
  const { digits, scale } = numericOf(value);
  if (digits === 0n) return 3;
  const text = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale).replace(/^0+/, '');
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return 3 + 2 * (Math.ceil(whole.length / 4) + Math.ceil(fraction.length / 4));
}
