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
 *
 * With `sync` on, the log writes zeros ahead of its end, a chunk at a time, and syncs them.
 * fdatasync must make the file's size durable whenever it changed, and on ext4 and most
 * other file systems that is a journal commit: a second disk write, and a second wait, on
 * top of the record's own. A record that overwrites zeros the file already has changes no
 * size, so its fdatasync writes the record alone. Measured on an ext4 disk nothing else was
 * busy with, that halves the wait of each sync (docs/performance.md); when the disk's queue
 * is full, the wait is the queue's. PostgreSQL fills each new WAL segment with zeros for the
 * same reason (`XLogFileInitInternal` in src/backend/access/transam/xlog.c: "fdatasync(2) or
 * O_DSYNC will be sufficient to sync future writes to the log file"); RocksDB reuses old log
 * files (`recycle_log_file_num`). The zeros cost a write per chunk, and the reader has to tell
 * them from records (log-reader.ts). With `sync` off nothing waits for the disk, so there is
 * nothing to gain, and the log is only appended to.
 */
import type { Buffer } from 'node:buffer';
import { crc32 } from '../encoding/checksum.ts';
import type { AppendableFile } from '../store/storage.ts';

/** Bytes before each record's payload. */
export const walHeaderLength = 12;

/** The most zeros a synced log writes ahead at once: less when the memtable (and so the log) is smaller. */
export const walPreallocationChunk = 1 << 20;

/** The log of memtable `id` is stored as `000012.wal`. */
export function walFileName(id: number): string {
  return `${String(id).padStart(6, '0')}.wal`;
}

export class WriteAheadLog {
  readonly id: number;
  private readonly file: AppendableFile;
  private readonly syncEachWrite: boolean;
  /** Bytes of zeros written ahead at a time, with `sync` on. */
  private readonly chunk: number;

  /**
   * `memtableSize` bounds how far ahead a synced log writes zeros: the log of one memtable
   * holds about that many bytes.
   */
  constructor(
    id: number,
    file: AppendableFile,
    syncEachWrite: boolean,
    memtableSize = walPreallocationChunk,
  ) {
    this.id = id;
    this.file = file;
    this.syncEachWrite = syncEachWrite;
    this.chunk = Math.min(walPreallocationChunk, memtableSize);
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
    if (this.syncEachWrite) {
      // One zero byte more than the record: a synced log always ends in zeros, which is how
      // the reader knows that its last record may be torn in place (log-reader.ts).
      this.file.preallocate(record.length + 1, this.chunk);
      this.file.append(record);
      this.file.sync();
    } else {
      this.file.append(record);
    }
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
