/**
 * Dates and timestamps: `date`, `timestamp [without time zone]` and `timestamptz` (`timestamp
 * with time zone`), read from text and printed as PostgreSQL prints them under the session's
 * DateStyle and TimeZone (src/backend/utils/adt/datetime.c, date.c, timestamp.c).
 *
 * PostgreSQL stores a date as a day number and a timestamp as microseconds; the model keeps each
 * value as ISO text, `2008-12-22` or `2010-04-01 10:00:00`, in which comparing the text compares
 * the instants (for the years 1000 to 9999), so `=`, `<`, ORDER BY and the index need nothing of
 * their own; it is turned into the session's DateStyle only when shown (displayDateTime). A
 * timestamptz is an instant that PostgreSQL shows in the session's TimeZone; the model keeps it
 * as the wall-clock time in that zone, which is what a value written without an offset means.
 * Two simplifications follow, both outside the subset: a value with an explicit offset is
 * refused, and within the hour a fall-back to winter time repeats, wall times do not order as
 * instants.
 *
 * What is read: `YYYY-MM-DD`, optionally followed by ` HH:MM[:SS[.ffffff]]` (or `T`). Anything
 * else (month names, `epoch`, `now`, BC) fails with 22007, as an impossible date does with 22008.
 */
import type { Value } from '../../run/outcome.ts';
import type { SqlType } from './sql-ast.ts';
import { ModelSqlError } from './sql-error.ts';
import { type BoundExpression, checkRange, coerce } from './sql-types.ts';

export type DateTimeType = 'date' | 'timestamp' | 'timestamptz';

/** PostgreSQL's name for the type, as its messages use it. */
export function dateTimeTypeName(type: DateTimeType): string {
  return type === 'timestamptz'
    ? 'timestamp with time zone'
    : type === 'timestamp'
      ? 'timestamp without time zone'
      : 'date';
}

const pattern =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i;

/** The text's value of `type`, as PostgreSQL prints it; 22007 or 22008 when it is not one. */
export function parseDateTime(type: DateTimeType, text: string): string {
  const match = pattern.exec(text);
  const invalid = () =>
    new ModelSqlError('22007', `invalid input syntax for type ${dateTimeTypeName(type)}: "${text}"`);
  if (match === null) throw invalid();
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  if (zone !== undefined && type === 'timestamptz')
    throw new ModelSqlError('0A000', `a time zone offset in a timestamp with time zone value: "${text}"`);
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (type === 'date' && h !== undefined && zone !== undefined) throw invalid();
  const outOfRange = () => new ModelSqlError('22008', `date/time field value out of range: "${text}"`);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) throw outOfRange();
  if (hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0)))
    throw outOfRange();
  // A date ignores a time; timestamp without time zone ignores an offset (timestamp_in).
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (type === 'date') return date;
  const micros = (fraction ?? '').padEnd(6, '0').replace(/0+$/, '');
  return `${date} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${micros === '' ? '' : `.${micros}`}`;
}

/** The session's DateStyle and TimeZone, as far as showing a value needs them. */
export interface DateTimeDisplay {
  /** DateStyle's output format: ISO (the default) or Postgres (`Thu Apr 01 10:00:00 2010`). */
  readonly style: 'ISO' | 'Postgres';
  /** DateStyle's field order for Postgres-style dates: `12-22-2008` (MDY) or `22-12-2008` (DMY). */
  readonly order: 'MDY' | 'DMY';
  /** An IANA zone name (TimeZone). */
  readonly timeZone: string;
}

export const defaultDateTimeDisplay: DateTimeDisplay = { style: 'ISO', order: 'MDY', timeZone: 'UTC' };

/**
 * The display a session's settings ask for: `SET datestyle = 'Postgres, MDY'; SET timezone = …`,
 * as PostgreSQL's test driver sends them (pg_regress.c); what they leave out stays the default.
 */
export function dateTimeDisplayOf(settings: string | undefined): DateTimeDisplay {
  let display = defaultDateTimeDisplay;
  if (settings === undefined) return display;
  for (const match of (settings ?? '').matchAll(/\bset\s+(datestyle|timezone)\s*(?:=|to)\s*'([^']*)'/gi)) {
    const [, name, value = ''] = match;
    if (name?.toLowerCase() === 'timezone') display = { ...display, timeZone: value };
    else
      for (const word of value.split(/[\s,]+/).map((part) => part.toUpperCase())) {
        if (word === 'ISO' || word === 'POSTGRES')
          display = { ...display, style: word === 'ISO' ? 'ISO' : 'Postgres' };
        if (word === 'MDY' || word === 'DMY') display = { ...display, order: word };
      }
  }
  return display;
}

/** Rows as the session sees them: the date and time columns in its DateStyle and TimeZone. */
export function displayRows(
  rows: Value[][],
  types: readonly (SqlType | string)[],
  display: DateTimeDisplay | null,
): Value[][] {
  if (display === null || !types.some(isDateTimeType)) return rows;
  return rows.map((row) =>
    row.map((value, i) => {
      const type = types[i];
      return typeof value === 'string' && type !== undefined && isDateTimeType(type)
        ? displayDateTime(type, value, display)
        : value;
    }),
  );
}

