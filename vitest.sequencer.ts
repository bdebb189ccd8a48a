/**
 * The order in which the test files start: the longest first.
 *
 * A run is over when its last file is: with a few workers and files of very unequal length,
 * a long file that starts late keeps one worker busy while the others have nothing left to
 * do. Handing out the longest jobs first (the "longest processing time" rule of scheduling)
 * leaves only short files for the end, where they fill the gaps. Vitest's own order groups
 * the files by project, then puts the longest first from the durations it remembers
 * (node_modules/.vite/vitest/…/results.json); a clean clone remembers nothing, so vitest falls
 * back to the largest files first, and a 12-line file that runs the model against PostgreSQL
 * for half a minute goes last.
 *
 * Here the files of every project are one queue. A file's expected length is what vitest
 * remembers of it when it can, else the figure below, else nothing (it goes after the ones
 * that have one, largest first as in vitest's fallback). Files that failed last time still
 * go first, as in vitest. The figures only order the queue: a stale one costs time, never a
 * result.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Roughly the seconds each long file takes in a whole `pnpm test` on the 2-core CI machine: each
 * file's time in round 6's whole run (814 s at a load of 9 to 11 from other work) divided by 2.3,
 * the ratio of that run to round 5's quiet one (358 s). The catalog check's is round 5's
 * (its work happens before its tests, where the reporter does not time it). Files under five
 * seconds are left out.
 */
const expectedSeconds: Readonly<Record<string, number>> = {
  'isolation:packages/isolation/test/model-agreement.test.ts': 75,
  'e2e:tests/explain-cli.test.ts': 55,
  'explain:packages/explain/test/catalog-self-check.test.ts': 40,
  'isolation:packages/isolation/test/model-fk.test.ts': 37,
  'viewer:packages/viewer/test/browser.test.ts': 36,
  'isolation:packages/isolation/test/model-hierarchy.test.ts': 31,
  'e2e:tests/shell-script.test.ts': 31,
  'isolation:packages/isolation/test/golden.test.ts': 29,
  'e2e:tests/isolation-model-cli.test.ts': 29,
  'isolation:packages/isolation/test/model-vacuum.test.ts': 26,
  'e2e:tests/lsm-cli.test.ts': 25,
  'e2e:tests/doctor.test.ts': 20,
  'isolation:packages/isolation/test/model-func.test.ts': 19,
  'e2e:tests/explain-learner-sql.test.ts': 19,
  'engines:packages/engines/test/engines.test.ts': 18,
  'lsm:packages/lsm/test/crash-random.test.ts': 18,
  'e2e:tests/compiled-cli.test.ts': 16,
  'explain:packages/explain/test/grader.test.ts': 15,
  'lsm:packages/lsm/test/crash-points.test.ts': 14,
  'engines:packages/engines/test/shipped-cluster.test.ts': 13,
  'e2e:tests/isolation-conformance.test.ts': 13,
  'e2e:tests/readme.test.ts': 13,
  'e2e:tests/explain-no-giveaway.test.ts': 12,
  'playground:playground/test/json-documents.test.ts': 11,
  'e2e:tests/explain-time-budgets.test.ts': 11,
  'e2e:tests/isolation-cli.test.ts': 11,
  'e2e:tests/learn-cli.test.ts': 11,
  'engines:packages/engines/test/pglite-snapshots.test.ts': 10,
  'isolation:packages/isolation/test/model-catalog-undo.test.ts': 10,
  'explain:packages/explain/test/dataset-build.test.ts': 10,
  'e2e:tests/cli-shell.test.ts': 9,
  'lsm:packages/lsm/test/lsm-tree-model.test.ts': 8,
  'viewer:packages/viewer/test/page-data.test.ts': 8,
  'isolation:packages/isolation/test/model-misc.test.ts': 8,
  'e2e:tests/explain-server-cleanup.test.ts': 7,
  'e2e:tests/shell-interactive.test.ts': 7,
  'btree:packages/btree/test/model.test.ts': 6,
  'isolation:packages/isolation/test/model-index.test.ts': 6,
  'e2e:tests/btree-xray.test.ts': 6,
  'isolation:packages/isolation/test/interrupt.test.ts': 5,
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache } = this.ctx;
    const facts = files.map((file) => {
      const key = `${file.project.name}:${relative(this.ctx.config.root, file.moduleId)}`;
      const remembered = cache.getFileTestResults(key);
      return {
        file,
        failed: remembered?.failed === true,
        seconds: remembered === undefined ? (expectedSeconds[key] ?? 0) : remembered.duration / 1000,
        size: cache.getFileStats(key)?.size ?? 0,
      };
    });
    facts.sort((a, b) => Number(b.failed) - Number(a.failed) || b.seconds - a.seconds || b.size - a.size);
    return facts.map((fact) => fact.file);
  }
}
