/**
 * Variable-length integers (LEB128): 7 bits per byte, the high bit saying "more follows".
 *
 * Lengths inside a record or a block are usually small, so LevelDB writes them as
 * varints (util/coding.cc, `EncodeVarint32` / `GetVarint32Ptr`): 100 takes one byte instead
 * of four. dbplay uses them for key and value lengths in WAL records and SSTable blocks.
 *
 *     300 = 0b1_0010_1100  →  0xAC 0x02   (low 7 bits first, with the continuation bit set)
 */

/** How many bytes `value` (0 ≤ value < 2^32) takes as a varint. */
export function varintLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Writes `value` at `offset` and returns the offset just after it. */
export function writeVarint(buffer: Uint8Array, offset: number, value: number): number {
  let rest = value;
  let at = offset;
  while (rest >= 0x80) {
    buffer[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  buffer[at++] = rest;
  return at;
}

/**
 * Reads a varint at `offset`. Returns the value and the offset after it, or undefined when
 * the bytes run out or the varint is longer than five bytes (a corrupt length).
 */
export function readVarint(
  buffer: Uint8Array,
  offset: number,
  end: number = buffer.length,
): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let at = offset; at < end && at < offset + 5; at++) {
    const byte = buffer[at] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at + 1 };
    scale *= 128;
  }
  return undefined;
}
