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
  // A plain Uint8Array that small is made inline by V8's compiled code, where a Buffer
  // (a subclass, carved from Node's pool) goes through Node's allocator.
  const length = input.length;
  if (length <= 64) {
    const bytes = new Uint8Array(length);
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

/**
 * A key's first three bytes as one integer (missing bytes count as 0), plus 1 so that the
 * empty key's prefix 0 is smaller than any other: an "abbreviated key", as PostgreSQL's
 * sort calls it (src/backend/utils/sort/sortsupport.c). Searches compare prefixes first
 * and look at the bytes only when two tie, so most steps of a search compare two small
 * integers kept in a node or an array instead of following a pointer to a byte array.
 *
 * If prefix(a) < prefix(b) then a < b in byte order: either they differ at one of those
 * bytes, or a ends first and is a prefix of b. Equal prefixes say nothing, and the bytes
 * decide. Below 2^25, so V8 keeps it a small integer rather than a boxed number.
 */
export function keyPrefix(key: Uint8Array): number {
  return prefixAt(key, 0, key.length);
}

/** {@link keyPrefix} of the `length` bytes of `buffer` at `start`, read in place. */
export function prefixAt(buffer: Uint8Array, start: number, length: number): number {
  if (length === 0) return 0;
  const b0 = buffer[start] as number;
  const b1 = length > 1 ? (buffer[start + 1] as number) : 0;
  const b2 = length > 2 ? (buffer[start + 2] as number) : 0;
  return ((b0 << 16) | (b1 << 8) | b2) + 1;
}

// Keeps a leading U+FEFF as a character (the default would drop it as a byte order mark).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The bytes as a UTF-8 string (values read back through `get` and `scan`). A `TextDecoder`
 * decodes a view as it is; `Buffer#toString` needs a Buffer made around it first, and
 * measured here the decoder is about three times faster for keys and values of a hundred
 * bytes. Malformed bytes become U+FFFD either way.
 */
export function bytesToString(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
