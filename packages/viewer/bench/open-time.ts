/**
 * How long a page takes to open in a real browser: Debian's chromium, driven by
 * playwright-core as the browser tests drive it (no browser is downloaded; CHROMIUM_PATH
 * overrides where it is). Used by `pnpm bench viewer`; timings never go in tests.
 *
 * Two figures per opening, each from a fresh tab on the same warm browser (a learner's
 * browser is running already): `domComplete` of the navigation (the page's HTML, its inline
 * script and the JSON it embeds parsed), and the time until the first step is drawn
 * (`body[data-step]` set by the page's script, measured from the start of the navigation).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export interface OpenTimes {
  readonly domComplete: number[];
  readonly firstStepDrawn: number[];
}

/** Opens the page `runs` times (after one opening to warm the browser) and times each. */
export async function pageOpenTimes(html: string, runs: number): Promise<OpenTimes> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'dbplay-viewer-bench-'));
  const file = join(folder, 'page.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const times: OpenTimes = { domComplete: [], firstStepDrawn: [] };
  try {
    for (let i = 0; i <= runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      await page.waitForSelector('body[data-step]');
      // Evaluated in the page, whose DOM types this Node project does not compile against.
      const [domComplete, drawn] = (await page.evaluate(
        "[performance.getEntriesByType('navigation')[0].domComplete, performance.now()]",
      )) as [number, number];
      await page.close();
      if (i === 0) continue; // the first opening warms the browser's process for file:// pages
      times.domComplete.push(domComplete ?? Number.NaN);
      times.firstStepDrawn.push(drawn ?? Number.NaN);
    }
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return times;
}
