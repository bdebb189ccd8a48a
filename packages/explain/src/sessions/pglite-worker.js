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
 *   → { op: 'open', snapshotDir | snapshot, wasmModule? }  open an in-memory copy of a data
 *                                        directory, from its folder or already read (engines'
 *                                        pglite-snapshot-fs.js), with PGlite's compiled code
 *   → { id, op: 'query', sql }   one statement, extended protocol; rows as arrays
 *   → { id, op: 'exec', sql }    one or more statements, simple protocol (replies with affectedRows)
 *   → { id, op: 'close' }
 *   → { id, op: 'closeAndTake' }  close, then hand the in-memory data directory over (its
 *                                 buffers move to the main thread: result.contents)
 *   ← { ready: true, version } once the instance is open, or { ready: false, error }
 *   ← { id, ok: true, result } | { id, ok: false, error: { message, code, detail, hint } }
 */
import { parentPort } from 'node:worker_threads';
import { createPglite, preloadPglite } from '@dbplay/engines/pglite-create';
import { closeAndTake } from '@dbplay/engines/pglite-snapshot-fs';

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

// The thread starts while the main thread compiles PGlite's WebAssembly, so what to open
// comes in an 'open' message; starting the thread meanwhile overlaps the compilation.
let db;

/**
 * @param {{ snapshotDir?: string, snapshot?: import('@dbplay/engines/pglite-snapshot-fs').DataDirectoryContents, wasmModule?: WebAssembly.Module }} message
 */
async function open({ snapshotDir, snapshot, wasmModule }) {
  try {
    // The one way dbplay starts PGlite (packages/engines/src/pglite-create.js).
    db = await createPglite({
      ...(snapshotDir === undefined ? {} : { snapshotDir }),
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(wasmModule === undefined ? {} : { wasmModule }),
    });
    const version = await db.query("select current_setting('server_version') as v");
    port.postMessage({ ready: true, version: version.rows[0].v });
  } catch (error) {
    port.postMessage({ ready: false, error: describeError(error) });
  }
}

port.on('message', async (message) => {
  const { id, op, sql } = message;
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
