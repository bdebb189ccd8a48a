/**
 * Storage in memory: the same files, kept in a map, gone when the process ends.
 *
 * A store in memory still writes its write-ahead log, SSTables and manifest, byte for byte
 * as on disk, so stepping through an example shows exactly what a durable store does and
 * the write-amplification figures mean the same thing. LevelDB has the same idea in
 * helpers/memenv (`NewMemEnv`), used by its tests.
 */
import { Buffer } from 'node:buffer';
import type { AppendableFile, RandomAccessFile, Storage } from './storage.ts';

export class MemoryStorage implements Storage {
  readonly directory = undefined;
  private readonly files = new Map<string, Uint8Array[]>();

  describe(name: string): string {
    return `memory:${name}`;
  }

  list(): string[] {
    return [...this.files.keys()];
  }

  exists(name: string): boolean {
    return this.files.has(name);
  }

  fileSize(name: string): number | undefined {
    const chunks = this.files.get(name);
    return chunks === undefined ? undefined : chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  readFile(name: string): Uint8Array {
    return this.contents(name);
  }

  openRandomAccess(name: string): RandomAccessFile {
    return memoryFile(this.contents(name));
  }

  createAppendable(name: string): AppendableFile {
    const chunks: Uint8Array[] = [];
    this.files.set(name, chunks);
    return appendable(chunks);
  }

  reopenAppendable(name: string, length: number): AppendableFile {
    const chunks = [this.contents(name).subarray(0, length)];
    this.files.set(name, chunks);
    return appendable(chunks);
  }

  writeFile(name: string, chunks: readonly Uint8Array[]): void {
    this.files.set(name, [Buffer.concat(chunks)]);
  }

  rename(from: string, to: string): void {
    const chunks = this.files.get(from);
    if (chunks === undefined) throw new Error(`no file ${from} to rename`);
    this.files.delete(from);
    this.files.set(to, chunks);
  }

  remove(name: string): void {
    this.files.delete(name);
  }

  syncDirectory(): void {}

  private contents(name: string): Buffer {
    const chunks = this.files.get(name);
    if (chunks === undefined) throw new Error(`no file ${name} in memory`);
    const whole = Buffer.concat(chunks);
    // Keep one chunk, so that reading a file twice does not copy it twice.
    chunks.splice(0, chunks.length, whole);
    return whole;
  }
}

function appendable(chunks: Uint8Array[]): AppendableFile {
  let size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return {
    get size() {
      return size;
    },
    append(data) {
      // The caller may reuse its buffer; keep a copy, as the kernel would.
      chunks.push(Buffer.from(data));
      size += data.length;
    },
    preallocate() {},
    sync() {},
    close() {},
  };
}

/**
 * A file whose bytes are all in memory: a table of a store in memory, or a table on disk
 * read whole (sstable/reader.ts). `read` returns views, not copies.
 */
export function memoryFile(contents: Uint8Array): RandomAccessFile {
  return {
    size: contents.length,
    read: (offset, length) => contents.subarray(offset, Math.min(contents.length, offset + length)),
    readInto: (into, offset, length) => {
      const end = Math.min(contents.length, offset + length);
      into.set(contents.subarray(offset, end));
      return Math.max(0, end - offset);
    },
    close: () => {},
  };
}
