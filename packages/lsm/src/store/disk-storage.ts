/**
 * Storage in a directory, with the synchronous calls of `node:fs`.
 *
 * The store is synchronous, like better-sqlite3: one call does the whole operation, with no
 * trip through the event loop. Durability follows what LevelDB's `PosixEnv` does
 * (util/env_posix.cc): data is made durable with fdatasync, and a file that was created,
 * renamed or removed is only durable once its directory has been fsynced too, which is why
 * {@link DiskStorage.syncDirectory} exists.
 */
import { Buffer } from 'node:buffer';
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AppendableFile, RandomAccessFile, Storage } from './storage.ts';

export class DiskStorage implements Storage {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  describe(name: string): string {
    return join(this.directory, name);
  }

  list(): string[] {
    return readdirSync(this.directory);
  }

  exists(name: string): boolean {
    return this.fileSize(name) !== undefined;
  }

  fileSize(name: string): number | undefined {
    try {
      return statSync(this.path(name)).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  readFile(name: string): Uint8Array {
    return readFileSync(this.path(name));
  }

  openRandomAccess(name: string): RandomAccessFile {
    const fd = openSync(this.path(name), 'r');
    const size = fstatSync(fd).size;
    let open = true;
    return {
      size,
      read(offset, length) {
        const buffer = Buffer.allocUnsafe(length);
        const done = readFully(fd, buffer, offset, length);
        return done === length ? buffer : buffer.subarray(0, done);
      },
      readInto(into, offset, length) {
        return readFully(fd, into, offset, length);
      },
      close() {
        if (open) closeSync(fd);
        open = false;
      },
    };
  }

  createAppendable(name: string): AppendableFile {
    return appendableAt(openSync(this.path(name), 'w'), 0);
  }

  reopenAppendable(name: string, length: number): AppendableFile {
    const fd = openSync(this.path(name), 'r+');
    ftruncateSync(fd, length);
    return appendableAt(fd, length);
  }

  writeFile(name: string, chunks: readonly Uint8Array[]): void {
    const fd = openSync(this.path(name), 'w');
    try {
      let position = 0;
      for (const chunk of chunks) {
        writeFully(fd, chunk, position);
        position += chunk.length;
      }
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  rename(from: string, to: string): void {
    renameSync(this.path(from), this.path(to));
  }

  remove(name: string): void {
    try {
      unlinkSync(this.path(name));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  syncDirectory(): void {
    const fd = openSync(this.directory, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private path(name: string): string {
    return join(this.directory, name);
  }
}

function appendableAt(fd: number, start: number): AppendableFile {
  let size = start;
  /** Where the bytes written so far end: appended ones, then any zeros written ahead. */
  let written = start;
  let open = true;
  return {
    get size() {
      return size;
    },
    append(data) {
      writeFully(fd, data, size);
      size += data.length;
      written = Math.max(written, size);
    },
    preallocate(minimum, chunk) {
      if (written - size >= minimum) return;
      const end = size + Math.max(minimum, chunk);
      writeFully(fd, Buffer.alloc(end - written), written);
      fdatasyncSync(fd);
      written = end;
    },
    sync() {
      fdatasyncSync(fd);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

function readFully(fd: number, into: Uint8Array, offset: number, length: number): number {
  let done = 0;
  while (done < length) {
    const got = readSync(fd, into, done, length - done, offset + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}

function writeFully(fd: number, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
