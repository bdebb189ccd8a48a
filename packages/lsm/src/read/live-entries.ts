/**
 * What a scan hands out: the merged entries below an end key, tombstones hidden, as views
 * into the tree's buffers, then as copies (bytes the caller owns) or as strings.
 */
import { bytesToString, compareBytes } from '../encoding/byte-order.ts';
import type { MergeIterator } from './merge-iterator.ts';

/** Yields the live entries of a merge below `end`, hiding tombstones; closes the merge at the end. */
export function* liveEntries(
  merge: MergeIterator,
  end: Uint8Array | undefined,
): Generator<[Uint8Array, Uint8Array], void, undefined> {
  try {
    while (merge.valid()) {
      const key = merge.key();
      if (end !== undefined && compareBytes(key, end) >= 0) return;
      const value = merge.value();
      if (value !== null) yield [key, value];
      merge.next();
    }
  } finally {
    merge.close();
  }
}

/** Copies of the entries: the caller may keep or change them without touching the tree. */
export function* copies(
  entries: Iterable<[Uint8Array, Uint8Array]>,
): Generator<[Uint8Array, Uint8Array], void, undefined> {
  for (const [key, value] of entries) yield [new Uint8Array(key), new Uint8Array(value)];
}

/** The entries decoded as UTF-8 strings. */
export function* asStrings(
  entries: Iterable<[Uint8Array, Uint8Array]>,
): Generator<[string, string], void, undefined> {
  for (const [key, value] of entries) yield [bytesToString(key), bytesToString(value)];
}
