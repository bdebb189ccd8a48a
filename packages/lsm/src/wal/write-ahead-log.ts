/**
 * The write-ahead log: every write is appended here before it is applied, so that a crash
 * loses nothing that was acknowledged.
 *
 * The memtable lives in memory; the log is its durable copy. Each write batch becomes one
 * record: a length prefix and checksums, then the batch. With `sync` on, the log is
 * fdatasynced before the write returns, so an acknowledged write survives a power cut;
 * with it off, the write has reached the operating system (one write(2) per record) and
 * survives the process being killed, not the machine losing power: LevelDB's
 * `WriteOptions::sync` means the same. Each memtable has its own log file; once the memtable
 * is safely in an SSTable and the manifest says so, the log is deleted.
 *
 * Record layout (little-endian), a simpler cousin of LevelDB's db/log_format.h:
 *
 *     ┌────────────┬────────────┬─────────────┬─────────────────────┐
 *     │ header CRC │ length     │ payload CRC │ payload (a batch)   │
 *     │ u32        │ u32        │ u32         │ `length` bytes      │
 *     └────────────┴────────────┴─────────────┴─────────────────────┘
 *       CRC of the next 8 bytes
 *
 * The header has its own checksum so that a corrupted length is caught as corruption rather
 * than mistaken for a record cut short by a crash (see log-reader.ts).
 */
import type { Buffer } from 'node:buffer';
import { crc32 } from '../encoding/checksum.ts';
import type { AppendableFile } from '../store/storage.ts';

/** Bytes before each record's payload. */
export const walHeaderLength = 12;

/** The log of memtable `id` is stored as `000012.wal`. */
export function walFileName(id: number): string {
  return `${String(id).padStart(6, '0')}.wal`;
}

export class WriteAheadLog {
  readonly id: number;
  private readonly file: AppendableFile;
  private readonly syncEachWrite: boolean;

  constructor(id: number, file: AppendableFile, syncEachWrite: boolean) {
    this.id = id;
    this.file = file;
    this.syncEachWrite = syncEachWrite;
  }

  /** Bytes in the log file. */
  get size(): number {
    return this.file.size;
  }

  /**
   * Appends one record. `record` holds the payload after {@link walHeaderLength} free bytes,
   * which are filled with the header here. Returns the bytes written.
   */
  append(record: Buffer): number {
    record.writeUInt32LE(record.length - walHeaderLength, 4);
    record.writeUInt32LE(crc32(record, walHeaderLength), 8);
    record.writeUInt32LE(crc32(record, 4, walHeaderLength), 0);
    this.file.append(record);
    if (this.syncEachWrite) this.file.sync();
    return record.length;
  }

  /** Makes every appended record durable (whatever `sync` says). */
  sync(): void {
    this.file.sync();
  }

  close(): void {
    this.file.close();
  }
}
