/**
 * `pnpm bench oneshot`: the waits a learner meets, each command a real `dbplay` process
 * started from nothing, timed end to end, with the goals of issue 17:
 *
 * - a warm `explain show` (the dataset already built) at most 0.8 s;
 * - a non-fix `explain answer` at most 1.0 s;
 * - `isolation run` on PostgreSQL (the embedded server started and stopped) at most 1.2 s;
 * - `btree xray --n 10000` at most 2.5 s;
 * - the first-ever dataset build (an empty cache: no kept cluster, no dataset) at most 4 s.
 *   It starts from the fresh cluster dbplay ships (engines' pglite-cluster-archive.ts), so a
 *   build in a cache that has lost only its datasets does the same work, and has no row.
 *   (Before the shipped cluster, the first build also ran initdb and the second did not.)
 *
 * Beside the wall time, each row gives the process's CPU time (every thread, read by the
 * process itself as it exits), which moves much less with the machine's load than the wall
 * time does: on a shared 2-core machine, compare CPU times, and wall times only at a low
 * load. The load average is read before and after each row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, median } from './bench-result.ts';
import { benchEnv, dbplayBin } from './dbplay-process.ts';

/** Prints the process's CPU time (user + system, all threads) on stderr as it exits. */
const reportCpu = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ndbplay-bench-cpu-ms '+((u.user+u.system)/1000).toFixed(0)+'\\n')})`;

interface Timed {
  readonly wall: number;
  readonly cpu: number;
}

function runOnce(args: readonly string[], env: Record<string, string>): Timed {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', reportCpu, dbplayBin, ...args], {
    env: { ...benchEnv, ...env },
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  // 1: a graded answer that is wrong is a result here, not a failure of the bench.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`dbplay ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  // The last report: Node runs an --import module in every worker thread too, and a worker that
  // ends on its own reports the process's CPU time so far as it exits; the main thread exits last.
  const reports = [...result.stderr.matchAll(/dbplay-bench-cpu-ms (\d+)/g)];
  const cpu = Number(reports.at(-1)?.[1] ?? Number.NaN);
  return { wall, cpu };
}

function row(
  name: string,
  runs: number,
  goalMs: number,
  args: readonly string[],
  env: Record<string, string>,
  before?: () => void,
): BenchResult {
  const loadBefore = loadavg()[0] ?? 0;
  const timed: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    timed.push(runOnce(args, env));
  }
  const loadAfter = loadavg()[0] ?? 0;
  const walls = timed.map((t) => t.wall);
  const wall = median(walls);
  const cpu = median(timed.map((t) => t.cpu));
  return {
    name,
    median: wall,
    min: Math.min(...walls),
    max: Math.max(...walls),
    samples: runs,
    note: `CPU ${cpu.toFixed(0)} ms; goal ≤ ${goalMs} ms ${wall <= goalMs ? 'met' : 'MISSED'}; load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
  };
}

export async function benchOneshot(): Promise<BenchResult[]> {
  const cache = mkdtempSync(join(tmpdir(), 'dbplay-bench-cache-'));
  const state = mkdtempSync(join(tmpdir(), 'dbplay-bench-state-'));
  const env = { DBPLAY_CACHE: cache, DBPLAY_STATE: state };
  const emptyCache = () => rmSync(join(cache), { recursive: true, force: true });
  try {
    return [
      row(
        'explain show 1, first-ever build (empty cache)',
        3,
        4000,
        ['explain', 'show', '1'],
        env,
        emptyCache,
      ),
      row('explain show 1, warm', 7, 800, ['explain', 'show', '1'], env),
      row(
        'explain answer 7 --q direction=a (no fix)',
        7,
        1000,
        ['explain', 'answer', '7', '--q', 'direction=a'],
        env,
      ),
      row(
        'isolation run write-skew --level serializable (PostgreSQL)',
        7,
        1200,
        ['isolation', 'run', 'write-skew', '--level', 'serializable'],
        env,
      ),
      row('btree xray --n 10000', 7, 2500, ['btree', 'xray', '--n', '10000'], env),
    ];
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
}
