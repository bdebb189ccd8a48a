/**
 * How long `dbplay --help` takes, end to end, as a user runs it.
 *
 * Commands load their engines lazily so that help and usage errors are instant; this
 * benchmark catches a heavy import creeping into start-up. It measures the installed
 * binary (bin/dbplay.js running the compiled CLI in playground/dist, which `pnpm bench`
 * rebuilds first, as `pnpm install` builds it) beside a bare `node -e ''`, since Node's own start-up is the
 * floor, and, for comparison, the sources through tsx's loader (`pnpm dbplay`'s way).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { type BenchResult, resultsOf } from './bench-result.ts';
import { benchEnv, dbplayBin } from './dbplay-process.ts';

const sources = fileURLToPath(new URL('../tests/dbplay-from-source.js', import.meta.url));

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { env: benchEnv, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

export async function benchCliStartup(): Promise<BenchResult[]> {
  const bench = new Bench({
    name: 'cli-startup',
    iterations: 15,
    time: 0,
    warmupIterations: 1,
    warmupTime: 0,
  });
  bench
    .add('node -e "" (the floor)', () => run(['-e', '']))
    .add('dbplay --help', () => run([dbplayBin, '--help']))
    .add('dbplay --version', () => run([dbplayBin, '--version']))
    .add('dbplay --help from the sources (tsx)', () => run([sources, '--help']));
  await bench.run();
  const results = resultsOf(bench);
  const floor = results[0]?.median ?? Number.NaN;
  return results.map((row, index) =>
    index === 0 ? row : { ...row, note: `${(row.median / floor).toFixed(1)}× bare node` },
  );
}
