/**
 * Keys and values are bytes, and keys are ordered the way `memcmp` orders them.
 *
 * An LSM-tree never interprets what it stores: LevelDB's default comparator
 * (`BytewiseComparatorImpl` in util/comparator.cc) compares keys byte by byte as unsigned
 * numbers, a shorter key sorting before any longer key it is a prefix of; RocksDB and
 * mini-lsm do the same. dbplay accepts a string or a `Uint8Array` wherever a key or value
 * goes. Strings are stored as their UTF-8 bytes, so string keys sort in Unicode code point
 * order. (That is JavaScript's `<` on strings, except that `<` compares UTF-16 code units
 * and so puts characters above U+FFFF, such as emoji, before U+E000–U+FFFF.)
 *
 *     "apple" < "apples" < "banana" < "É" (0xC3 0x89) < "中" (0xE4 0xB8 0xAD)
 */
import { Buffer } from 'node:buffer';

/** What a key or a value can be given as: a string (stored as UTF-8) or raw bytes. */
export type BytesInput = string | Uint8Array;

/** The bytes of a key or value: a string's UTF-8 encoding, or the bytes themselves. */
export function toBytes(input: BytesInput): Uint8Array {
  if (typeof input !== 'string') return input;
  // Short ASCII keys, the common case, are copied in JavaScript: a call into C++ costs more.
  const length = input.length;
  if (length <= 64) {
    const bytes = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) {
      const code = input.charCodeAt(i);
      if (code >= 0x80) return Buffer.from(input, 'utf8');
      bytes[i] = code;
    }
    return bytes;
  }
  return Buffer.from(input, 'utf8');
}

/**
 * Orders two byte strings like `memcmp` followed by a length comparison: negative when
 * a < b, zero when equal, positive when a > b.
 *
 * A plain loop: for the short keys of a key-value store it is several times faster than
 * `Buffer.compare`, whose call into C++ costs more than the comparison itself.
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Compares `key` with the `length` bytes of `buffer` starting at `start`, without copying
 * them out: how a block is searched in place.
 */
export function compareBytesAt(buffer: Uint8Array, start: number, length: number, key: Uint8Array): number {
  const shorter = Math.min(length, key.length);
  for (let i = 0; i < shorter; i++) {
    const difference = (buffer[start + i] as number) - (key[i] as number);
    if (difference !== 0) return difference;
  }
  return length - key.length;
}

/** The bytes as a UTF-8 string (values read back through `get` and `scan`). */
export function bytesToString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
