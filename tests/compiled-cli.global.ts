/**
 * The end-to-end tests run the CLI hundreds of times. Started through tsx, each run spends about
 * half a second of CPU transpiling the command modules before it does anything, most of the suite's
 * time on a 2-core machine. So the run builds the CLI once, as `pnpm install` does for the installed
 * bin (playground/build.ts, esbuild), into a temporary folder, and the tests run that: fresh from the
 * sources at the start of every test run, so a test never meets a stale build, and started by plain
 * Node, as a learner's `dbplay` is. Fixture programs (`*.ts` under tests/) still go through tsx.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildCli } from '../playground/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI's entry point, compiled for this test run. */
    dbplayBin: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outdir = await mkdtemp(join(tmpdir(), 'dbplay-test-cli-'));
  await buildCli(outdir);
  project.provide('dbplayBin', join(outdir, 'main.js'));
  return async () => {
    await rm(outdir, { recursive: true, force: true });
  };
}
