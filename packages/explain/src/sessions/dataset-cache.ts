/**
 * Building each dataset once and keeping it as a PGlite data directory.
 *
 * Running a dataset script takes seconds (the shop dataset's inserts and ANALYZE about
 * three of CPU); opening a data directory that already holds the tables takes a fraction of one. So the first use
 * of a dataset builds it into `<cache>/explain/datasets/<name>-<key>/`, where the key is a
 * hash of its SQL (dataset.ts), and every later process opens a copy of that folder made
 * in its worker's memory (worker-session.ts): a private copy per session, because even a
 * rolled-back transaction leaves dead tuples behind, and a table grown that way would cost
 * more in the next plan.
 *
 * The build: a copy of a fresh cluster in a worker's memory (the one dbplay ships, made by
 * PGlite's initdb, or without it the cache's own: @dbplay/engines' freshCluster), with V8's
 * optimising compiler allowed to work on PostgreSQL's hot functions meanwhile
 * (withTieringForLongWork); the dataset script (which loads and ANALYZEs); then `VACUUM` on
 * its own (it cannot run inside the script's implicit transaction), which sets the visibility
 * map so index-only scans need no heap fetches, as on a server after autovacuum; then the
 * learner role is made the tables' owner (learner-sql-guard.ts), once here rather than at
 * every session's start, where it took a third of a second of `explain show`; then the
 * template databases are dropped: a session only ever uses `postgres`, and template0 and
 * template1 are 600 of a snapshot's 1,000 files, each read by every session. PostgreSQL
 * then shuts down, and its data directory leaves the worker's memory in one go (a build on
 * disk spent a fifth of its CPU time writing pages one system call at a time): it is written
 * to the cache while the session that asked for the dataset starts from a copy of it in
 * memory (worker-session.ts), since writing 40 MB and reading it back took longer than
 * PostgreSQL's own start. The files go to a temporary folder that is renamed into place when
 * complete, so a process that dies mid-write, or two that build at once, never leave a
 * half-built cache.
 */

import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, formatCount, renderProgressBar, splitStatements } from '@dbplay/core';
import {
  type DataDirectoryContents,
  freshCluster,
  isDataDirectory,
  makeTemporaryDir,
  pgliteVersion,
  removeTemporaryDir,
  withTieringForLongWork,
  writeDataDirectory,
} from '@dbplay/engines';
import { prepareLearnerRoleSql } from '../grading/learner-sql-guard.ts';
import { type Dataset, datasetKey } from './dataset.ts';
import { type DatasetStatistics, restoreStatisticsSql, shippedStatistics } from './dataset-statistics.ts';
import { PgliteWorkerClient } from './pglite-worker-client.ts';
import { startSpareWorker } from './spare-worker.ts';
import { SqlError } from './sql-session.ts';

export interface SnapshotOptions {
  /** The cache root: `DBPLAY_CACHE`, or a folder under the user's home, chosen by the caller. */
  readonly cacheDir: string;
  /**
   * The cache whose kept fresh cluster a build starts from (default: `cacheDir`). `explain
   * validate` builds its second instance in a temporary cache but from the user's cluster:
   * initdb makes the same cluster every time, and what the second instance checks, ANALYZE's
   * sampling, happens in the dataset's script.
   */
  readonly clusterCacheDir?: string;
  /** Told when a build starts, and as it goes, since it takes seconds: a progress bar's input. */
  readonly onBuild?: (progress: BuildProgress) => void;
  /**
   * Where a build's statistics come from: ANALYZE's output shipped beside the script, when
   * made for this very build (`shipped`, the default; dataset-statistics.ts), or the script's
   * own ANALYZE run again (`analyze`: `explain validate`'s second instance, which checks it).
   */
  readonly statistics?: 'shipped' | 'analyze';
}

/** How far a dataset's build has got. */
export interface BuildProgress {
  readonly dataset: Dataset;
  readonly phase: 'cluster' | 'load' | 'vacuum';
  /**
   * 0 to 1: the build's parts weighted by their share of its time as profiled on the shop
   * dataset (PostgreSQL's start on a fresh cluster about 15%, the script 75%, VACUUM and
   * writing the snapshot 10%), the script's statements by the rows each generates (the
   * largest `generate_series` bound in it), and ANALYZE by the rows it reads back (0.4 of
   * those loaded before it: it took about 1 s to the inserts' 2.5 s), or as a statement
   * without rows when its shipped statistics are restored instead (dataset-statistics.ts).
   */
  readonly fraction: number;
  /** Rows the dataset's script has inserted so far. */
  readonly rows: number;
}

/**
 * The progress line of a build:
 * `[█████████░░░░░░░░░░░]  44% building dataset shop (first use): loading rows · 21,000 rows`.
 */
