/** Types of pglite-create.js (plain JavaScript, so that worker threads can import it). */
import type { PGlite } from '@electric-sql/pglite';
import type { DataDirectoryContents } from './pglite-snapshot-fs.js';

/** The contrib extensions dbplay can load into PGlite. */
export type PgliteExtension = 'pageinspect' | 'pg_visibility' | 'pg_freespacemap' | 'amcheck';

export interface CreatePgliteOptions {
  /** A data directory to open, or to create (initdb) when empty; in memory when absent. */
  readonly dataDir?: string;
  /**
   * A data directory to open as an in-memory copy (pglite-snapshot-fs.js): the folder is
   * only read, and what PostgreSQL writes is lost when the instance ends.
   */
  readonly snapshotDir?: string;
  /**
   * A data directory already in memory (read from a folder or a shipped archive), or still
   * being read, opened as snapshotDir is; its buffers become the instance's files. PGlite's
   * start goes as far as it can without it meanwhile (pglite-snapshot-fs.js).
   */
  readonly snapshot?: DataDirectoryContents | Promise<DataDirectoryContents>;
  /** PGlite's WebAssembly, already compiled (`compilePgliteWasm`, pglite-wasm.ts), or being compiled; PGlite compiles it when absent. */
  readonly wasmModule?: WebAssembly.Module | Promise<WebAssembly.Module>;
  /** A data directory dumped by `dumpDataDir` (a tar), unpacked into memory instead of running initdb. */
  readonly loadDataDir?: Blob;
  /** Contrib extensions to load and `CREATE EXTENSION`. */
  readonly extensions?: readonly PgliteExtension[];
  /** postgresql.conf lines, used when the data directory is created. */
  readonly postgresqlConf?: readonly string[];
  /** initdb arguments (`--wal-segsize=1`), used when the data directory is created. */
  readonly initdbArguments?: readonly string[];
}

export declare const pgliteExtensionNames: readonly PgliteExtension[];

/** Starts loading PGlite's JavaScript now (a worker that will open PGlite once told on what). */
export declare function preloadPglite(): void;
export declare function createPglite(options?: CreatePgliteOptions): Promise<PGlite>;
