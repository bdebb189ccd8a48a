/**
 * Opening a saved PostgreSQL data directory in memory: PGlite's in-memory file system,
 * filled from a folder on disk that is only ever read.
 *
 * dbplay keeps clusters it has built once (a dataset loaded and analyzed, a fresh cluster
 * with `pageinspect` installed) as plain data directories in its cache, and every session
 * wants its own private copy: even a rolled-back transaction leaves dead tuples and
 * hint bits in the pages it touched, and the next session must not plan against them.
 * Copying the folder on disk and removing it afterwards cost a one-shot `explain show`
 * about a third of its time (hundreds of files written and then deleted, 40 MB for the
 * shop dataset, much of it waiting for the disk on a busy machine). So the copy is made in
 * memory instead: each file of the folder is read into a buffer, and the buffers become
 * the files of Emscripten's MEMFS at PostgreSQL's data directory before PostgreSQL starts.
 * PostgreSQL then finds a cluster there and resumes it, as after a clean shutdown; what it
 * writes stays in memory and is gone when the instance (or its worker thread) ends, so
 * there is nothing to clean up, even after a crash.
 *
 * It is the same trick as a copy-on-write snapshot (ZFS clones, Neon's branches), made
 * cheap by size: a teaching dataset is tens of megabytes. The reading starts before PGlite's
 * WebAssembly is compiled (see pglite-create.js), so it costs little of the start's time.
 *
 * Plain JavaScript, like pglite-create.js, so that a worker thread can import it.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmscriptenBuiltinFilesystem } from '@electric-sql/pglite/basefs';

/**
 * Every file under `dir`, read into memory: paths relative to `dir`, with `/` separators.
 *
 * Read synchronously, into one buffer: a data directory is a few hundred files and tens of
 * megabytes, nearly always in the page cache. Reading each file asynchronously took a
 * one-shot `explain show` 110–125 ms of CPU for the shop dataset (41 MB, 391 files: four
 * round trips through Node's thread pool per file, a buffer each), and now and then several
 * hundred more in the garbage collector of the thread that read them; this takes 55–60 ms,
 * nearly all of it the kernel copying pages (measured alone, load 8). The thread waits
 * meanwhile, which costs nothing here: whoever reads a data directory is about to wait for
 * PostgreSQL to start on it. One buffer also moves to a worker as one transfer.
 * @param {string} dir
 * @returns {Promise<{ folders: string[], files: { path: string, bytes: Uint8Array }[] }>}
 */
export async function readDataDirectory(dir) {
  if (!readdirSync(dir).includes('PG_VERSION')) {
    throw new Error(`${dir} is not a PostgreSQL data directory (it has no PG_VERSION)`);
  }
  /** @type {string[]} */
  const folders = [];
  /** @type {{ path: string, size: number }[]} */
  const found = [];
  /** @param {string} relative */
  const walk = (relative) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        folders.push(path);
        walk(path);
      } else if (entry.isFile()) {
        found.push({ path, size: statSync(join(dir, path)).size });
      } else {
        throw new Error(
          `unexpected ${join(dir, path)} in a data directory: only files and folders belong there`,
        );
      }
    }
  };
  walk('');
  const buffer = new Uint8Array(found.reduce((sum, file) => sum + file.size, 0));
  let offset = 0;
  const files = found.map(({ path, size }) => {
    const bytes = buffer.subarray(offset, offset + size);
    offset += size;
    const fd = openSync(join(dir, path), 'r');
    try {
      for (let read = 0; read < size; ) {
        const got = readSync(fd, bytes, read, size - read, read);
        if (got === 0) throw new Error(`${join(dir, path)} changed while it was read`);
        read += got;
      }
    } finally {
      closeSync(fd);
    }
    return { path, bytes };
  });
  return { folders, files };
}

/**
 * The other way round from {@link readDataDirectory}: writes a data directory held in memory
 * to `dir` (created), readable by its owner alone, as PostgreSQL requires (postmaster/checkdir.c).
 * @param {{ folders: string[], files: { path: string, bytes: Uint8Array }[] }} contents
 * @param {string} dir
 */
export async function writeDataDirectory(contents, dir) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Parents before children: the folders come from a walk or a sorted archive.
  for (const folder of [...contents.folders].sort()) {
    await mkdir(join(dir, folder), { recursive: true, mode: 0o700 });
  }
  await Promise.all(
    contents.files.map(({ path, bytes }) => writeFile(join(dir, path), bytes, { mode: 0o600 })),
  );
}

/**
 * Closes a PGlite instance that ran in memory (PostgreSQL shuts down cleanly, so every page
 * is in its file) and hands over its data directory, the in-memory file system's own
 * buffers, not copies: the instance is closed and must not be used again, and the caller
 * may write the files out ({@link writeDataDirectory}), open them again
 * ({@link SnapshotMemoryFs}), or move them to another thread. A file's bytes may be a view
 * of a larger buffer (spare capacity, or the archive a file was unpacked from).
 * @param {import('@electric-sql/pglite').PGlite} db
 * @returns {Promise<{ folders: string[], files: { path: string, bytes: Uint8Array }[] }>}
 */
export async function closeAndTake(db) {
  // The module and its file system outlive close(), but the instance forgets them.
  const fs = db.Module.FS;
  const root = db.Module.ENV.PGDATA;
  await db.close();
  /** @type {string[]} */
  const folders = [];
  /** @type {{ path: string, bytes: Uint8Array }[]} */
  const files = [];
  /** @param {string} relative */
  const walk = (relative) => {
    for (const name of fs.readdir(`${root}/${relative}`)) {
      if (name === '.' || name === '..') continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const node = fs.lookupPath(`${root}/${path}`).node;
      if (fs.isDir(node.mode)) {
        folders.push(path);
        walk(path);
      } else {
        files.push({ path, bytes: node.contents.subarray(0, node.usedBytes) });
      }
    }
  };
  walk('');
  return { folders, files };
}