function isDateTimeType(type: SqlType | string): type is DateTimeType {
  return type === 'date' || type === 'timestamp' || type === 'timestamptz';
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A stored value of `type` as the session sees it (EncodeDateOnly, EncodeDateTime). */
export function displayDateTime(type: DateTimeType, value: string, display: DateTimeDisplay): string {
  const [date = '', time = ''] = value.split(' ');
  const [y = '', m = '', d = ''] = date.split('-');
  if (type === 'date') {
    if (display.style === 'ISO') return value;
    return display.order === 'MDY' ? `${m}-${d}-${y}` : `${d}-${m}-${y}`;
  }
  const zone = type === 'timestamptz' ? zoneAt(value, display.timeZone) : null;
  if (display.style === 'ISO') return zone === null ? value : `${value}${zone.offset}`;
  const weekday = weekdays[new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay()];
  const month = months[Number(m) - 1];
  const dayFirst = display.order === 'DMY' ? `${d} ${month}` : `${month} ${d}`;
  return `${weekday} ${dayFirst} ${time} ${y}${zone === null ? '' : ` ${zone.abbreviation}`}`;
}

/** The zone's offset (`-07`, `+05:30`) and abbreviation (`PDT`) at a wall-clock time there. */
function zoneAt(wall: string, timeZone: string): { offset: string; abbreviation: string } {
  const [date = '', time = ''] = wall.split(' ');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm, ss] = time.split(':').map(Number);
  const asUtc = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0, Math.floor(ss ?? 0));
  const minutesAt = (instant: number) => {
    const name = zoneName(instant, timeZone, 'shortOffset'); // GMT-7, GMT+5:30, GMT
    const match = /GMT([+-])(\d+)(?::(\d+))?/.exec(name);
    if (match === null) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
  };
  // The instant whose wall time this is: try the offset at the wall time read as UTC, then again.
  let instant = asUtc - minutesAt(asUtc) * 60_000;
  instant = asUtc - minutesAt(instant) * 60_000;
  const minutes = minutesAt(instant);
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const rest = Math.abs(minutes) % 60;
  const abbreviation = zoneName(instant, timeZone, 'short');
  return {
    offset: `${sign}${hours}${rest === 0 ? '' : `:${pad(rest, 2)}`}`,
    abbreviation:
      abbreviation.startsWith('GMT') || abbreviation === 'UTC'
        ? minutes === 0
          ? 'UTC'
          : abbreviation
        : abbreviation,
  };
}

function zoneName(instant: number, timeZone: string, style: 'short' | 'shortOffset'): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: style }).formatToParts(
    new Date(instant),
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Date arithmetic (date.c): `date + integer` and `integer + date` are the date that many days
 * later, `date - integer` earlier, `date - date` the days between (an integer). A quoted literal
 * beside a date in `-` is a date. Timestamps move by intervals, which the model does not have.
 */
export function bindDateArithmetic(
  operator: string,
  leftBound: BoundExpression,
  rightBound: BoundExpression,
): BoundExpression {
  const left = operator === '-' && rightBound.type === 'date' ? coerce(leftBound, 'date') : leftBound;
  const right = operator === '-' && leftBound.type === 'date' ? coerce(rightBound, 'date') : rightBound;
  const signature = `${left.type} ${operator} ${right.type}`;
  const integer = (type: string) => type === 'integer' || type === 'bigint';
  let apply: ((a: string, b: number) => string | number) | null = null;
  let type: 'date' | 'integer' = 'date';
  if (operator === '+' && left.type === 'date' && integer(right.type)) apply = (a, b) => addDays(a, b);
  else if (operator === '-' && left.type === 'date' && integer(right.type)) apply = (a, b) => addDays(a, -b);
  else if (operator === '-' && left.type === 'date' && right.type === 'date') {
    type = 'integer';
    return {
      type,
      evaluate: (row) => {
        const a = left.evaluate(row);
        const b = right.evaluate(row);
        return a === null || b === null
          ? null
          : checkRange(dayNumber(String(a)) - dayNumber(String(b)), 'integer');
      },
    };
  } else if (operator === '+' && integer(left.type) && right.type === 'date') {
    return bindDateArithmetic('+', right, left);
  }
  if (apply === null) {
    if (
      left.type === 'timestamp' ||
      left.type === 'timestamptz' ||
      right.type === 'timestamp' ||
      right.type === 'timestamptz'
    )
      throw new ModelSqlError(
        '0A000',
        `${signature}: timestamp arithmetic needs interval, which the model does not have`,
      );
    throw new ModelSqlError('42883', `operator does not exist: ${signature}`);
  }
  const days = apply;
  return {
    type,
    evaluate: (row) => {
      const a = left.evaluate(row);
      const b = right.evaluate(row);
      return a === null || b === null ? null : days(String(a), Number(b));
    },
  };
}

const dayMs = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / dayMs);
}

function addDays(date: string, days: number): string {
  const at = new Date((dayNumber(date) + days) * dayMs);
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)}`;
}
