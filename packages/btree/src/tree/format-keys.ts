/**
 * Keys as a learner reads them in a narration or a drawing: `25`, `[20 25 30]`, and for a
 * page of hundreds of keys `[1 2 3 … 366 367] (367 keys)` rather than a wall of numbers.
 */

/** One key: numbers and strings as they are, anything else through `String`. */
export function formatKey(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}

/** A node's keys in brackets, the middle elided past `limit` keys. */
export function formatKeys(keys: readonly unknown[], limit = 8): string {
  if (keys.length <= limit) return `[${keys.map(formatKey).join(' ')}]`;
  const head = keys.slice(0, limit - 3).map(formatKey);
  const tail = keys.slice(-2).map(formatKey);
  return `[${head.join(' ')} … ${tail.join(' ')}] (${keys.length} keys)`;
}
