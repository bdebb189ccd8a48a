/**
 * PostgreSQL's own isolation suite, run by `dbplay isolation conformance` over every spec that
 * lists its permutations (90 specs, about 840 permutations) on the embedded PostgreSQL, with the
 * model beside it. It takes a minute or two, so `pnpm test` runs a sample of it
 * (tests/isolation-conformance.test.ts) and the whole run lives here: its time, and how many
 * permutations the runner and the model reproduce exactly.
 */
import { fileURLToPath } from 'node:url';
import type { ConformanceTotals } from '@dbplay/isolation';
import type { BenchResult } from './bench-result.ts';
import { runDbplay } from './dbplay-process.ts';

const specs = fileURLToPath(new URL('../exercises/isolation/postgres-suite/specs', import.meta.url));

export function benchConformance(): BenchResult[] {
  const started = performance.now();
  // Exit 1 means the runner differs somewhere no declared difference covers; the counts say where.
  const run = runDbplay(['isolation', 'conformance', specs, '--listed', '--json'], [0, 1]);
  const ms = performance.now() - started;
  const { totals } = JSON.parse(run.stdout) as { totals: ConformanceTotals };
  return [
    {
      name: 'isolation conformance --listed (PostgreSQL suite)',
      median: ms,
      min: ms,
      max: ms,
      samples: 1,
      note:
        `${totals.specs} specs; runner ${totals.runnerIdentical}/${totals.runnerCompared} permutations identical ` +
        `(${totals.runnerUndeclared.identical}/${totals.runnerUndeclared.compared} outside the ${totals.runnerDeclared} declared: the server's version); ` +
        `model accepts ${totals.modelAccepted} specs, ${totals.modelIdentical}/${totals.modelRun} identical`,
    },
  ];
}