export function describeBuild(progress: BuildProgress): string {
  const doing = {
    cluster: 'starting PostgreSQL on a fresh cluster',
    load: `loading rows · ${formatCount(progress.rows)} rows`,
    vacuum: `VACUUM · ${formatCount(progress.rows)} rows`,
  }[progress.phase];
  const what = `building dataset ${progress.dataset.name} (first use; later runs reuse it): ${doing}`;
  return renderProgressBar(Math.round(progress.fraction * 100), 100, what, 20, false);
}

/** The parts of a build, as shares of its time (see BuildProgress.fraction). */
const buildShares = { cluster: 0.15, load: 0.75 } as const;

export interface Snapshot {
  readonly dataset: Dataset;
  readonly dir: string;
  /** Whether this call built it (a cold cache). */
  readonly built: boolean;
  /**
   * For a snapshot this call built: a copy of its files, still in memory, so that the session
   * that asked for it opens them without waiting for them to be written and read back.
   */
  readonly copyFiles?: () => DataDirectoryContents;
  /**
   * Settles once `dir` holds the snapshot: at once for one found in the cache, when the files
   * are written and renamed into place for one just built. Rejects if writing it failed.
   */
  readonly written: Promise<void>;
}

/**
 * A dataset's snapshot, built first if the cache does not hold it yet. A build returns as
 * soon as its files are in memory, and writes them to the cache meanwhile (`written`).
 */
export async function ensureSnapshot(dataset: Dataset, options: SnapshotOptions): Promise<Snapshot> {
  const folder = join(options.cacheDir, 'explain', 'datasets');
  const key = datasetKey(dataset, pgliteVersion());
  const dir = join(folder, `${dataset.name}-${key}`);
  const cached: Snapshot = { dataset, dir, built: false, written: Promise.resolve() };
  if (await isDataDirectory(dir)) return cached;

  // The slot is held until the files are written, which bounds the memory builds hold.
  const release = await buildSlots.take();
  let files: DataDirectoryContents;
  try {
    // Another call may have built it while this one waited for a slot.
    if (await isDataDirectory(dir)) {
      release();
      return cached;
    }
    const report = options.onBuild ?? (() => {});
    report({ dataset, phase: 'cluster', fraction: 0, rows: 0 });
    const statistics = options.statistics === 'analyze' ? undefined : await shippedStatistics(dataset, key);
    files = await withTieringForLongWork(() =>
      buildInMemory(dataset, options.clusterCacheDir ?? options.cacheDir, statistics, report),
    );
  } catch (error) {
    release();
    throw error;
  }
  const written = writeSnapshot(files, folder, dir, dataset.name).finally(release);
  written.catch(() => {}); // a caller that does not wait for it is not told; one that does is
  return { dataset, dir, built: true, copyFiles: () => copyOf(files), written };
}

/**
 * Builds run in worker threads, so two can use both cores of a small machine; more would
 * only compete for them (and each costs a few hundred megabytes while it runs).
 */
const buildSlots = new (class {
  private free = 2;
  private readonly waiting: (() => void)[] = [];

  /** Waits for a free slot; the function returned gives it back. */
  async take(): Promise<() => void> {
    if (this.free === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.free--;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free++;
    };
  }
})();

/**
 * Writes a built snapshot into the cache: in a temporary folder renamed into place when
 * complete, so a process that dies mid-write, or two that build at once, never leave a
 * half-written snapshot.
 */
async function writeSnapshot(
  files: DataDirectoryContents,
  folder: string,
  dir: string,
  name: string,
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const building = await makeTemporaryDir(`.${name}-building-`, folder);
  try {
    await writeDataDirectory(files, join(building, 'data'));
    try {
      await rename(join(building, 'data'), dir);
    } catch (error) {
      // Another process finished the same build first; its copy is as good as ours.
      if (!(await isDataDirectory(dir))) throw error;
    }
  } finally {
    await removeTemporaryDir(building);
  }
  await removeOutdated(folder, name, dir);
}

/** A copy of a data directory held in memory, each file in a buffer of its own (so it can move to a thread). */
function copyOf(files: DataDirectoryContents): DataDirectoryContents {
  return {
    folders: [...files.folders],
    files: files.files.map(({ path, bytes }) => ({ path, bytes: new Uint8Array(bytes) })),
  };
}

