/**
 * A session on a dataset in PGlite: a private copy of the cached snapshot, read into memory
 * and handed to a worker thread (engines' pglite-snapshot-fs.js), so the snapshot on disk is
 * only ever read and there is no copy on disk to remove afterwards.
 *
 * Everything a learner sends runs here. A statement that outlives its time limit ends
 * the worker (pglite-worker-client.ts); {@link WorkerSession.restart} then makes a fresh
 * copy of the snapshot and a fresh worker, so the next attempt starts from the dataset as
 * it was built, whatever the last one did.
 */
import { EngineUnavailableError } from '@dbplay/core';
import { pgliteVersion } from '@dbplay/engines';
import { readDataDirectory } from '@dbplay/engines/pglite-snapshot-fs';
import { type Dataset, datasetNamed } from './dataset.ts';
import { ensureSnapshot, type Snapshot, type SnapshotOptions } from './dataset-cache.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';
import type { EngineInfo, SessionFactory, SqlResult, SqlSession } from './sql-session.ts';

export class WorkerSession implements SqlSession {
  readonly dataset: string;
  private readonly snapshotDir: string;
  private client: PgliteWorkerClient | undefined;

  private constructor(dataset: string, snapshotDir: string) {
    this.dataset = dataset;
    this.snapshotDir = snapshotDir;
  }

  static async open(dataset: string, snapshotDir: string): Promise<WorkerSession> {
    const session = new WorkerSession(dataset, snapshotDir);
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

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /** The worker, restarted from the snapshot if a time limit ended it. */
  private async live(): Promise<PgliteWorkerClient> {
    if (this.client === undefined || !this.client.alive) await this.restart();
    return this.client as PgliteWorkerClient;
  }

  private async start(): Promise<void> {
    // The snapshot is read on this thread, which has nothing else to do meanwhile, while the
    // worker starts PGlite (the spare, spare-worker.ts, may have started it already); the
    // buffers then move to the worker without a copy.
    const snapshot = readDataDirectory(this.snapshotDir).catch((error: unknown) => {
      throw new EngineUnavailableError(
        'pglite',
        `PGlite could not open ${this.snapshotDir}: ${error instanceof Error ? error.message : String(error)}`,
        { hint: 'deleting the dataset cache folder rebuilds it', cause: error },
      );
    });
    // The learner role already owns the tables: the snapshot was built so (dataset-cache.ts).
    this.client = await PgliteWorkerClient.start(snapshot, this.snapshotDir);
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

  constructor(options: { datasets: ReadonlyMap<string, Dataset> } & SnapshotOptions) {
    const { datasets, ...snapshotOptions } = options;
    this.datasets = datasets;
    this.snapshotOptions = snapshotOptions;
  }

  async open(name: string): Promise<SqlSession> {
    return WorkerSession.open(name, (await this.snapshot(name)).dir);
  }

  async prepare(datasets: readonly string[]): Promise<void> {
    await Promise.all([...new Set(datasets)].map((name) => this.snapshot(name)));
  }

  private snapshot(name: string): Promise<Snapshot> {
    return ensureSnapshot(datasetNamed(this.datasets, name), this.snapshotOptions);
  }

  async close(): Promise<void> {}
}
