/**
 * `pnpm bench [name…]`: dbplay's benchmarks, printed as a table (or `--json`).
 *
 * Timings live here, never in tests: a test must not fail because the machine is busy.
 * Each benchmark group is a function returning result rows; pass group names to run some.
 * Many groups time the installed `dbplay` (playground/bin, running playground/dist), so the CLI
 * is built from the sources first: a benchmark never times a stale build.
 */
import { renderTable } from '@dbplay/core';
import { buildCli } from '../playground/build.ts';
import type { BenchResult } from './bench-result.ts';
import { benchBtree } from './btree.bench.ts';
import { benchCliStartup } from './cli-startup.bench.ts';
import { benchConformance } from './conformance.bench.ts';
import { benchExplain } from './explain.bench.ts';
import { benchExplainUnderLoad } from './explain-under-load.bench.ts';
import { benchIsolation } from './isolation.bench.ts';
import { benchIsolationModel } from './isolation-model.bench.ts';
import { benchLsm } from './lsm.bench.ts';
import { benchOneshot } from './oneshot.bench.ts';
import { benchShell } from './shell.bench.ts';
import { benchViewer } from './viewer.bench.ts';

const groups: Record<string, () => BenchResult[] | Promise<BenchResult[]>> = {
  'cli-startup': benchCliStartup,
  btree: benchBtree,
  conformance: benchConformance,
  explain: benchExplain,
  'explain-under-load': benchExplainUnderLoad,
  isolation: benchIsolation,
  'isolation-model': benchIsolationModel,
  lsm: benchLsm,
  oneshot: benchOneshot,
  shell: benchShell,
  viewer: benchViewer,
};

const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark ${unknown.join(', ')}; the benchmarks are ${Object.keys(groups).join(', ')}\n`,
  );
  process.exit(2);
}

await buildCli();
const results: Record<string, BenchResult[]> = {};
for (const [name, bench] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  if (!json) process.stderr.write(`running ${name} …\n`);
  results[name] = await bench();
}

if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
  for (const [name, rows] of Object.entries(results)) {
    const table = renderTable(
      [
        'benchmark',
        { header: 'median ms', align: 'right' },
        { header: 'min ms', align: 'right' },
        { header: 'max ms', align: 'right' },
        { header: 'runs', align: 'right' },
        'note',
      ],
      rows.map((row) => [
        row.name,
        format(row.median),
        format(row.min),
        format(row.max),
        String(row.samples),
        row.note ?? '',
      ]),
      { title: name },
    );
    process.stdout.write(`${table}\n\n`);
  }
  process.stdout.write(`Node ${process.versions.node}, ${process.platform}-${process.arch}\n`);
}