/** The dataset built in a worker's memory; its data directory, handed over when PostgreSQL has shut down. */
async function buildInMemory(
  dataset: Dataset,
  clusterCacheDir: string,
  statistics: DatasetStatistics | undefined,
  report: (progress: BuildProgress) => void,
): Promise<DataDirectoryContents> {
  // A copy of a fresh cluster, in the worker's memory: the one dbplay ships, or the kept one
  // initdb made for this cache (engines' freshCluster). The build writes the result out at
  // the end, once, instead of page by page from JavaScript as PostgreSQL works.
  const client = await PgliteWorkerClient.start(freshCluster({ cacheDir: clusterCacheDir }));
  // The session that opens the dataset next needs a worker too: started now, its thread and
  // PGlite's JavaScript load while the build runs (on the second core, if one is free).
  startSpareWorker();
  try {
    // One statement at a time, so that a progress bar can move between them. Each is its own
    // transaction then, not one for the script: the rows and the statistics are the same.
    const statements = splitStatements(dataset.sql);
    // The script's closing ANALYZE gives way to its shipped output (dataset-statistics.ts),
    // if the script has no other ANALYZE (whose statistics a later statement could change).
    const analyzes = statements.filter((statement) => isAnalyze(statement.text));
    const restored = statistics !== undefined && analyzes.length === 1 && analyzes[0] === statements.at(-1);
    const weights = statementWeights(statements.map((statement) => statement.text));
    if (restored) weights[weights.length - 1] = 1; // a restore takes hundredths of a second
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let done = 0;
    let rows = 0;
    report({ dataset, phase: 'load', fraction: buildShares.cluster, rows });
    for (const [i, statement] of statements.entries()) {
      if (!(restored && i === statements.length - 1 && (await restoreStatistics(client, statistics)))) {
        rows += await client.exec(statement.text);
      }
      done += weights[i] ?? 0;
      const fraction = buildShares.cluster + (buildShares.load * done) / total;
      report({ dataset, phase: 'load', fraction, rows });
    }
    report({ dataset, phase: 'vacuum', fraction: buildShares.cluster + buildShares.load, rows });
    await client.exec('vacuum');
    await client.exec(prepareLearnerRoleSql);
    // DROP DATABASE refuses templates and cannot run in a transaction block: one at a time.
    for (const template of ['template1', 'template0']) {
      await client.exec(`alter database ${template} is_template false`);
      await client.exec(`drop database ${template}`);
    }
    return await client.closeAndTake();
  } catch (error) {
    if (error instanceof SqlError) {
      // The script is the dataset author's input: a mistake in it is bad input (exit 2).
      throw new BadInputError(`dataset ${dataset.name} failed to build: ${error.message}`, {
        location: { file: dataset.file, line: 1 },
        code: 'dataset-failed',
      });
    }
    throw error;
  } finally {
    await client.terminate();
  }
}

/**
 * Restores a dataset's shipped statistics; false if PostgreSQL refused any of them (then the
 * script's ANALYZE runs and stores its own over them, or in place of them after an error).
 */
async function restoreStatistics(
  client: PgliteWorkerClient,
  statistics: DatasetStatistics,
): Promise<boolean> {
  try {
    const result = await client.query(restoreStatisticsSql(statistics));
    const restored = result.rows[0]?.[0];
    return Array.isArray(restored) && restored.every((ok) => ok === true);
  } catch (error) {
    // A file that names what the script did not make (an error, not a refusal): ANALYZE runs.
    if (error instanceof SqlError) return false;
    throw error;
  }
}

/** Whether a statement is ANALYZE (after any comment lines). */
function isAnalyze(sql: string): boolean {
  return /^\s*(--[^\n]*\n\s*)*analyze\b/i.test(sql);
}

/**
 * Each statement's share of a script's time: the rows an INSERT generates, ANALYZE 0.4 of
 * the rows generated before it (it reads them all back), and 1 for anything else.
 */
function statementWeights(statements: readonly string[]): number[] {
  let before = 0;
  return statements.map((sql) => {
    if (isAnalyze(sql)) return Math.max(1, Math.round(0.4 * before));
    const rows = rowsGenerated(sql);
    before += rows;
    return rows;
  });
}

/**
 * About how many rows a statement generates: the largest `generate_series` bound in it
 * (at least 1, so that DDL moves the bar a little too).
 */
function rowsGenerated(sql: string): number {
  const bounds = [...sql.matchAll(/generate_series\s*\(\s*[^,()]+,\s*(\d+)/gi)].map((m) => Number(m[1]));
  return Math.max(1, ...bounds);
}

/** Snapshots of older versions of the same dataset are never opened again. */
async function removeOutdated(folder: string, name: string, keep: string): Promise<void> {
  for (const entry of await readdir(folder)) {
    const path = join(folder, entry);
    if (path !== keep && new RegExp(`^${name}-[0-9a-f]{16}$`).test(entry)) {
      await rm(path, { recursive: true, force: true });
    }
  }
}
