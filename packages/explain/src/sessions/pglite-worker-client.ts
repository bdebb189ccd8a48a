/**
 * The main thread's end of pglite-worker.js: one PGlite instance in one worker thread,
 * with a time limit on every request.
 *
 * Requests go one at a time (PostgreSQL runs one statement at a time per session anyway).
 * When a request outlives its limit the thread is terminated, which stops the query
 * mid-flight and frees the instance's memory; the client is then dead and its owner
 * starts a new one. Measured here: terminate takes a few tens of milliseconds, a new
 * worker on an in-memory copy of a snapshot about half a second. The limit counts the CPU
 * time of the worker's thread where Linux tells it, so a busy machine does not stop a
 * statement that would finish in time on an idle one (thread-cpu-clock.ts).
 */
import type { Worker } from 'node:worker_threads';
import { EngineUnavailableError } from '@dbplay/core';
import { compilePgliteWasm, type DataDirectoryContents } from '@dbplay/engines';
import { takeSpareWorker } from './spare-worker.ts';
import { SqlError, type SqlResult, TimeLimitError } from './sql-session.ts';
import { limitVerdict, threadCpuMs } from './thread-cpu-clock.ts';

interface WorkerError {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
  readonly hint?: string;
}

type Reply =
  | { readonly id: number; readonly ok: true; readonly result: SqlResult }
  | { readonly id: number; readonly ok: false; readonly error: WorkerError };

type Ready =
  | { readonly ready: true; readonly version: string; readonly cpuStatFile?: string }
  | { readonly ready: false; readonly error: WorkerError };

type Operation = 'query' | 'exec' | 'close' | 'closeAndTake';

export class PgliteWorkerClient {
  readonly version: string;
  private readonly worker: Worker;
  private nextId = 1;
  private dead = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The worker thread's CPU clock (Linux), which time limits count; else they count wall time. */
  private readonly cpuStatFile: string | undefined;

  private constructor(worker: Worker, version: string, cpuStatFile: string | undefined) {
    this.worker = worker;
    this.version = version;
    this.cpuStatFile = cpuStatFile;
    worker.on('exit', () => {
      this.dead = true;
    });
  }

