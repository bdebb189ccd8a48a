/**
 * The viewer's pages in a real browser (issue 15): the page of a 1,000-key B+tree trace —
 * a thousand inserts, every step with its tree, the page the size test checks
 * (packages/viewer/test/sample-pages.ts) — must stay under 2 MB and open in under a second
 * in headless chromium. Opening is timed by packages/viewer/bench/open-time.ts.
 */
import { loadavg } from 'node:os';
import { renderPage } from '@dbplay/viewer';
import { pageOpenTimes } from '../packages/viewer/bench/open-time.ts';
import { btreeThousand } from '../packages/viewer/test/sample-pages.ts';
import { type BenchResult, median } from './bench-result.ts';

export async function benchViewer(): Promise<BenchResult[]> {
  const page = btreeThousand();
  const started = performance.now();
  const html = renderPage(page);
  const rendered = performance.now() - started;
  const megabytes = Buffer.byteLength(html) / (1024 * 1024);
  const times = await pageOpenTimes(html, 7);
  const row = (name: string, values: readonly number[], note: string): BenchResult => ({
    name,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    samples: values.length,
    note,
  });
  const load = `load ${loadavg()[0]?.toFixed(1)}`;
  const goal = (ms: number) => `goal < 1000 ms ${ms < 1000 ? 'met' : 'MISSED'}; ${load}`;
  return [
    {
      name: `render the 1,000-insert B+tree page (${page.steps.length.toLocaleString('en-US')} steps)`,
      median: rendered,
      min: rendered,
      max: rendered,
      samples: 1,
      note: `${megabytes.toFixed(2)} MB; goal < 2 MB ${megabytes < 2 ? 'met' : 'MISSED'}`,
    },
    row('chromium: domComplete', times.domComplete, goal(median(times.domComplete))),
    row('chromium: first step drawn', times.firstStepDrawn, goal(median(times.firstStepDrawn))),
  ];
}
