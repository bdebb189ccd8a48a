/**
 * `pnpm bench explain`: the EXPLAIN exercises end to end, as a learner and an author meet
 * them, each a real `dbplay` process:
 *
 * - the first `dbplay explain show 1` on a cold cache (it builds the shop dataset);
 * - the same with a warm cache (the README's target: under 1.5 s);
 * - one `answer` with a fix-the-plan submission (target: under 2 s);
 * - `dbplay explain validate` over the whole catalog: every reference graded on two fresh
 *   instances, one of them built from scratch (target: under 90 s);
 * - `dbplay explain plan` in the playground;
 * - grading every reference answer once, in this process, on the warm cache: the grading
 *   alone, without starting a CLI or building anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  gradeExercise,
  loadCatalog,
  PgliteSessionFactory,
  referenceAnswers,
  SessionPool,
} from '@dbplay/explain';
import { inDatasetOrder } from '../packages/explain/src/sessions/session-pool.ts';
import type { BenchResult } from './bench-result.ts';
import { benchEnv, dbplayBin } from './dbplay-process.ts';

function timeRuns(
  name: string,
  runs: number,
  args: readonly string[],
  env: Record<string, string>,
  before?: () => void,
): BenchResult {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const started = performance.now();
    const result = spawnSync(process.execPath, [dbplayBin, ...args], {
      env: { ...benchEnv, ...env },
      encoding: 'utf8',
    });
    samples.push(performance.now() - started);
    if (result.status !== 0 && result.status !== 1) {
      throw new Error(`dbplay ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    median: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
    min: samples[0] ?? Number.NaN,
    max: samples[samples.length - 1] ?? Number.NaN,
    samples: samples.length,
  };
}

/** Grades every exercise's reference answers once, in order, with one session per dataset. */
async function gradeAllReferences(cache: string): Promise<BenchResult> {
  const catalog = await loadCatalog(fileURLToPath(new URL('../exercises/explain', import.meta.url)));
  const pool = new SessionPool(new PgliteSessionFactory({ datasets: catalog.datasets, cacheDir: cache }));
  const ordered = inDatasetOrder(catalog.exercises);
  await pool.prepare(ordered.map((exercise) => exercise.dataset));
  const started = performance.now();
  try {
    for (const exercise of ordered) {
      const grade = await gradeExercise(
        await pool.runner(exercise.dataset),
        exercise,
        referenceAnswers(exercise),
      );
      if (!grade.passed) throw new Error(`the reference answers of ${exercise.id} do not pass`);
    }
  } finally {
    await pool.close();
  }
  const ms = performance.now() - started;
  return {
    name: `grade all ${ordered.length} reference solutions once (in process, warm)`,
    median: ms,
    min: ms,
    max: ms,
    samples: 1,
  };
}

export async function benchExplain(): Promise<BenchResult[]> {
  const cache = mkdtempSync(join(tmpdir(), 'dbplay-bench-cache-'));
  const state = mkdtempSync(join(tmpdir(), 'dbplay-bench-state-'));
  const fix = join(state, 'fix.sql');
  writeFileSync(fix, 'create index on orders (customer_id);\n');
  const env = { DBPLAY_CACHE: cache, DBPLAY_STATE: state };
  try {
    // An empty cache, as on a new machine: the kept fresh cluster (initdb) goes too.
    const cold = timeRuns('explain show 1, cold cache (builds shop)', 3, ['explain', 'show', '1'], env, () =>
      rmSync(cache, { recursive: true, force: true }),
    );
    const warm = timeRuns('explain show 1, warm cache', 7, ['explain', 'show', '1'], env);
    const answer = timeRuns(
      'explain answer 15 --sql fix.sql (a fix)',
      7,
      ['explain', 'answer', '15', '--sql', fix],
      env,
    );
    const plan = timeRuns(
      'explain plan "…" --analyze (playground)',
      5,
      ['explain', 'plan', 'select * from orders where customer_id = 42', '--analyze'],
      env,
    );
    const validate = timeRuns(
      'explain validate (37 exercises, twice, warm A, fresh B)',
      1,
      ['explain', 'validate'],
      env,
    );
    const references = await gradeAllReferences(cache);
    return [
      { ...cold, note: 'target: a few seconds, once per dataset' },
      { ...warm, note: 'target < 1500 ms' },
      { ...answer, note: 'target < 2000 ms' },
      plan,
      { ...validate, note: 'target < 90,000 ms' },
      references,
    ];
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}
