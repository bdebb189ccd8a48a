/**
 * A fresh PGlite cluster made once and kept: initdb runs on the first start (in memory,
 * then written out), and every later start opens an in-memory copy of the result
 * (pglite-snapshot-fs.js).
 *
 * initdb is most of a cold PGlite start: bootstrapping the catalogs in WebAssembly and
 * writing a thousand small files, seconds on a small machine. A fresh cluster is the same
 * every time for one PGlite version and set of extensions, so it is kept in dbplay's cache
 * as a plain data directory (`<cache>/pglite/cluster-<version>-<extensions>/`), the way the
 * embedded server keeps the cluster its initdb made (embedded-postgres.ts) and EXPLAIN keeps
 * its datasets. The directory is built in a temporary folder and renamed into place when
 * whole, so two processes that build at once, or one that dies mid-build, never leave a
 * half-made cluster; one that fails to open is deleted and built again.
 *
 * The cluster is made small ({@link smallCluster}), because every start reads all of it.
 *
 * Where it comes from: dbplay ships a fresh cluster made by this PGlite's initdb with these
 * same arguments (pglite-cluster-archive.ts), so the first start on a machine unpacks it
 * (about 0.2 s) instead of running initdb (about 4 s of CPU); extensions are then installed
 * into a copy of it. Only when no shipped cluster matches the installed PGlite (a PGlite
 * upgraded without a new archive) does the cache run initdb itself, as it always did.
 */
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { makeTemporaryDir, removeTemporaryDir } from './exit-cleanup.ts';
import { type PgliteExtension, pgliteVersion, startPglite } from './pglite.ts';
import { type ClusterManifest, readClusterArchive } from './pglite-cluster-archive.ts';
import { closeInto, type DataDirectoryContents, writeDataDirectory } from './pglite-snapshot-fs.js';

/**
 * How dbplay creates the PGlite clusters it keeps, so that reading one costs little.
 * Write-ahead log is most of an idle data directory: PostgreSQL keeps `min_wal_size` (80 MB
 * by default) of 16 MB segments for reuse. A kept cluster needs only the segment holding its
 * last checkpoint, so it is made with 1 MB segments (`initdb --wal-segsize`, fixed at initdb)
 * and keeps at most two. And every start initialises shared memory: with 16 MB of shared
 * buffers instead of 128 MB, PostgreSQL starts quicker and takes about 150 MB less memory.
 * None of this changes a plan: the planner reads `effective_cache_size`, never
 * shared_buffers (only EXPLAIN's BUFFERS split of hits and reads moves; their sum does not).
 */
export const smallCluster = {
  initdb: ['--wal-segsize=1'],
  conf: ["min_wal_size = '2MB'", "max_wal_size = '32MB'", 'wal_recycle = off', "shared_buffers = '16MB'"],
} as const;

export interface CachedPgliteOptions {
  /** dbplay's cache folder (`DBPLAY_CACHE`), chosen by the caller. */
  readonly cacheDir: string;
  /** Contrib extensions, installed in the kept cluster (and loaded at every start). */
  readonly extensions?: readonly PgliteExtension[];
  /** Whether a cluster to make may come from the shipped one (default true; false runs initdb). */
  readonly shipped?: boolean;
}

/** Starts PGlite on an in-memory copy of a kept fresh cluster, made first if need be. */
export async function startCachedPglite(options: CachedPgliteOptions): Promise<PGlite> {
  const extensions = options.extensions ?? [];
  let dir: string;
  try {
    dir = await keptCluster(options);
  } catch {
    // No cache this time (a read-only folder, a full disk): start without one, from initdb.
    return startPglite({ extensions });
  }
  try {
    return await startPglite({ snapshotDir: dir, extensions });
  } catch {
    await rm(dir, { recursive: true, force: true }); // damaged: made again
    return startPglite({ snapshotDir: await keptCluster(options), extensions });
  }
}

/**
 * A fresh cluster without extensions, for a caller that opens it in memory and never
 * writes to it (a dataset's build): the shipped cluster itself, read into memory, when the
 * installed PGlite has one, so nothing is written to the cache first; else the kept
 * cluster's folder (made now, with initdb, if the cache has none).
 */
