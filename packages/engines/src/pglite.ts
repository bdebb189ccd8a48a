/**
 * PGlite: PostgreSQL compiled to WebAssembly, running inside this Node process.
 *
 * It is the real PostgreSQL planner and storage (version 18 in @electric-sql/pglite 0.5),
 * so EXPLAIN plans and `pageinspect` page dumps are the genuine article, with nothing to
 * install. Two facts shape how dbplay uses it: an instance costs seconds and hundreds of
 * megabytes to start, so a process starts one and reuses it; and it is single-user, so
 * anything needing concurrent sessions goes to a real server instead.
 *
 * Every PGlite dbplay starts goes through {@link createPglite} (pglite-create.js): here on
 * the main thread, where a failure becomes an engine error (exit 3), and in the EXPLAIN
 * worker thread, which imports the same file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EngineUnavailableError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';
import { type CreatePgliteOptions, createPglite } from './pglite-create.js';
import { compilePgliteWasm } from './pglite-wasm.ts';

export type { CreatePgliteOptions as PgliteOptions, PgliteExtension } from './pglite-create.js';
export {
  compilePgliteWasm,
  pgliteTiering,
  setPgliteLifetime,
  withTieringForLongWork,
} from './pglite-wasm.ts';

/** Starts PGlite (in memory, or on `dataDir`), with the extensions asked for installed. */
export async function startPglite(options: CreatePgliteOptions = {}): Promise<PGlite> {
  try {
    return await createPglite({ wasmModule: compilePgliteWasm(), ...options });
  } catch (error) {
    const extensions = options.extensions ?? [];
    const what = extensions.length === 0 ? 'PGlite' : `PGlite with ${extensions.join(', ')}`;
    throw new EngineUnavailableError(
      'pglite',
      `${what} could not be started: ${error instanceof Error ? error.message : String(error)}`,
      { hint: 'run pnpm install, then dbplay doctor', cause: error },
    );
  }
}

/** The version of the installed PGlite package (`0.5.17`), for cache keys and descriptions. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = require(join(dirname(entry), '..', 'package.json')) as { version: string };
  return pkg.version;
}
