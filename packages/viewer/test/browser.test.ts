/**
 * Every kind of page in a real browser: Debian's chromium, driven by playwright-core (no
 * browser is downloaded; `.ci/install-chromium` installs it, CHROMIUM_PATH overrides where).
 *
 * For each kind: the page opens from file:// with no console error and no request at all
 * beyond the page itself; → and ← step, and the narration and the highlighted elements are
 * those of the step's data; `#step-k` opens at step k; a screenshot goes to
 * packages/viewer/test-artifacts/ (not committed). What is checked is the page's data and
 * the DOM's attributes, never pixels.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageData, PageStep } from '../src/index.ts';
import { renderPage } from '../src/index.ts';
import { btreeSample, explainSample, isolationSample, lsmSample, simulationSample } from './sample-pages.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = new URL('../test-artifacts/', import.meta.url);
let browser: Browser;
let folder: string;

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(
      `no chromium at ${executablePath}: run .ci/install-chromium (as root), or set CHROMIUM_PATH`,
    );
  }
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  folder = mkdtempSync(join(tmpdir(), 'dbplay-viewer-'));
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await (browser as Browser | undefined)?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

/** What a step highlights, as the attribute values the page must mark with data-touched. */
type Highlighted = (data: PageData, step: number) => string[];

interface Case {
  readonly name: string;
  readonly build: () => PageData | Promise<PageData>;
  /** A 1-based step worth checking: one that touches something. */
  readonly pick: (data: PageData) => number;
  readonly attribute: string;
  readonly highlighted: Highlighted;
}

const touchedIds: Highlighted = (data, step) => (data.steps[step - 1]?.touched ?? []).map(String);

/** The first step (1-based) of a kind that touches something, or of any kind. */
function firstStep(data: PageData, kind?: string): number {
  const steps = data.steps as readonly PageStep[];
  const at = steps.findIndex((s) => (kind === undefined || s.kind === kind) && s.touched.length > 0);
  return at < 0 ? 1 : at + 1;
}

const cases: Case[] = [
  {
    name: 'btree',
    build: btreeSample,
    pick: (data) => firstStep(data, 'split'),
    attribute: 'data-node',
    highlighted: touchedIds,
  },
  {
    name: 'lsm',
    build: lsmSample,
    pick: (data) => firstStep(data, 'compact'),
    attribute: 'data-table',
    highlighted: touchedIds,
  },
  {
    name: 'lsm-simulation',
    build: simulationSample,
    pick: (data) => firstStep(data, 'pick'),
    attribute: 'data-table',
    highlighted: touchedIds,
  },
  {
    name: 'isolation',
    build: () => isolationSample('lost-update', 'read-committed'),
    pick: (data) => firstStep(data, 'block'),
    attribute: 'data-row',
    highlighted: (data, step) => {
      if (data.kind !== 'isolation') return [];
      const row = data.steps[step - 1]?.row;
      return row === null || row === undefined ? [] : [String(row)];
    },
  },
  {
    name: 'explain',
    build: explainSample,
    pick: (data) => firstStep(data, 'node') + 1,
    attribute: 'data-node',
    highlighted: (data, step) => {
      if (data.kind !== 'explain') return [];
      const node = data.steps[step - 1]?.node;
      return node === null || node === undefined ? [] : [String(node)];
    },
  },
];

async function open(url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (request.url().split('#')[0] !== url.split('#')[0]) requests.push(request.url());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-step]');
  return { page, errors, requests };
}

async function shownStep(page: Page): Promise<number> {
  return Number(await page.getAttribute('body', 'data-step'));
}

async function highlighted(page: Page, attribute: string): Promise<string[]> {
  return page.$$eval(
    `#picture [data-touched][${attribute}]`,
    (elements, name) => elements.map((element) => element.getAttribute(name) ?? ''),
    attribute,
  );
}

describe.each(cases)('a $name page in chromium', (kase) => {
  let data: PageData;
  let url: string;

  beforeAll(async () => {
    data = await kase.build();
    const file = join(folder, `${kase.name}.html`);
    writeFileSync(file, renderPage(data));
    url = pathToFileURL(file).href;
  });

  it('opens from file:// with no console error and no network request, at step 1', async () => {
    const { page, errors, requests } = await open(url);
    expect(await shownStep(page)).toBe(1);
    expect(await page.textContent('#narration')).toContain(data.steps[0]?.narration);
    expect(await page.textContent('#step-number')).toBe(`Step 1 of ${data.steps.length}`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.screenshot({ path: new URL(`${kase.name}.png`, artifacts).pathname });
    await page.close();
  });

  it('steps forward and back with the arrow keys, highlighting what each step touched', async () => {
    const { page, errors } = await open(url);
    const k = kase.pick(data);
    expect(k).toBeGreaterThan(1);
    for (let i = 1; i < k; i++) await page.keyboard.press('ArrowRight');
    expect(await shownStep(page)).toBe(k);
    expect(await page.textContent('#narration')).toContain(data.steps[k - 1]?.narration);
    const expected = kase.highlighted(data, k);
    expect(expected.length).toBeGreaterThan(0);
    expect((await highlighted(page, kase.attribute)).sort()).toEqual(
      expect.arrayContaining([...new Set(expected)].filter((id) => id !== 'memtable').sort()),
    );
    await page.screenshot({ path: new URL(`${kase.name}-step-${k}.png`, artifacts).pathname });
    await page.keyboard.press('ArrowLeft');
    expect(await shownStep(page)).toBe(k - 1);
    expect(await page.textContent('#narration')).toContain(data.steps[k - 2]?.narration);
    expect(page.url()).toMatch(new RegExp(`#step-${k - 1}$`));
    await page.keyboard.press('Home');
    expect(await shownStep(page)).toBe(1);
    expect(await page.isDisabled('#prev')).toBe(true);
    await page.keyboard.press('End');
    expect(await shownStep(page)).toBe(data.steps.length);
    expect(await page.isDisabled('#next')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens at step k from #step-k, and the buttons and the slider move it', async () => {
    const k = kase.pick(data);
    const { page, errors } = await open(`${url}#step-${k}`);
    expect(await shownStep(page)).toBe(k);
    expect(await page.textContent('#narration')).toContain(data.steps[k - 1]?.narration);
    await page.click('#next');
    expect(await shownStep(page)).toBe(Math.min(k + 1, data.steps.length));
    await page.click('#prev');
    expect(await shownStep(page)).toBe(k);
    await page.fill('#slider', '1');
    expect(await shownStep(page)).toBe(1);
    // A step past the end opens at the last one.
    await page.goto(`${url}#step-${data.steps.length + 50}`);
    await page.reload();
    expect(await shownStep(page)).toBe(data.steps.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('layout', () => {
  it('fits a phone-wide screen without the controls running off it, and follows a dark colour scheme', async () => {
    const file = join(folder, 'phone.html');
    writeFileSync(file, renderPage(btreeSample()));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`${pathToFileURL(file).href}#step-12`);
    await page.waitForSelector('body[data-step]');
    // Expressions as text: the browser's globals are not in this Node project's types.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const background = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: new URL('btree-phone-dark.png', artifacts).pathname });
    await page.close();
  });
});
