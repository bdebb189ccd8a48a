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
import { setFlagsFromString } from 'node:v8';
import { EngineUnavailableError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';
import { type CreatePgliteOptions, compileWasmFile, createPglite } from './pglite-create.js';

export type { CreatePgliteOptions as PgliteOptions, PgliteExtension } from './pglite-create.js';

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

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * How long the process that runs PGlite expects to live, which decides how V8 should
 * compile PGlite's code: `short` for one command (the default), `long` for the shell.
 *
 * V8 compiles WebAssembly in two tiers. Each function is first compiled, when it is first
 * called, by Liftoff, a one-pass baseline compiler; a function that then runs for long
 * enough (its "tiering budget", about 1.8 million bytes of code executed, is used up) is
 * compiled again by TurboFan, the optimising compiler, on a background thread. For
 * PostgreSQL that second tier is expensive: thousands of its functions use up the budget
 * within a second, and TurboFan spent more CPU compiling them than the optimised code
 * saved. Profiled on a one-shot `dbplay explain show` (`node --cpu-prof`, load 8–10), the
 * process took 1.7–2.4 s of CPU by default and 0.9–1.1 s with TurboFan held back; a
 * dataset build 7.6–9.0 s against 6.8 s. The process even waited at its exit for the
 * background compilations to finish. So a short-lived process raises the budget a
 * thousandfold: only the hottest functions of a long load or ANALYZE reach TurboFan.
 * The shell keeps V8's default: there the same statements run again and again, and the
 * optimised code pays for itself (a warm `explain show` fell from 360 to 51 ms as it
 * tiered up; docs/performance.md, "The shell").
 *
 * The flag is process-wide and set once, just before PGlite's module is compiled, so this
 * must be called before the first PGlite starts; a later call changes nothing.
 */
export function setPgliteLifetime(lifetime: 'short' | 'long'): void {
  if (compiled === undefined) pgliteLifetime = lifetime;
}

let pgliteLifetime: 'short' | 'long' = 'short';

/** V8's flag for a short-lived process: a tiering budget a thousand times the default (1.8 M). */
const shortLivedTieringBudget = '--wasm-tiering-budget=1800000000';

/** V8's own default tiering budget (`node --v8-options`, V8 11.3). */
const defaultTieringBudget = '--wasm-tiering-budget=1800000';

let longWork = 0;

/**
 * Runs `work`, a long computation in PGlite (a dataset's build: seconds of inserts and
 * ANALYZE over the same few functions), with V8's default tiering even in a short-lived
 * process: there the hot functions do run long enough for TurboFan's code to pay for
 * itself, and TurboFan compiles on V8's background threads, so on a machine with a
 * second core the build's own thread mostly just runs faster. Measured on a first
 * `dbplay explain show` (load 9–10, per-thread CPU from /proc): the build's thread
 * 5.1–5.2 s with the thousandfold budget, 3.9–4.4 s with the default, while the
 * background threads took 0.9–1.1 s more.
 *
 * The budget is read when an instance is made and whenever a function's budget runs out,
 * so it applies to the instances started during `work`; the short-lived budget comes back
 * when the last such work ends (a session opened afterwards keeps what TurboFan compiled
 * meanwhile: the compiled module is shared). In the shell (`long`) nothing changes.
 */
export async function withTieringForLongWork<T>(work: () => Promise<T>): Promise<T> {
  if (pgliteLifetime === 'long') return work();
  // Compiling sets the short-lived budget once; it must come before this change, not after.
  compilePgliteWasm().catch(() => {});
  longWork++;
  setFlagsFromString(defaultTieringBudget);
  try {
    return await work();
  } finally {
    longWork--;
    if (longWork === 0) setFlagsFromString(shortLivedTieringBudget);
  }
}

/**
 * PGlite's WebAssembly (9 MB), compiled once per process and kept: one compiled module
 * starts any number of instances, here or in worker threads (a `WebAssembly.Module` can be
 * posted to a worker), so the shell's sessions and a worker restarted after a time limit
 * do not compile it again, and a one-shot command compiles it while its worker starts.
 */
export function compilePgliteWasm(): Promise<WebAssembly.Module> {
  // The flag is process-wide; it is set once, just before the one compilation.
  if (compiled === undefined && pgliteLifetime === 'short') setFlagsFromString(shortLivedTieringBudget);
  compiled ??= compileWasmFile(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'));
  return compiled;
}

/** The version of the installed PGlite package (`0.5.17`), for cache keys and descriptions. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = require(join(dirname(entry), '..', 'package.json')) as { version: string };
  return pkg.version;
}
