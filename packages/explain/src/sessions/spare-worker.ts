/**
 * A PGlite worker thread started before anyone asks for one, so that a one-shot command
 * does not wait for it.
 *
 * A one-shot `dbplay explain show` spends its first few hundred milliseconds on the main
 * thread: Node loading the CLI's modules, then the exercise's YAML, then the dataset's
 * cache key. Only then does it know which data directory to open and start a worker
 * thread for PGlite (pglite-worker-client.ts), whose own start is as long again: Node
 * bootstrapping a second JavaScript environment, then loading PGlite's JavaScript. None of
 * the worker's start depends on what it will open, so the CLI starts a spare thread first
 * thing ({@link startSpareWorker}); the thread loads PGlite while the main thread loads the
 * CLI, and then waits for its `open` message. The next worker the process needs is that one
 * ({@link takeSpareWorker}). On two cores the two starts overlap instead of following each
 * other. This is what a database server's pre-forked backends or a connection pool's
 * idle connections do, for one process and one connection.
 *
 * The spare does more than load code: as soon as PGlite's WebAssembly is compiled (which
 * starts here too, on V8's background threads), it is sent to the thread, which starts PGlite
 * as far as it goes without knowing its data directory (instantiating the module, unpacking
 * PGlite's share/ files, Emscripten's runtime: a tenth of a second), and waits there. The
 * session that takes it sends the data directory; PostgreSQL starts on it at once.
 *
 * An instance made ahead keeps the tiering budget it was made with (engines'
 * pglite-wasm.ts), so a spare prepares one only under the short-lived budget of a one-shot
 * session. A spare started during a dataset's build (which runs under V8's default budget)
 * only loads code, and a prepared spare taken by a build is told to make a fresh instance.
 *
 * This module imports nothing but `node:worker_threads` and engines' pglite-wasm.ts (Node's
 * built-ins only), so the CLI's entry can load it before anything else (the
 * `@dbplay/explain/spare-worker` entry point).
 */
import { Worker } from 'node:worker_threads';
import { compilePgliteWasm, pgliteTiering } from '@dbplay/engines/pglite-wasm';

/** The worker's script (plain JavaScript, see pglite-worker.js). */
export const pgliteWorkerScript = new URL('./pglite-worker.js', import.meta.url);

interface Spare {
  readonly worker: Worker;
  /** Whether 'prepare' was sent: an instance waits in it, made under the short-lived budget. */
  prepared: boolean;
  taken: boolean;
}

let spare: Spare | undefined;

/**
 * Starts a PGlite worker thread now, for the next {@link takeSpareWorker}, and prepares an
 * instance in it as soon as PGlite's WebAssembly is compiled. An untaken spare keeps nothing
 * alive: it does not hold the process open, and ends with it.
 */
export function startSpareWorker(): void {
  if (spare !== undefined) return;
  const worker = new Worker(pgliteWorkerScript);
  worker.unref();
  const started: Spare = { worker, prepared: false, taken: false };
  spare = started;
  // A spare that failed to start is no use; the next start makes its own and reports why.
  worker.once('error', () => {
    if (spare === started) spare = undefined;
  });
  compilePgliteWasm().then(
    (wasmModule) => {
      // Taken already: its taker sends the module with 'open'. Under the default budget: see above.
      if (started.taken || pgliteTiering() !== 'short-lived') return;
      started.prepared = true;
      worker.postMessage({ op: 'prepare', wasmModule });
    },
    // The taker awaits the same compilation (kept by compilePgliteWasm) and reports its failure.
    () => {},
  );
}

/** What {@link takeSpareWorker} hands over. */
export interface TakenWorker {
  readonly worker: Worker;
  /**
   * Whether an instance waits in it for its data directory, made under the tiering budget
   * that applies now; if not, 'open' brings the compiled module, and asks for a fresh
   * instance when one was prepared under another budget.
   */
  readonly prepared: boolean;
  readonly preparedForOther: boolean;
}

/** The spare worker, if one was started and has not been taken, else a new one. */
export function takeSpareWorker(): TakenWorker {
  const taken = spare;
  spare = undefined;
  if (taken === undefined) {
    return { worker: new Worker(pgliteWorkerScript), prepared: false, preparedForOther: false };
  }
  taken.taken = true;
  taken.worker.ref();
  const suits = pgliteTiering() === 'short-lived';
  return {
    worker: taken.worker,
    prepared: taken.prepared && suits,
    preparedForOther: taken.prepared && !suits,
  };
}
