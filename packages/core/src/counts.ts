/**
 * Counts as dbplay prints them: `1,024 keys`, `1 hint`.
 *
 * `Number.prototype.toLocaleString('en-US')` would do the grouping, but its first call loads
 * ICU's locale data, about 25 ms — a sixth of the CLI's whole start-up, paid by `dbplay --help`
 * for the bounds its help text prints. Grouping the digits of a whole number by hand is one
 * regular expression, and prints the same (a property test holds it to `toLocaleString`).
 */

/** `1,024`: a whole number with its thousands grouped by commas, as `toLocaleString('en-US')` prints it. */
export function formatCount(value: number | bigint): string {
  const text = String(value);
  const point = text.indexOf('.');
  const whole = point === -1 ? text : text.slice(0, point);
  const rest = point === -1 ? '' : text.slice(point);
  // A comma before every digit that has a multiple of three digits after it, up to the point.
  return whole.replace(/\B(?=(\d{3})+$)/g, ',') + rest;
}

/** `1 hint`, `2 hints`: a count and its noun, singular or plural. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
