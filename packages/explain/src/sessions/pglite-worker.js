/**
 * The thread a PGlite instance lives in, so that a runaway query can be stopped.
 *
 * PGlite runs PostgreSQL's executor synchronously inside WebAssembly: while a query runs,
 * the JavaScript thread that called it does nothing else, and PGlite ignores
 * `statement_timeout` (PostgreSQL's timeout needs a SIGALRM, src/backend/utils/misc/timeout.c,
 * which the single-threaded WebAssembly build never delivers). So the instance runs here,
 * in a worker thread, and the main thread keeps a timer: when a query outlives its limit,
 * the main thread terminates this whole thread, and with it the instance and its memory
 * (closing a PGlite instance does not give memory back; ending its thread does).
 *
 * Plain JavaScript on purpose: a worker starts with Node's own loader, so it needs no
 * TypeScript loader to start, under tsx, vitest or plain Node alike. The protocol
 * (pglite-worker-client.ts holds the other end):
 *
 *   → { op: 'prepare', wasmModule }  start PGlite now, with PGlite's compiled code, as far as
 *                                        it goes without its data directory (a spare thread,
 *                                        spare-worker.ts; at most once, before 'open')
 *   → { op: 'open', snapshotDir | snapshot, wasmModule?, fresh? }  open an in-memory copy of a
 *                                        data directory, from its folder or already read (engines'
 *                                        pglite-snapshot-fs.js): in the prepared instance, or
 *                                        (without 'prepare', or `fresh`) in a new one
 *   → { id, op: 'query', sql }   one statement, extended protocol; rows as arrays
 *   → { id, op: 'exec', sql }    one or more statements, simple protocol (replies with affectedRows)
 *   → { id, op: 'close' }
 *   → { id, op: 'closeAndTake' }  close, then hand the in-memory data directory over (its
 *                                 buffers move to the main thread: result.contents)
 *   ← { ready: true, version, cpuStatFile } once the instance is open (cpuStatFile: this thread's
 *                                 CPU clock, Linux only), or { ready: false, error }
 *   ← { id, ok: true, result } | { id, ok: false, error: { message, code, detail, hint } }
 */
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createPglite, preloadPglite } from '@dbplay/engines/pglite-create';
import { closeAndTake, readDataDirectory } from '@dbplay/engines/pglite-snapshot-fs';

const port = parentPort;
if (port === null) throw new Error('pglite-worker.js must run in a worker thread');

// PGlite's JavaScript loads now, before the 'open' message says what to open (a spare thread,
// spare-worker.ts, is started before the main thread knows).
preloadPglite();

/** @param {unknown} error */
function describeError(error) {
  const e = /** @type {{ message?: string, code?: string, detail?: string, hint?: string }} */ (error ?? {});
  return {
    message: typeof e.message === 'string' ? e.message : String(error),
    code: typeof e.code === 'string' ? e.code : undefined,
    detail: e.detail,
    hint: e.hint,
  };
}

/** The instance, once open. */
let db;

/**
 * An instance started by 'prepare', waiting for its data directory: PGlite's start up to the
 * point where it looks at the data (engines' SnapshotMemoryFs) runs while the main thread
 * still works out which dataset to open, instead of after.
 * @type {{ instance: Promise<any>, supply: (snapshot: any) => void, abandon: (reason: Error) => void } | undefined}
 */
let prepared;

/** @param {WebAssembly.Module} wasmModule */
function prepare(wasmModule) {
  /** @type {(snapshot: any) => void} */
  let supply = () => {};
  /** @type {(reason: Error) => void} */
  let abandon = () => {};
  const snapshot = new Promise((resolve, reject) => {
    supply = resolve;
    abandon = reject;
  });
  // The one way dbplay starts PGlite (packages/engines/src/pglite-create.js).
  const instance = createPglite({ wasmModule, snapshot });
  instance.catch(() => {}); // awaited by open(), or abandoned
  prepared = { instance, supply, abandon };
}

/**
 * @param {{ snapshotDir?: string, snapshot?: import('@dbplay/engines/pglite-snapshot-fs').DataDirectoryContents, wasmModule?: WebAssembly.Module, fresh?: boolean }} message
 */
async function open({ snapshotDir, snapshot, wasmModule, fresh }) {
  try {
    const data = snapshot ?? (snapshotDir === undefined ? undefined : readDataDirectory(snapshotDir));
    let instance;
    if (prepared !== undefined && fresh !== true) {
      prepared.supply(data);
      instance = prepared.instance;
    } else {
      // An instance prepared under another tiering budget (a dataset's build, engines'
      // withTieringForLongWork) is left to the garbage collector; a new one starts now.
      prepared?.abandon(new Error('not used: a fresh instance was asked for'));
      instance = createPglite({
        ...(data === undefined ? {} : { snapshot: data }),
        ...(wasmModule === undefined ? {} : { wasmModule }),
      });
    }
    prepared = undefined;
    db = await instance;
    const version = await db.query("select current_setting('server_version') as v");
    port.postMessage({ ready: true, version: version.rows[0].v, cpuStatFile: ownThreadStatFile() });
  } catch (error) {
    port.postMessage({ ready: false, error: describeError(error) });
  }
}

port.on('message', async (message) => {
  const { id, op, sql } = message;
  if (op === 'prepare') {
    prepare(message.wasmModule);
    return;
  }
  if (op === 'open') {
    await open(message);
    return;
  }
  try {
    if (op === 'query') {
      const result = await db.query(sql, [], { rowMode: 'array' });
      port.postMessage({
        id,
        ok: true,
        result: { rows: result.rows, columns: result.fields.map((field) => field.name) },
      });
    } else if (op === 'exec') {
      const results = await db.exec(sql);
      // How many rows the statements changed (INSERT's count), for a build's progress.
      const affectedRows = results.reduce((sum, result) => sum + (result.affectedRows ?? 0), 0);
      port.postMessage({ id, ok: true, result: { rows: [], columns: [], affectedRows } });
    } else if (op === 'close') {
      await db.close();
      port.postMessage({ id, ok: true, result: { rows: [], columns: [] } });
      port.close();
    } else if (op === 'closeAndTake') {
      const contents = await closeAndTake(db);
      // Moved, not copied: the thread ends now, and its file system with it.
      const buffers = new Set(contents.files.map((file) => file.bytes.buffer));
      port.postMessage({ id, ok: true, result: { rows: [], columns: [], contents } }, [...buffers]);
      port.close();
    }
  } catch (error) {
    port.postMessage({ id, ok: false, error: describeError(error) });
  }
});

/**
 * This thread's CPU clock on Linux, `/proc/<pid>/task/<tid>/stat` (/proc/thread-self links to
 * "<pid>/task/<tid>"), so the client's time limits count the time PostgreSQL ran
 * (thread-cpu-clock.ts); undefined elsewhere, and the limits are wall time.
 */
function ownThreadStatFile() {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/stat`;
  } catch {
    return undefined;
  }
}