export async function freshCluster(options: CachedPgliteOptions): Promise<string | DataDirectoryContents> {
  const shipped = (options.shipped ?? true) ? await shippedCluster() : undefined;
  return shipped ?? keptCluster({ ...options, extensions: [] });
}

/** Clusters being made by this process, so that two callers wait for one initdb. */
const making = new Map<string, Promise<string>>();

/**
 * The folder of the kept fresh cluster with these extensions, made now if the cache has
 * none (initdb in memory, then written out: see pglite-snapshot-fs.js). A dataset's build
 * starts from it too (explain's dataset-cache.ts), so initdb runs once per cache folder.
 */
export async function keptCluster(options: CachedPgliteOptions): Promise<string> {
  const extensions = [...(options.extensions ?? [])].sort();
  const folder = join(options.cacheDir, 'pglite');
  const dir = join(folder, `cluster-${pgliteVersion()}-${extensions.join('+') || 'plain'}`);
  if (await isDataDirectory(dir)) return dir;
  let made = making.get(dir);
  if (made === undefined) {
    made = makeCluster(folder, dir, extensions, options.shipped ?? true).finally(() => making.delete(dir));
    making.set(dir, made);
  }
  return made;
}

async function makeCluster(
  folder: string,
  dir: string,
  extensions: readonly PgliteExtension[],
  shipped: boolean,
): Promise<string> {
  await mkdir(folder, { recursive: true });
  const building = await makeTemporaryDir('.cluster-building-', folder);
  try {
    const fresh = shipped ? await shippedCluster() : undefined;
    if (fresh !== undefined && extensions.length === 0) {
      await writeDataDirectory(fresh, join(building, 'data'));
    } else {
      // Extensions are installed by PostgreSQL itself (CREATE EXTENSION), in a copy of the
      // shipped cluster when there is one, else in a cluster initdb makes now.
      const db = await startPglite(
        fresh !== undefined
          ? { snapshot: fresh, extensions }
          : { extensions, initdbArguments: smallCluster.initdb, postgresqlConf: smallCluster.conf },
      );
      await closeInto(db, join(building, 'data'));
    }
    await rename(join(building, 'data'), dir).catch(async (error: unknown) => {
      // Another process made the same cluster first; its copy is as good as this one.
      if (!(await isDataDirectory(dir))) throw error;
    });
  } finally {
    await removeTemporaryDir(building);
  }
  return dir;
}

/** Where the fresh cluster made by this PGlite's initdb is shipped, and its manifest (pglite-cluster-archive.ts). */
export function shippedClusterFiles(version: string = pgliteVersion()): {
  archive: string;
  manifest: string;
} {
  const base = new URL(`../fresh-cluster/pglite-${version}`, import.meta.url);
  return { archive: fileURLToPath(`${base.href}.tar.br`), manifest: fileURLToPath(`${base.href}.json`) };
}

/**
 * The shipped fresh cluster, read into memory, if one was made by the installed PGlite with
 * {@link smallCluster}'s arguments and is whole; else undefined (and initdb runs).
 */
async function shippedCluster(): Promise<DataDirectoryContents | undefined> {
  const files = shippedClusterFiles();
  try {
    const manifest = JSON.parse(await readFile(files.manifest, 'utf8')) as ClusterManifest;
    const same = (a: readonly string[], b: readonly string[]) => a.join('\n') === b.join('\n');
    if (
      manifest.pglite !== pgliteVersion() ||
      !same(manifest.initdbArguments, smallCluster.initdb) ||
      !same(manifest.postgresqlConf, smallCluster.conf)
    ) {
      return undefined;
    }
    return await readClusterArchive(files.archive, manifest.sha256);
  } catch {
    return undefined; // none shipped for this version, or damaged: initdb makes the cluster
  }
}

/**
 * Whether `dir` holds a complete data directory: initdb writes PG_VERSION, and a cache builds in
 * a temporary folder renamed into place when done, so a folder with it is never half-built.
 */
export async function isDataDirectory(dir: string): Promise<boolean> {
  try {
    await access(join(dir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}
