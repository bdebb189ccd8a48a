/**
 * The size of LevelDB's write-ahead log for a sequence of write batches, computed from its
 * format, so a measured total can be split into "the log" and "flushes and compactions".
 *
 * Each batch is one log record (db/write_batch.cc): a 12-byte header (sequence number and
 * count) and, per put, a tag byte and the varint-prefixed key and value. The log cuts
 * records into 32 KiB blocks (db/log_writer.cc), each fragment behind a 7-byte header
 * (checksum, length, type), and pads a block's last 1–6 bytes with zeros when no header
 * fits. A new log file per memtable restarts the block, which moves the total by a few
 * bytes per memtable: this is the size to within that.
 */

/** Key and value lengths, in bytes, of each put of one batch. */
export type BatchShape = readonly (readonly [keyBytes: number, valueBytes: number])[];

export const leveldbLogBlockBytes = 32768;
const recordHeaderBytes = 7;
const batchHeaderBytes = 12;

export function leveldbLogBytes(batches: readonly BatchShape[]): number {
  let total = 0;
  let blockOffset = 0;
  for (const batch of batches) {
    let left = batchHeaderBytes;
    for (const [key, value] of batch) left += 1 + varintSize(key) + key + varintSize(value) + value;
    do {
      const room = leveldbLogBlockBytes - blockOffset;
      if (room < recordHeaderBytes) {
        total += room;
        blockOffset = 0;
      }
      const fragment = Math.min(left, leveldbLogBlockBytes - blockOffset - recordHeaderBytes);
      total += recordHeaderBytes + fragment;
      blockOffset += recordHeaderBytes + fragment;
      left -= fragment;
    } while (left > 0);
  }
  return total;
}

/** Bytes of a varint32/64 (util/coding.cc): seven bits per byte. */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 128)) size++;
  return size;
}
