/**
 * The engines lessons run on, started on first use and shared by every lesson of a
 * process (`dbplay learn validate` runs them all), then stopped together.
 *
 * Starting an engine is the slow part of a lesson: PGlite takes seconds and hundreds of
 * megabytes, the embedded PostgreSQL server about a second. So each is started once, when
 * the first lesson needs it, and a lesson that changes state cleans up after itself (the
 * SQL runner drops the schema it used; EXPLAIN runs roll back; isolation runs use their
 * own databases).
 */
import type { IsolationEngine } from '@dbplay/isolation';
import type { PGlite } from '@electric-sql/pglite';

export interface LessonEnvironment {
  /** The `exercises` folder: EXPLAIN datasets, the isolation catalog, the lessons. */
  readonly exercisesDir: string;
  /** The dataset cache (`DBPLAY_CACHE`), chosen by the caller. */
  readonly cacheDir: string;
  /** A PostgreSQL server for isolation runs instead of the embedded one. */
  readonly url?: string | undefined;
  /** Told when something slow starts (an engine, a dataset build). */
  readonly onProgress?: ((message: string) => void) | undefined;
}

export class LessonEngines {
  readonly environment: LessonEnvironment;
  private pglite: Promise<PGlite> | undefined;
  private readonly isolation = new Map<string, Promise<IsolationEngine>>();
  private explainPool: Promise<import('@dbplay/explain').SessionPool> | undefined;
  private server: Promise<{ url: string; stop?: () => Promise<void> }> | undefined;

  constructor(environment: LessonEnvironment) {
    this.environment = environment;
  }

  /** A PGlite with pageinspect, for SQL lessons. */
  sqlEngine(): Promise<PGlite> {
    this.pglite ??= (async () => {
      this.environment.onProgress?.('starting PGlite (PostgreSQL 18) with pageinspect …');
      const { startPgliteWithPageinspect } = await import('@dbplay/btree');
      // From the cluster the x-ray keeps in the same cache: no initdb after the first time.
      return startPgliteWithPageinspect({ cacheDir: this.environment.cacheDir });
    })();
    return this.pglite;
  }

  /** Sessions on the EXPLAIN datasets (built into the cache on first use). */
  explainSessions(): Promise<import('@dbplay/explain').SessionPool> {
    this.explainPool ??= (async () => {
      const { join } = await import('node:path');
      const { describeBuild, loadDatasets, PgliteSessionFactory, SessionPool } = await import(
        '@dbplay/explain'
      );
      const datasets = await loadDatasets(join(this.environment.exercisesDir, 'explain', 'datasets'));
      const factory = new PgliteSessionFactory({
        datasets,
        cacheDir: this.environment.cacheDir,
        onBuild: (progress) => this.environment.onProgress?.(describeBuild(progress)),
      });
      return new SessionPool(factory);
    })();
    return this.explainPool;
  }

  /** A PostgreSQL server for `sessions` runs: --url, or the embedded one, started once. */
  serverUrl(): Promise<{ url: string }> {
    this.server ??= (async () => {
      if (this.environment.url !== undefined) return { url: this.environment.url };
      this.environment.onProgress?.('starting the embedded PostgreSQL server …');
      const { startEmbeddedPostgres } = await import('@dbplay/engines');
      const server = await startEmbeddedPostgres();
      return { url: server.url, stop: () => server.stop() };
    })();
    return this.server;
  }

  isolationEngine(name: 'postgres' | 'sqlite' | 'model'): Promise<IsolationEngine> {
    let engine = this.isolation.get(name);
    if (engine === undefined) {
      engine = (async () => {
        const isolation = await import('@dbplay/isolation');
        if (name === 'postgres') {
          this.environment.onProgress?.(
            this.environment.url === undefined ? 'starting the embedded PostgreSQL server …' : 'connecting …',
          );
          return isolation.startPostgresEngine({ url: this.environment.url });
        }
        return name === 'sqlite' ? isolation.startSqliteEngine() : isolation.startModelEngine();
      })();
      this.isolation.set(name, engine);
    }
    return engine;
  }

  /** Stops everything that was started, whatever failed before. */
  async close(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    if (this.pglite !== undefined) closing.push(this.pglite.then((db) => db.close()));
    if (this.explainPool !== undefined) closing.push(this.explainPool.then((pool) => pool.close()));
    for (const engine of this.isolation.values()) closing.push(engine.then((e) => e.close()));
    if (this.server !== undefined) closing.push(this.server.then((server) => server.stop?.()));
    await Promise.allSettled(closing);
  }
}
