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
 *                      runs past the end; nothing but zero bytes after the last record
 *                      (file systems may extend a file with zeros after a power cut).
 * Corrupt, and refused: a header that fails its checksum; a whole payload that fails its
 *                      checksum; a batch that does not decode.
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
  while (at < bytes.length) {
    const remaining = bytes.length - at;
    const torn = (): WalContents => ({ records, validLength: at, tornBytes: remaining });
    if (remaining < walHeaderLength || allZero(bytes, at)) return torn();
    if (view.getUint32(at, true) !== crc32(bytes, at + 4, at + walHeaderLength)) {
      throw corrupt(name, `the header of record ${index + 1} at byte ${at} fails its checksum`);
    }
    const length = view.getUint32(at + 4, true);
    const end = at + walHeaderLength + length;
    if (end > bytes.length) return torn();
    if (view.getUint32(at + 8, true) !== crc32(bytes, at + walHeaderLength, end)) {
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

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
