/**
 * A session on a dataset in PGlite: a private copy of the cached snapshot, read into memory
 * and handed to a worker thread (engines' pglite-snapshot-fs.js), so the snapshot on disk is
 * only ever read and there is no copy on disk to remove afterwards.
 *
 * Everything a learner sends runs here. A statement that outlives its time limit ends
 * the worker (pglite-worker-client.ts); {@link WorkerSession.restart} then makes a fresh
 * copy of the snapshot and a fresh worker, so the next attempt starts from the dataset as
 * it was built, whatever the last one did.
 *
 * A session on a dataset this process has just built starts from the build's files still in
 * memory (a copy of them), while they are being written to the cache: on a learner's first
 * `explain show`, writing the 40 MB snapshot and reading it back took longer than PostgreSQL's
 * own start. The factory's close waits for that write, so a one-shot command still leaves a
 * complete snapshot behind (or reports why it could not).
 */
import { EngineUnavailableError } from '@dbplay/core';
import { type DataDirectoryContents, pgliteVersion } from '@dbplay/engines';
import { readDataDirectory } from '@dbplay/engines/pglite-snapshot-fs';
import { type Dataset, datasetNamed } from './dataset.ts';
import { ensureSnapshot, type Snapshot, type SnapshotOptions } from './dataset-cache.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';
import type { EngineInfo, SessionFactory, SqlResult, SqlSession } from './sql-session.ts';

export class WorkerSession implements SqlSession {
  readonly dataset: string;
  private readonly snapshotDir: string;
  private readonly written: Promise<void>;
  /**
   * The build's files, for the first start only (a snapshot this process has just built);
   * dropped then, so that a long-lived session does not keep 40 MB it will not use again.
   */
  private builtFiles: (() => DataDirectoryContents) | undefined;
  private client: PgliteWorkerClient | undefined;
  /** The restart under way, if any (see {@link restart}). */
  private restarting: Promise<void> | undefined;

  private constructor(dataset: string, snapshot: Snapshot) {
    this.dataset = dataset;
    this.snapshotDir = snapshot.dir;
    this.written = snapshot.written;
    this.builtFiles = snapshot.copyFiles;
  }

  static async open(dataset: string, snapshot: Snapshot): Promise<WorkerSession> {
    const session = new WorkerSession(dataset, snapshot);
    try {
      await session.start();
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  async engine(): Promise<EngineInfo> {
    const client = await this.live();
    return {
      kind: 'pglite',
      version: client.version,
      description: `PGlite ${pgliteVersion()} (PostgreSQL ${client.version})`,
    };
  }

  async query(sql: string, options: { timeLimitMs?: number } = {}): Promise<SqlResult> {
    return (await this.live()).query(sql, options.timeLimitMs);
  }

  async exec(sql: string, options: { timeLimitMs?: number } = {}): Promise<void> {
    await (await this.live()).exec(sql, options.timeLimitMs);
  }

  /**
   * Back to the dataset as it was built, in a fresh worker. One restart at a time: a caller
   * that finds the worker gone while a restart is under way waits for that one. The shell's
   * Ctrl-C restarts the session while the interrupted statement's caller is still unwinding,
   * and that caller's last request (asLearner's `reset role`) found no worker; it started a
   * second one, which replaced the first under the next statement the learner typed (whose
   * `set role` had gone to the first: "your SQL changed the role it runs as").
   */
  async restart(): Promise<void> {
    this.restarting ??= (async () => {
      await this.stop();
      await this.start();
    })().finally(() => {
      this.restarting = undefined;
    });
    await this.restarting;
  }

  async close(): Promise<void> {
    await this.restarting?.catch(() => {}); // so that no worker starts after the close
    await this.stop();
  }

  /** The worker, restarted from the snapshot if a time limit ended it. */
  private async live(): Promise<PgliteWorkerClient> {
    if (this.client === undefined || !this.client.alive) await this.restart();
    return this.client as PgliteWorkerClient;
  }

  private async start(): Promise<void> {
    // The learner role already owns the tables: the snapshot was built so (dataset-cache.ts).
    const files = this.builtFiles?.();
    this.builtFiles = undefined;
    this.client = await PgliteWorkerClient.start(files ?? this.readSnapshot(), this.snapshotDir);
  }

  /**
   * The snapshot, read on this thread, which has nothing else to do meanwhile, while the
   * worker starts PGlite (the CLI's spare, spare-worker.ts, may have started it already);
   * the buffers then move to the worker without a copy.
   */
  private async readSnapshot(): Promise<DataDirectoryContents> {
    await this.written;
    try {
      return await readDataDirectory(this.snapshotDir);
    } catch (error) {
      throw new EngineUnavailableError(
        'pglite',
        `PGlite could not open ${this.snapshotDir}: ${error instanceof Error ? error.message : String(error)}`,
        { hint: 'deleting the dataset cache folder rebuilds it', cause: error },
      );
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // The copy is in the thread's memory: ending the thread throws it away. A clean shutdown
    // would only write pages nobody will read.
    if (client !== undefined) await client.terminate();
  }
}

/** Opens PGlite sessions on datasets, building each dataset's snapshot on first use. */
export class PgliteSessionFactory implements SessionFactory {
  private readonly datasets: ReadonlyMap<string, Dataset>;
  private readonly snapshotOptions: SnapshotOptions;
  /** Snapshots built for a session and still being written to the cache. */
  private readonly writes: Promise<void>[] = [];

  constructor(options: { datasets: ReadonlyMap<string, Dataset> } & SnapshotOptions) {
    const { datasets, ...snapshotOptions } = options;
    this.datasets = datasets;
    this.snapshotOptions = snapshotOptions;
  }

  async open(name: string): Promise<SqlSession> {
    const snapshot = await this.snapshot(name);
    if (snapshot.built) this.writes.push(snapshot.written);
    return WorkerSession.open(name, snapshot);
  }

  async prepare(datasets: readonly string[]): Promise<void> {
    await Promise.all([...new Set(datasets)].map(async (name) => (await this.snapshot(name)).written));
  }

  private snapshot(name: string): Promise<Snapshot> {
    return ensureSnapshot(datasetNamed(this.datasets, name), this.snapshotOptions);
  }

  /** Waits until the snapshots built for sessions are in the cache; a failure to write one is this call's error. */
  async close(): Promise<void> {
    await Promise.all(this.writes.splice(0));
  }
}
