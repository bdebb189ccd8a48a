/**
 * Checksums: how a store tells a flipped bit or a torn write from good data.
 *
 * Every block of an SSTable, every WAL record and the manifest carry a CRC-32 of their
 * bytes, checked whenever they are read back. LevelDB uses CRC-32C, "masked" so that a CRC
 * stored inside checksummed data does not checksum to a fixed value (util/crc32c.h);
 * dbplay uses the standard CRC-32 that `node:zlib` computes natively (Node ≥ 20.15), which
 * detects the same errors: every burst of up to 32 flipped bits, and all but one in 2^32 of
 * anything else.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

/** The CRC-32 of `bytes` (optionally of `bytes[start..end)`), as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const view = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
  return zlibCrc32(view) >>> 0;
}
