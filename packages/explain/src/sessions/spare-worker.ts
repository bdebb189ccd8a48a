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
 * This module imports nothing but `node:worker_threads`, so the CLI's entry can load it
 * before anything else (the `@dbplay/explain/spare-worker` entry point).
 */
import { Worker } from 'node:worker_threads';

/** The worker's script (plain JavaScript, see pglite-worker.js). */
export const pgliteWorkerScript = new URL('./pglite-worker.js', import.meta.url);

let spare: Worker | undefined;

/**
 * Starts a PGlite worker thread now, for the next {@link takeSpareWorker}. An untaken spare
 * keeps nothing alive: it does not hold the process open, and ends with it.
 */
export function startSpareWorker(): void {
  if (spare !== undefined) return;
  spare = new Worker(pgliteWorkerScript);
  spare.unref();
  // A spare that failed to start is no use; the next start makes its own and reports why.
  spare.once('error', () => {
    spare = undefined;
  });
}

/** The spare worker, if one was started and has not been taken, else a new one. */
export function takeSpareWorker(): Worker {
  const worker = spare ?? new Worker(pgliteWorkerScript);
  spare = undefined;
  worker.ref();
  return worker;
}
