/**
 * What the PGlite tests share: the shipped catalog, and a dataset cache in the temporary
 * folder. The cache is keyed by each dataset's SQL like any other, so test files and runs
 * reuse one build safely (two processes building at once each rename a complete build into
 * place); the stability test builds a second, independent copy of its own.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, loadCatalog, PgliteSessionFactory, SessionPool } from '@dbplay/explain';

export const exercisesFolder = new URL('../../../exercises/explain', import.meta.url).pathname;
export const sharedCacheDir = join(tmpdir(), 'dbplay-explain-test-cache');

export async function shippedCatalog(): Promise<Catalog> {
  return loadCatalog(exercisesFolder);
}

export function pglitePool(catalog: Catalog, cacheDir: string = sharedCacheDir): SessionPool {
  return new SessionPool(new PgliteSessionFactory({ datasets: catalog.datasets, cacheDir }));
}
