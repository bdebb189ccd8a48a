/**
 * The installed `dbplay`, as the benchmarks run it: bin/dbplay.js on the compiled CLI in
 * playground/dist, which `pnpm bench` (run.ts) builds from the sources before any group runs.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const dbplayBin = fileURLToPath(new URL('../playground/bin/dbplay.js', import.meta.url));

/** The environment of every timed process: the user's, without colour. */
export const benchEnv = { ...process.env, NO_COLOR: '1' };

/**
 * Runs `dbplay args…` to its end and returns what it printed; throws unless it exited with one
 * of `exitCodes` (a check that fails, exit 1, is a result for some benchmarks, not an error).
 */
export function runDbplay(
  args: readonly string[],
  exitCodes: readonly number[] = [0],
): { readonly status: number | null; readonly stdout: string } {
  const result = spawnSync(process.execPath, [dbplayBin, ...args], {
    env: benchEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status === null || !exitCodes.includes(result.status))
    throw new Error(`dbplay ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { status: result.status, stdout: result.stdout };
}
