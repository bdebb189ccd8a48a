/**
 * Where an LSM-tree keeps its files: a directory on disk, or a map in memory.
 *
 * Everything the store writes goes through this small interface, as LevelDB's goes through
 * its `Env` (include/leveldb/env.h: `NewWritableFile`, `NewRandomAccessFile`, `RenameFile`,
 * `RemoveFile`). The same code then runs against a directory (durable, crash-tested) or
 * against memory (for stepping through an example, and for fast tests), and a test can
 * wrap it to inject faults.
 *
 * Names are plain file names inside the store (`000012.sst`, `MANIFEST`); {@link
 * Storage.describe} turns one into what an error message should show.
 */

/** A file read at any offset: an SSTable. */
export interface RandomAccessFile {
  readonly size: number;
  /** `length` bytes from `offset`; fewer only if the file ends first. */
  read(offset: number, length: number): Uint8Array;
  /** Reads `length` bytes from `offset` into the start of `into`; returns how many were read. */
  readInto(into: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/** A file written at its end: the write-ahead log. */
export interface AppendableFile {
  /** Bytes in the file so far. */
  readonly size: number;
  append(data: Uint8Array): void;
  /**
   * Makes sure at least `minimum` bytes past the end are already written and durable: when
   * fewer are, writes zeros up to `chunk` bytes past the end (or `minimum`, if more) and
   * fdatasyncs them, leaving the end where it is. Appends then overwrite blocks the file
   * already has, so that syncing them changes no file size (see write-ahead-log.ts). In
   * memory there is nothing to gain, and nothing is written.
   */
  preallocate(minimum: number, chunk: number): void;
  /** Makes everything appended so far durable (fdatasync). */
  sync(): void;
  close(): void;
}

export interface Storage {
  /** The directory, or undefined for a store in memory. */
  readonly directory: string | undefined;
  /** A file's name as an error message should show it: its path, or `memory:NAME`. */
  describe(name: string): string;
  list(): string[];
  exists(name: string): boolean;
  /** The size in bytes, or undefined when there is no such file. */
  fileSize(name: string): number | undefined;
  readFile(name: string): Uint8Array;
  openRandomAccess(name: string): RandomAccessFile;
  /** A new empty file to append to (an existing one is emptied). */
  createAppendable(name: string): AppendableFile;
  /** An existing file to append to, cut to its first `length` bytes first. */
  reopenAppendable(name: string, length: number): AppendableFile;
  /** Writes a whole file and makes it durable (fsync) before returning. */
  writeFile(name: string, chunks: readonly Uint8Array[]): void;
  /** Renames atomically, replacing `to` if it exists (rename(2)). */
  rename(from: string, to: string): void;
  remove(name: string): void;
  /** Makes the directory's entries durable: created, renamed and removed files. */
  syncDirectory(): void;
}
