/**
 * `--html FILE` through the CLI, as a user runs it: each tracing command writes one page,
 * resolved against the folder the user typed the command in (INIT_CWD), and prints its
 * path; the page's embedded data is what the command traced. Bad uses exit 2 with one line.
 * (What the pages do in a browser is packages/viewer/test/browser.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BtreePageData, IsolationPageData, LsmPageData, PageData } from '@dbplay/viewer';
import { readPageData } from '@dbplay/viewer';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'dbplay-html-'));
// A file where a folder is expected: a page cannot be written under it.
writeFileSync(join(folder, 'a-file'), '');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs dbplay as if typed in `folder`, and reads the page it wrote. */
async function pageOf(args: readonly string[], file: string): Promise<{ data: PageData; stdout: string }> {
  const run = await runDbplay([...args, '--html', file], { env: { INIT_CWD: folder } });
  expect(run.code).toBe(0);
  const path = join(folder, file);
  // Under --json, stdout holds the JSON alone, so the line saying where the page went is on stderr.
  if (args.includes('--json')) {
    expect(JSON.parse(run.stdout)).toBeTypeOf('object');
    expect(run.stderr).toContain(`as a page: ${path}`);
  } else {
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`as a page: ${path}`);
  }
  return { data: readPageData(readFileSync(path, 'utf8')), stdout: run.stdout };
}

describe('btree --html', () => {
  it('insert: one operation per key, the tree after every step, splits drawn before and after', async () => {
    const { data } = await pageOf(
      ['btree', 'insert', '5', '12', '7', '20', '25', '--order', '4'],
      'insert.html',
    );
    const page = data as BtreePageData;
    expect(page.kind).toBe('btree');
    expect(page.operations).toEqual(['insert 5', 'insert 12', 'insert 7', 'insert 20', 'insert 25']);
    expect(page.steps[0]?.kind).toBe('start');
    const split = page.steps.find((step) => step.kind === 'split');
    expect(split?.before).toBeDefined();
  });

  it('range: the descent, then the leaves hopped to, on the trail', async () => {
    const { data, stdout } = await pageOf(
      ['btree', 'range', '10', '20', '--keys', '1..40'],
      'sub/range.html',
    );
    const page = data as BtreePageData;
    expect(stdout).toContain('11 keys from 10 to 20');
    const kinds = page.steps.map((step) => step.kind);
    expect(kinds.slice(1, 3)).toEqual(['visit', 'visit']);
    expect(kinds).toContain('leaf-hop');
    expect(kinds[kinds.length - 1]).toBe('scan-end');
  });

  it('find: one descent per key, found or missing', async () => {
    const { data } = await pageOf(['btree', 'find', '7', '99', '--keys', '1..40', '--json'], 'find.html');
    expect(
      data.steps.map((step) => step.kind).filter((kind) => kind === 'found' || kind === 'missing'),
    ).toEqual(['found', 'missing']);
  });
});

describe('lsm --html', () => {
  it('simulate: a flush per iteration, compactions as inputs then outputs', async () => {
    const { data } = await pageOf(['lsm', 'simulate', 'tiered', '--iterations', '8'], 'sim.html');
    const page = data as LsmPageData;
    expect(page.steps.filter((step) => step.kind === 'flush')).toHaveLength(8);
    expect(page.steps.some((step) => step.role === 'input')).toBe(true);
  });

  it('load: the store steps with the memtable and the levels', async () => {
    const dir = join(folder, 'store');
    const { data } = await pageOf(
      ['lsm', 'load', '--dir', dir, '--n', '60', '--memtable-size', '1024'],
      'load.html',
    );
    const page = data as LsmPageData;
    expect(page.steps.filter((step) => step.kind === 'write')).toHaveLength(60);
    expect(page.steps.some((step) => step.kind === 'flush')).toBe(true);
  });
});

describe('isolation run --html', () => {
  it('on the model: swim lanes, the internals per step, and the cycle at the end', async () => {
    const { data } = await pageOf(
      ['isolation', 'run', 'write-skew', '--engine', 'model', '--level', 'repeatable-read'],
      'skew.html',
    );
    const page = data as IsolationPageData;
    expect(page.sessions.map((session) => session.status)).toEqual(['committed', 'committed']);
    expect(page.internals.length).toBeGreaterThan(0);
    expect(page.graph?.cycle?.anomaly).toBe('G2-item');
  });
});

describe('bad uses of --html', () => {
  it.each([
    ['an empty file name', ['btree', 'insert', '5', '--html', ''], '--html needs a file name'],
    [
      'a file that cannot be written',
      ['btree', 'insert', '5', '--html', 'a-file/page.html'],
      'cannot write the HTML page',
    ],
    [
      'a tree too big to draw',
      ['btree', 'find', '5', '--sequential', '100001', '--html', 'big.html'],
      '--html draws trees of at most 100,000 keys',
    ],
    [
      'several permutations',
      ['isolation', 'run', 'write-skew', '--engine', 'model', '--all-permutations', '--html', 'x.html'],
      '--html follows one permutation',
    ],
  ])('exits 2 with one line for %s', async (_what, args, message) => {
    const run = await runDbplay(args, { env: { INIT_CWD: folder } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
