/**
 * PGlite with the `pageinspect` extension loaded: PostgreSQL's own functions for reading
 * index pages (contrib/pageinspect/btreefuncs.c), which the x-ray uses to show a real
 * nbtree's levels, pages and items.
 */
import { EngineUnavailableError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';

export async function startPgliteWithPageinspect(): Promise<PGlite> {
  try {
    const [{ PGlite }, { pageinspect }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pageinspect'),
    ]);
    const db = await PGlite.create({ extensions: { pageinspect } });
    await db.exec('create extension if not exists pageinspect');
    return db;
  } catch (error) {
    throw new EngineUnavailableError(
      'pglite',
      `PGlite with pageinspect could not be started: ${error instanceof Error ? error.message : String(error)}`,
      { hint: 'run pnpm install, then dbplay doctor', cause: error },
    );
  }
}
