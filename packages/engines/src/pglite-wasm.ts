/**
 * How V8 compiles PGlite's WebAssembly (9 MB of PostgreSQL), once per process, and how hard
 * it optimises it: a module of its own, importing only Node's built-ins, so that the CLI's
 * first lines can start the compilation (`@dbplay/engines/pglite-wasm`) before anything else
 * loads. Everything else about PGlite is in pglite.ts, which re-exports this.
 *
 * A `WebAssembly.Module` is compiled code without memory or state: one compiled module
 * starts any number of instances, in this thread or in worker threads (a module posted to a
 * worker is shared, not copied), the way one executable starts any number of processes.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

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
 * V8's flag to validate each WebAssembly function when it is first compiled, at its first
 * call, instead of all of them before the module can be used. V8 already compiles lazily
 * (Liftoff, function by function, at first call), but by default still validates the whole
 * module up front: for PGlite's 9 MB, about 60 ms of CPU, 35 ms of it blocking the thread
 * that asked (measured alone, Node 20, load 8: 51 ms of wall time and 86 ms of CPU by
 * default, 20 ms and 26 ms with this flag). A one-shot `explain show` calls a small part of
 * PostgreSQL; Liftoff validates what it compiles as it goes. The module is the one PGlite's
 * release ships, so an invalid function would be PGlite's bug either way; it would surface
 * as an error at its first call instead of at the compilation.
 */
const lazyValidation = '--wasm-lazy-validation';

/**
 * PGlite's WebAssembly (9 MB), compiled once per process and kept: one compiled module
 * starts any number of instances, here or in worker threads (a `WebAssembly.Module` can be
 * posted to a worker), so the shell's sessions and a worker restarted after a time limit
 * do not compile it again, and a one-shot command compiles it while its worker starts.
 */
export function compilePgliteWasm(): Promise<WebAssembly.Module> {
  // The flags are process-wide; they are set once, just before the one compilation.
  if (compiled === undefined) {
    setFlagsFromString(lazyValidation);
    if (pgliteLifetime === 'short') setFlagsFromString(shortLivedTieringBudget);
  }
  compiled ??= compileWasmFile(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'));
  return compiled;
}

/**
 * The tiering budget an instance made now gets: `short-lived` in a one-shot process, V8's
 * `default` in the shell and during {@link withTieringForLongWork}. An instance keeps the
 * budget it was made with (V8 gives each function its budget when the instance is made), so
 * an instance made ahead of time (a spare worker's) suits only work under the same budget.
 */
export function pgliteTiering(): 'short-lived' | 'default' {
  return pgliteLifetime === 'short' && longWork === 0 ? 'short-lived' : 'default';
}

/** TypeScript's ES library declares WebAssembly's types but not the global object itself. */
const wasm = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly;

/** Reads and compiles a WebAssembly file (V8 compiles its functions lazily, at first call). */
async function compileWasmFile(path: string): Promise<WebAssembly.Module> {
  return wasm.compile(await readFile(path));
}
