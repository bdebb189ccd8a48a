/**
 * One vitest run for the whole repository, as one project per package plus the
 * end-to-end tests of the CLI (tests/), so `pnpm test` runs everything and `pnpm test --project core` one part.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './vitest.sequencer.ts';

const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig({
  test: {
    // picocolors turns colour on whenever CI is set; golden output must never contain it.
    env: { NO_COLOR: '1' },
    // Most test files are one sequence of waits on a child process or an engine (a CLI run, a
    // PostgreSQL permutation with its 10 ms polls and deadlock timeouts, a browser page), each
    // using at most one core and often less. So one file more than there are cores: while one
    // file waits, the others have the processor (vitest's default is one fewer than the cores,
    // a single file at a time on a 2-core machine).
    maxWorkers: availableParallelism() + 1,
    // The longest files first, from every project at once (vitest.sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, include: [`packages/${name}/test/**/*.test.ts`], testTimeout: 60_000 },
      })),
      {
        extends: true as const,
        test: { name: 'playground', include: ['playground/test/**/*.test.ts'] },
      },
      {
        extends: true as const,
        // End-to-end: the CLI as a child process, real engines. Slow starts, generous limits.
        // The CLI is compiled once per run, and every test runs that (compiled-cli.global.ts).
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/compiled-cli.global.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
