/** Types of pglite-snapshot-fs.js (plain JavaScript, so that worker threads can import it). */
import type { PGlite } from '@electric-sql/pglite';
import { EmscriptenBuiltinFilesystem } from '@electric-sql/pglite/basefs';

/** A data directory's folders and files, read into memory (paths relative to it, `/`-separated). */
export interface DataDirectoryContents {
  readonly folders: string[];
  readonly files: { readonly path: string; readonly bytes: Uint8Array }[];
}

/** Every file under `dir`, read into memory; rejects a folder without PG_VERSION. */
export declare function readDataDirectory(dir: string): Promise<DataDirectoryContents>;

/** Writes a data directory held in memory to `dir` (created), owner-only as PostgreSQL requires. */
export declare function writeDataDirectory(contents: DataDirectoryContents, dir: string): Promise<void>;

/**
 * Closes an in-memory PGlite and hands over its data directory: the file system's own buffers
 * (possibly views of larger ones), for the caller to write out, open again or move to a thread.
 */
export declare function closeAndTake(db: PGlite): Promise<DataDirectoryContents>;

/** Closes an in-memory PGlite and writes its data directory to `dir` (created). */
export declare function closeInto(db: PGlite, dir: string): Promise<void>;

/**
 * PGlite's in-memory file system holding a copy of a data directory: PGlite's `fs` option.
 * The contents may be a promise: PGlite starts meanwhile and waits for them just before PostgreSQL.
 */
export declare class SnapshotMemoryFs extends EmscriptenBuiltinFilesystem {
  constructor(contents: DataDirectoryContents | Promise<DataDirectoryContents>);
}
