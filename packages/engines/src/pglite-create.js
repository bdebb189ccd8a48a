/**
 * The one way dbplay starts PGlite, with or without contrib extensions, in plain
 * JavaScript so that a worker thread can import it as well as the main thread.
 *
 * Three places start PGlite: the EXPLAIN sessions (in a worker thread, so a runaway
 * query can be stopped by ending the thread), the B+tree x-ray (with `pageinspect`) and
 * `dbplay doctor`. A worker starts with Node's own loader and cannot import TypeScript,
 * which is why this file is JavaScript with its types beside it (pglite-create.d.ts);
 * pglite.ts wraps it for the main thread and turns a failure into an engine error.
 *
 * An extension is two steps in PGlite: its compiled code is handed to `PGlite.create`
 * (PGlite bundles contrib as separate WebAssembly side modules, loaded on demand), and
 * then `CREATE EXTENSION` installs its SQL objects in the database, as on any server.
 *
 * Where a start's time goes (`node --cpu-prof`, a one-shot `explain show`): loading
 * PGlite's JavaScript, compiling its 9 MB of WebAssembly, unpacking its bundled share/
 * files into memory, reading the data directory, then PostgreSQL's own start. The first
 * three do not depend on the data, so they run at the same time as the fourth: the data
 * directory is read while the code loads and compiles, and a caller that starts several
 * instances (the shell, a worker restarted after a time limit) can compile once and hand
 * the compiled module over (`compilePgliteWasm`, pglite-wasm.ts).
 */
import { readDataDirectory, SnapshotMemoryFs } from './pglite-snapshot-fs.js';

/** The contrib modules dbplay uses or teaches with, each loaded only when asked for. */
const contrib = {
  /** Page and tuple dumps: btree_page_items, heap_page_items (contrib/pageinspect). */
  pageinspect: async () => (await import('@electric-sql/pglite/contrib/pageinspect')).pageinspect,
  /** The visibility map and its all-visible / all-frozen bits (contrib/pg_visibility). */
  pg_visibility: async () => (await import('@electric-sql/pglite/contrib/pg_visibility')).pg_visibility,
  /** The free space map (contrib/pg_freespacemap). */
  pg_freespacemap: async () => (await import('@electric-sql/pglite/contrib/pg_freespacemap')).pg_freespacemap,
  /** Index and heap consistency checks (contrib/amcheck). */
  amcheck: async () => (await import('@electric-sql/pglite/contrib/amcheck')).amcheck,
};

/** The names {@link createPglite} accepts in `extensions`. */
export const pgliteExtensionNames = Object.freeze(Object.keys(contrib));

/**
 * Starts loading PGlite's JavaScript, for a thread that will start PGlite soon but does not
 * yet know on what; {@link createPglite}'s own import then finds it loaded, and reports a
 * failure to load.
 */
export function preloadPglite() {
  import('@electric-sql/pglite').catch(() => {});
}

/**
 * @param {import('./pglite-create.d.ts').CreatePgliteOptions} [options]
 * @returns {Promise<import('@electric-sql/pglite').PGlite>}
 */
export async function createPglite(options = {}) {
  const names = options.extensions ?? [];
  for (const name of names) {
    if (!Object.hasOwn(contrib, name)) {
      throw new Error(`no PGlite extension '${name}'; dbplay loads ${pgliteExtensionNames.join(', ')}`);
    }
  }
  const copies = [options.snapshotDir, options.snapshot, options.dataDir, options.loadDataDir];
  if (options.snapshotDir !== undefined && copies.filter((given) => given !== undefined).length > 1) {
    throw new Error('createPglite: snapshotDir excludes dataDir and loadDataDir');
  }
  if (options.snapshot !== undefined && copies.filter((given) => given !== undefined).length > 1) {
    throw new Error('createPglite: snapshot excludes snapshotDir, dataDir and loadDataDir');
  }
  // Loading the code, compiling it and reading the snapshot overlap (see the top of this file):
  // the snapshot is awaited only by the file system, once PGlite's own start needs it.
  const snapshot =
    options.snapshotDir === undefined ? options.snapshot : readDataDirectory(options.snapshotDir);
  const fs = snapshot === undefined ? undefined : new SnapshotMemoryFs(snapshot);
  const [{ PGlite }, wasmModule, ...loaded] = await Promise.all([
    import('@electric-sql/pglite'),
    options.wasmModule,
    ...names.map((name) => contrib[/** @type {keyof typeof contrib} */ (name)]()),
  ]);
  const db = await PGlite.create({
    ...(wasmModule === undefined ? {} : { pgliteWasmModule: wasmModule }),
    ...(fs === undefined ? {} : { fs }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    ...(names.length === 0
      ? {}
      : { extensions: Object.fromEntries(names.map((name, index) => [name, loaded[index]])) }),
    ...(options.postgresqlConf === undefined ? {} : { postgresqlconf: [...options.postgresqlConf] }),
    ...(options.initdbArguments === undefined ? {} : { initDbStartParams: [...options.initdbArguments] }),
  });
  try {
    for (const name of names) await db.exec(`create extension if not exists ${name}`);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