/**
 * Closes a PGlite instance that ran in memory and writes its data directory to `dir`
 * (created). Building a cluster in memory and writing it out once is quicker than building
 * it on disk, where each page PostgreSQL writes is a system call made from JavaScript.
 * @param {import('@electric-sql/pglite').PGlite} db
 * @param {string} dir
 */
export async function closeInto(db, dir) {
  await writeDataDirectory(await closeAndTake(db), dir);
}

/**
 * PGlite's in-memory file system, holding a copy of a data directory read by
 * {@link readDataDirectory}. Pass it as PGlite's `fs` option.
 *
 * The contents may still be on their way (a promise): PGlite then does all of its start
 * that does not depend on the data (instantiating its WebAssembly, unpacking its own
 * share/ files into memory, Emscripten's runtime) and waits for them only when it asks its
 * file system to sync from storage, just before it looks for a data directory and starts
 * PostgreSQL. So a worker can start PGlite before it knows what it will open.
 */
export class SnapshotMemoryFs extends EmscriptenBuiltinFilesystem {
  /** @param {DataDirectoryContents | Promise<DataDirectoryContents>} contents */
  constructor(contents) {
    super();
    /** @type {Promise<DataDirectoryContents> | undefined} */
    this.contents = Promise.resolve(contents);
    // Awaited in initialSyncFs; a failure to read is reported there, not as unhandled.
    this.contents.catch(() => {});
  }

  async initialSyncFs() {
    const contents = await /** @type {Promise<DataDirectoryContents>} */ (this.contents);
    this.contents = undefined; // the buffers now belong to the files
    const module = /** @type {any} */ (this.pg).Module;
    growFilesGeometrically(module.FS.root.mount.type);
    const root = module.ENV.PGDATA;
    module.FS.mkdirTree(root);
    for (const folder of contents.folders) module.FS.mkdirTree(`${root}/${folder}`);
    for (const { path, bytes } of contents.files) {
      // canOwn: MEMFS keeps the buffer as the file's contents instead of copying it.
      module.FS.writeFile(`${root}/${path}`, bytes, { canOwn: true });
    }
    // PostgreSQL refuses a data directory that others may read (postmaster/checkdir.c).
    module.FS.chmod(root, 0o700);
  }
}

/** @typedef {{ folders: string[], files: { path: string, bytes: Uint8Array }[] }} DataDirectoryContents */

/**
 * Makes Emscripten's MEMFS grow files as a dynamic array does, by doubling, whether a file
 * is extended by `write` or by `ftruncate`.
 *
 * PostgreSQL grows a table in two ways, and MEMFS copied the whole file for both. A bulk
 * INSERT extends the table by many blocks at once with `posix_fallocate`
 * (src/backend/storage/smgr/md.c, mdzeroextend; FileFallocate in storage/file/fd.c), which
 * Emscripten runs as `ftruncate` to the larger size, and MEMFS resized a file by allocating
 * a buffer of exactly that size and copying the whole file into it: every extension of a
 * 20 MB table copied 20 MB, quadratic in the table's size (profiled on the shop dataset's
 * build: MEMFS's `setattr` was the single most expensive function, 0.56 s of the build
 * thread's 3.9 s). And an `INSERT … SELECT`, which has no bulk-insert state, extends its
 * table one block at a time by writing a block of zeros (FileZero), through `write`: MEMFS
 * grows a file written past its end into spare capacity, but above 1 MB by only an eighth
 * of its size (`expandFileStorage`), so a 20 MB table was still copied about eight times
 * over as it grew (0.17 s of the build thread, plus its garbage). Doubling copies each byte
 * about once, at the price of at most twice the memory for the largest files, and only
 * while the instance runs: the data directory written out (closeInto) holds each file's
 * bytes, not its capacity.
 *
 * What PostgreSQL sees does not change: a file's size is MEMFS's `usedBytes`, and every
 * byte past it is kept zero (zeroed when a file shrinks), so a file that grows again reads
 * zeros there, as after a real truncate and extend.
 * @param {any} memfs the MEMFS object (`FS.root.mount.type` once Emscripten's FS exists)
 */
function growFilesGeometrically(memfs) {
  if (memfs.dbplayGrowsGeometrically) return;
  const exact = memfs.resizeFileStorage;
  /**
   * At least `size` bytes of capacity; the bytes in use are kept, the new ones are zero.
   * @param {any} node
   * @param {number} size
   */
  memfs.expandFileStorage = (node, size) => {
    const capacity = node.contents.length;
    if (capacity >= size) return;
    const grown = new Uint8Array(Math.max(size, capacity * 2, 256));
    grown.set(node.contents.subarray(0, node.usedBytes));
    node.contents = grown;
  };
  /**
   * @param {any} node
   * @param {number} size
   */
  memfs.resizeFileStorage = (node, size) => {
    const used = node.usedBytes;
    if (size === used) return;
    if (size > used) {
      memfs.expandFileStorage(node, size); // doubling, keeps the first `used` bytes
      node.contents.fill(0, used, size);
    } else if (size > 0) {
      node.contents.fill(0, size, used);
    } else {
      exact(node, size); // emptied: let the buffer go
      return;
    }
    node.usedBytes = size;
  };
  memfs.dbplayGrowsGeometrically = true;
}
