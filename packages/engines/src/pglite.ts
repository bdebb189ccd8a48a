/**
 * PGlite: PostgreSQL compiled to WebAssembly, running inside this Node process.
 *
 * It is the real PostgreSQL planner and storage (version 18 in @electric-sql/pglite 0.5),
 * so EXPLAIN plans and `pageinspect` page dumps are the genuine article, with nothing to
 * install. Two facts shape how dbplay uses it: an instance costs seconds and hundreds of
 * megabytes to start, so a process starts one and reuses it; and it is single-user, so
 * anything needing concurrent sessions goes to a real server instead.
 */
import { EngineUnavailableError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';

export interface PgliteOptions {
  /** A data directory to open or create; in memory when absent. */
  readonly dataDir?: string;
}

export async function startPglite(options: PgliteOptions = {}): Promise<PGlite> {
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    return await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  } catch (error) {
    throw new EngineUnavailableError(
      'pglite',
      `PGlite could not be started: ${error instanceof Error ? error.message : String(error)}`,
      { hint: 'run pnpm install, then dbplay doctor', cause: error },
    );
  }
}
