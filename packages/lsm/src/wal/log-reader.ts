/**
 * Reading a write-ahead log back after a restart, and telling a torn write from corruption.
 *
 * A crash can stop the last append part-way (the process was killed inside write(2), or the
 * machine lost power before the page reached the disk). That record was never acknowledged,
 * so it is dropped, and the log is cut back to its last whole record before new records are
 * appended. Anything else that does not check out is corruption, reported with the file and
 * offset, never silently skipped: a record in the middle that fails its checksum may hold
 * acknowledged writes. This is RocksDB's `kTolerateCorruptedTailRecords` recovery mode;
 * LevelDB's log reader (db/log_reader.cc) makes the same distinction at the end of the file.
 *
 * Torn, and dropped:   fewer than 12 header bytes at the end; a good header whose payload
 *                      runs past the end; and, in a log that ends in zeros, a last record
 *                      that fails its checksum (header or payload) with nothing but zeros
 *                      after it.
 * Not written yet:     nothing but zero bytes after the last record, which a synced log
 *                      writes ahead of itself (write-ahead-log.ts), and which file systems
 *                      may leave after a power cut; not a record, and not a torn one either.
 * Corrupt, and refused: any other record that fails a checksum; a batch that does not decode.
 *
 * A synced log is torn in place: its last record was being written over zeros the file
 * already had, so a crash can leave part of it followed by zeros rather than a file cut
 * short. That is told apart from damage only by what follows: zeros, and no record after
 * it. A flipped bit in the last record of such a log is taken for a torn write too, and
 * that record dropped. PostgreSQL makes the same call for its zero-filled WAL: replay ends
 * at the first record that fails its checks (src/backend/access/transam/xlogreader.c).
 */
import { BadInputError } from '@dbplay/core';
import { crc32 } from '../encoding/checksum.ts';
import { walHeaderLength } from './write-ahead-log.ts';

export interface WalContents {
  /** The payloads of the whole records, in order. */
  readonly records: Uint8Array[];
  /** Bytes up to the end of the last whole record. */
  readonly validLength: number;
  /** Bytes after it that were dropped as a torn write (0 when the log ended cleanly). */
  readonly tornBytes: number;
}

/** Splits a log into records. `name` is the file as error messages should show it. */
export function readWalRecords(bytes: Uint8Array, name: string): WalContents {
  const records: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let index = 0;
  // Where the last non-zero byte ends: after it, only zeros, never written by a record.
  let used = bytes.length;
  while (used > 0 && bytes[used - 1] === 0) used--;
  while (at < bytes.length) {
    // The bytes after the last whole record are dropped; `torn` of them were a torn record.
    const stop = (torn: number): WalContents => ({ records, validLength: at, tornBytes: torn });
    if (at >= used) return stop(0);
    if (bytes.length - at < walHeaderLength) return stop(bytes.length - at);
    // Torn in place: the record's bytes written so far, then the zeros it was written over.
    const tornInPlace = (from: number) => from < bytes.length && used <= from;
    if (view.getUint32(at, true) !== crc32(bytes, at + 4, at + walHeaderLength)) {
      if (tornInPlace(at + walHeaderLength)) return stop(used - at);
      throw corrupt(name, `the header of record ${index + 1} at byte ${at} fails its checksum`);
    }
    const length = view.getUint32(at + 4, true);
    const end = at + walHeaderLength + length;
    if (end > bytes.length) return stop(bytes.length - at);
    if (view.getUint32(at + 8, true) !== crc32(bytes, at + walHeaderLength, end)) {
      if (tornInPlace(end)) return stop(used - at);
      throw corrupt(name, `record ${index + 1} at byte ${at} fails its checksum`);
    }
    records.push(bytes.subarray(at + walHeaderLength, end));
    at = end;
    index++;
  }
  return { records, validLength: at, tornBytes: 0 };
}

export function corrupt(name: string, what: string): BadInputError {
  return new BadInputError(`${name}: ${what}; the write-ahead log is corrupt`, {
    code: 'corrupt-store',
  });
}
