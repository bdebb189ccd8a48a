/**
 * PGlite with the `pageinspect` extension loaded: PostgreSQL's own functions for reading
 * index pages (contrib/pageinspect/btreefuncs.c), which the x-ray uses to show a real
 * nbtree's levels, pages and items. Started the one way dbplay starts PGlite
 * (@dbplay/engines).
 *
 * Most of an x-ray's time was PGlite creating its cluster (initdb, in WebAssembly, writing
 * a thousand small files into its in-memory file system): `node --cpu-prof` put over 80% of
 * a `btree xray --n 10000` there. A fresh cluster is the same every time, so with a cache
 * folder it is made once and kept, and later runs open an in-memory copy of it
 * (startCachedPglite, @dbplay/engines).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startCachedPglite, startPglite } from '@dbplay/engines';
import type { PGlite } from '@electric-sql/pglite';

export interface StartPageinspectOptions {
  /** A folder for the kept cluster (the CLI's cache); without one, every start runs initdb. */
  readonly cacheDir?: string;
}

export async function startPgliteWithPageinspect(options: StartPageinspectOptions = {}): Promise<PGlite> {
  if (options.cacheDir === undefined) return startPglite({ extensions: ['pageinspect'] });
  // The cluster was kept as a tar (dumpDataDir) in `btree/` before; unpacking it took longer
  // than initdb's share. That folder held nothing else, so it goes with the tar.
  await rm(join(options.cacheDir, 'btree'), { recursive: true, force: true });
  return startCachedPglite({ cacheDir: options.cacheDir, extensions: ['pageinspect'] });
}