  /**
   * Starts a worker and waits until PostgreSQL is up in it, on an in-memory copy of a data
   * directory (engines' pglite-snapshot-fs.js): a folder, which is only read (a session on a
   * dataset), or contents already in memory, which move to the worker without a copy (a
   * dataset's build from the shipped fresh cluster), given or still being read. The worker is
   * the spare the CLI started first thing (spare-worker.ts) if there is one: PGlite is then
   * already started in it as far as it goes without the data. Otherwise PGlite's WebAssembly
   * is compiled here, once per process, while the thread starts and the source is read.
   * `what` names the source in an error (the folder, or 'a fresh cluster').
   */
  static async start(
    source: string | DataDirectoryContents | Promise<string | DataDirectoryContents>,
    what = typeof source === 'string' ? source : 'a fresh cluster',
  ): Promise<PgliteWorkerClient> {
    const { worker, prepared, preparedForOther } = takeSpareWorker();
    // The compilation starts before the source is awaited, so that the two overlap.
    const compiling = prepared ? undefined : compilePgliteWasm();
    compiling?.catch(() => {}); // awaited below, after the source
    let snapshot: string | DataDirectoryContents;
    try {
      snapshot = await source;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    let wasmModule: WebAssembly.Module | undefined;
    try {
      wasmModule = await compiling;
    } catch (error) {
      await worker.terminate();
      throw new EngineUnavailableError(
        'pglite',
        `PGlite's WebAssembly could not be compiled: ${String(error)}`,
        {
          hint: 'run pnpm install, then dbplay doctor',
          cause: error,
        },
      );
    }
    const open = { op: 'open', wasmModule, fresh: preparedForOther };
    if (typeof snapshot === 'string') worker.postMessage({ ...open, snapshotDir: snapshot });
    else {
      // Transferred, not cloned: the buffers leave this thread (the caller must not use them again).
      const buffers = new Set(snapshot.files.map((file) => file.bytes.buffer as ArrayBuffer));
      worker.postMessage({ ...open, snapshot }, [...buffers]);
    }
    const ready = await new Promise<Ready>((resolve) => {
      worker.once('message', (message: Ready) => resolve(message));
      worker.once('error', (error) => resolve({ ready: false, error: { message: error.message } }));
      worker.once('exit', (code) =>
        resolve({ ready: false, error: { message: `the PGlite worker exited with code ${code}` } }),
      );
    });
    if (!ready.ready) {
      await worker.terminate();
      throw new EngineUnavailableError('pglite', `PGlite could not open ${what}: ${ready.error.message}`, {
        hint: 'run pnpm install, then dbplay doctor; deleting the dataset cache folder rebuilds it',
      });
    }
    return new PgliteWorkerClient(worker, ready.version, ready.cpuStatFile);
  }

  get alive(): boolean {
    return !this.dead;
  }

  query(sql: string, timeLimitMs?: number): Promise<SqlResult> {
    return this.enqueue('query', sql, timeLimitMs);
  }

  /** Runs one or more statements; returns how many rows they changed (an INSERT's count). */
  async exec(sql: string, timeLimitMs?: number): Promise<number> {
    const result = await this.enqueue('exec', sql, timeLimitMs);
    return (result as { affectedRows?: number }).affectedRows ?? 0;
  }

  /** Closes the instance cleanly (so its data directory is consistent), then ends the thread. */
  async close(): Promise<void> {
    if (this.dead) return;
    try {
      await this.enqueue('close', '', 10_000);
    } catch {
      // A close that fails or hangs still ends with the thread terminated.
    }
    await this.terminate();
  }

  /**
   * Closes an instance that ran in memory and takes its data directory (a dataset's build,
   * dataset-cache.ts): the files move out of the worker's memory into this thread's, without
   * a copy, and the thread ends.
   */
  async closeAndTake(): Promise<DataDirectoryContents> {
    try {
      const result = await this.enqueue('closeAndTake', '', 120_000);
      const { contents } = result as SqlResult & { contents?: DataDirectoryContents };
      if (contents === undefined)
        throw new EngineUnavailableError('pglite', 'the PGlite worker handed over no files');
      return contents;
    } finally {
      await this.terminate();
    }
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private cpuMs(): number | undefined {
    return this.cpuStatFile === undefined ? undefined : threadCpuMs(this.cpuStatFile);
  }

  private enqueue(op: Operation, sql: string, timeLimitMs?: number): Promise<SqlResult> {
    const run = this.queue.then(() => this.send(op, sql, timeLimitMs));
    this.queue = run.catch(() => {});
    return run;
  }

  private send(op: Operation, sql: string, timeLimitMs?: number): Promise<SqlResult> {
    if (this.dead) {
      return Promise.reject(new EngineUnavailableError('pglite', 'the PGlite worker has stopped'));
    }
    const id = this.nextId++;
    return new Promise<SqlResult>((resolve, reject) => {
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('exit', onExit);
      };
      const onMessage = (reply: Reply): void => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.ok) resolve(reply.result);
        else {
          const { message, code, detail, hint } = reply.error;
          reject(new SqlError(message, { sqlState: code, detail, hint }));
        }
      };
      const onExit = (): void => {
        cleanup();
        reject(new EngineUnavailableError('pglite', 'the PGlite worker stopped during a statement'));
      };
      const started = performance.now();
      // Read only for a statement with a limit: the clock is a file read, and a build's
      // hundreds of statements have none.
      const cpuAtStart = timeLimitMs === undefined ? undefined : this.cpuMs();
      const watch = (limitMs: number): void => {
        const cpuAtCheck = this.cpuMs();
        const cpuUsed =
          cpuAtStart === undefined || cpuAtCheck === undefined ? undefined : cpuAtCheck - cpuAtStart;
        const verdict = limitVerdict(limitMs, performance.now() - started, cpuUsed);
        if (verdict !== 'stop') {
          timer = setTimeout(() => watch(limitMs), verdict);
          return;
        }
        cleanup();
        this.dead = true;
        // The query is still running inside the thread; ending the thread stops it.
        void this.worker.terminate();
        reject(new TimeLimitError(limitMs));
      };
      let timer: NodeJS.Timeout | undefined =
        timeLimitMs === undefined ? undefined : setTimeout(() => watch(timeLimitMs), timeLimitMs);
      this.worker.on('message', onMessage);
      this.worker.on('exit', onExit);
      this.worker.postMessage({ id, op, sql });
    });
  }
}
