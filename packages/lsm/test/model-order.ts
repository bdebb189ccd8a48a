/**
 * Helpers for comparing the store with a plain `Map` model: the model's entries in the
 * store's key order (UTF-8 bytes), and small random keys that collide often.
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';

/** Sorts string keys the way the store orders them: by their UTF-8 bytes. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The model's live entries in the store's order, optionally within [from, to). */
export function modelEntries(
  model: ReadonlyMap<string, string>,
  from?: string,
  to?: string,
): [string, string][] {
  return [...model.entries()]
    .filter(
      ([key]) =>
        (from === undefined || byteOrder(key, from) >= 0) && (to === undefined || byteOrder(key, to) < 0),
    )
    .sort(([a], [b]) => byteOrder(a, b));
}

/** Keys from a small alphabet (the empty key included), so that puts, deletes and gets hit the same keys often. */
export const smallKey = fc.stringMatching(/^[a-f]{0,3}$/);
