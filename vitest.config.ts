/**
 * One vitest run for the whole repository, as one project per package plus the
 * end-to-end tests of the CLI (tests/), so `pnpm test` runs everything and `pnpm test --project core` one part.
 */
import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig({
  test: {
    // picocolors turns colour on whenever CI is set; golden output must never contain it.
    env: { NO_COLOR: '1' },
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
        test: { name: 'e2e', include: ['tests/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
