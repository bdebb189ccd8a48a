/**
 * How long the isolation matrix takes, end to end, as a user runs it:
 * `dbplay isolation matrix --engine postgres,sqlite` over the whole catalog at every level,
 * including starting the embedded PostgreSQL server and SQLite. The target is under 60 s on
 * the 2-core CI machine. A single `run` (server start, the run, its serial replays and the
 * false-positive check) is measured beside it.
 */
import { Bench } from 'tinybench';
import { type BenchResult, resultsOf } from './bench-result.ts';
import { runDbplay } from './dbplay-process.ts';

const dbplay = (args: string[]): string => runDbplay(args).stdout;

export async function benchIsolation(): Promise<BenchResult[]> {
  let cells = 0;
  const bench = new Bench({ name: 'isolation', iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 });
  bench
    .add('dbplay isolation matrix --engine postgres,sqlite', () => {
      cells = (
        JSON.parse(dbplay(['isolation', 'matrix', '--engine', 'postgres,sqlite', '--json'])) as {
          cells: unknown[];
        }
      ).cells.length;
    })
    .add('dbplay isolation run write-skew --level serializable', () => {
      dbplay(['isolation', 'run', 'write-skew', '--level', 'serializable', '--json']);
    });
  await bench.run();
  const [matrix, run] = resultsOf(bench);
  return [
    ...(matrix === undefined
      ? []
      : [{ ...matrix, note: `${cells} cells, embedded server start included; target < 60 s` }]),
    ...(run === undefined
      ? []
      : [{ ...run, note: 'server start, the run, its serial replays, the repeatable-read rerun' }]),
  ];
}
