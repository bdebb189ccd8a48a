/**
 * PGlite with the `pageinspect` extension loaded: PostgreSQL's own functions for reading
 * index pages (contrib/pageinspect/btreefuncs.c), which the x-ray uses to show a real
 * nbtree's levels, pages and items. Started the one way dbplay starts PGlite
 * (@dbplay/engines).
 *
 * Most of an x-ray's time was PGlite creating its cluster (initdb, in WebAssembly, writing
 * a thousand small files into its in-memory file system): `node --cpu-prof` put over 80% of
 * a `btree xray --n 10000` there. A fresh cluster is the same every time, so with a cache
 * folder the first run dumps it (`dumpDataDir`, an uncompressed tar of a few tens of MB),
 * and later runs unpack that instead of running initdb. The dump is named by PGlite's
 * version, written to a temporary name and renamed (two processes may race; the rename
 * makes either copy whole), and a dump that fails to load is deleted and rebuilt.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pgliteVersion, startPglite } from '@dbplay/engines';
import type { PGlite } from '@electric-sql/pglite';

export interface StartPageinspectOptions {
  /** A folder for the dumped cluster (the CLI's cache); without one, every start runs initdb. */
  readonly cacheDir?: string;
}

export async function startPgliteWithPageinspect(options: StartPageinspectOptions = {}): Promise<PGlite> {
  if (options.cacheDir === undefined) return startPglite({ extensions: ['pageinspect'] });
  const folder = join(options.cacheDir, 'btree');
  const dump = join(folder, `pageinspect-cluster-pglite-${pgliteVersion()}.tar`);
  const saved = await readFile(dump).catch(() => undefined);
  if (saved !== undefined) {
    try {
      return await startPglite({ extensions: ['pageinspect'], loadDataDir: new Blob([saved]) });
    } catch {
      await rm(dump, { force: true }); // a damaged dump: build a new one below
    }
  }
  const db = await startPglite({ extensions: ['pageinspect'] });
  try {
    const fresh = await db.dumpDataDir('none');
    await mkdir(folder, { recursive: true });
    const partial = `${dump}.${process.pid}.tmp`;
    await writeFile(partial, Buffer.from(await fresh.arrayBuffer()));
    await rename(partial, dump);
  } catch {
    // No cache this time (a read-only folder, a full disk): the x-ray goes on without one.
  }
  return db;
}
