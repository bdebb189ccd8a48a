/**
 * `dbplay btree insert` and `dbplay btree delete`, run as a user runs them: narrated steps
 * (golden transcripts), `--step` with its drawings, `--json`, `--dot`, and every bad input
 * with its exit code 2 and message.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('dbplay btree insert / delete', () => {
  it('narrates every step of an insert that grows the root', async () => {
    const run = await runDbplay(['btree', 'insert', '5', '12', '7', '20', '25', '30', '--trace']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('golden/btree-insert-trace.txt');
  });

  it('draws the tree after each step with --step, and goes on when input ends', async () => {
    // Wide enough for the boxes (a pipe gets 80 columns, where this tree is drawn one line per level).
    const run = await runDbplay([
      'btree',
      'delete',
      '18',
      '--keys',
      '10..22',
      '--order',
      '3',
      '--step',
      '--width',
      '120',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('borrow');
    expect(run.stdout).toContain('╔');
    await expect(run.stdout).toMatchFileSnapshot('golden/btree-delete-step.txt');
  });

  it('prints one JSON document: results, stats, check, and with --trace the steps without snapshots', async () => {
    const run = await runDbplay([
      'btree',
      'delete',
      '1..15',
      '--sequential',
      '20',
      '--order',
      '3',
      '--json',
      '--trace',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      operation: string;
      results: { key: number; removed: boolean }[];
      stats: { size: number; height: number };
      check: { ok: boolean };
      steps: { kind: string; narration: string; snapshot?: unknown }[];
    };
    expect(report.operation).toBe('delete');
    expect(report.results).toHaveLength(15);
    expect(report.results.every((r) => r.removed)).toBe(true);
    expect(report.stats.size).toBe(5);
    expect(report.check).toEqual({ ok: true });
    const kinds = new Set(report.steps.map((step) => step.kind));
    for (const kind of ['visit', 'remove', 'borrow', 'merge', 'root-collapse']) expect(kinds).toContain(kind);
    expect(report.steps.some((step) => step.snapshot !== undefined)).toBe(false);
  });

  it('builds a seeded random tree the same way every time, and writes Graphviz DOT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbplay-btree-'));
    try {
      const file = join(dir, 'tree.dot');
      const args = ['btree', 'insert', '1000', '--random', '300', '--seed', '7', '--order', '8'];
      const first = await runDbplay([...args, '--dot', file]);
      const second = await runDbplay(args);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Wrote the tree as Graphviz DOT to ${file}`);
      expect(first.stdout.split('\nWrote')[0]).toBe(second.stdout.trimEnd());
      expect(first.stdout).toContain('level 1 (root)');
      const dot = readFileSync(file, 'utf8');
      expect(dot).toMatch(/^digraph bplustree \{/);
      expect(dot).toContain('B+tree of order 8: 301 keys');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes string keys when asked', async () => {
    const run = await runDbplay([
      'btree',
      'insert',
      'pear',
      'fig',
      '--key-type',
      'string',
      '--keys',
      'apple,kiwi,plum',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stats: { size: 5 }, check: { ok: true } });
  });

  const badInputs: [string, string[], string][] = [
    [
      'an order below 3',
      ['btree', 'insert', '1', '--order', '2'],
      "--order needs a whole number from 3 to 1,024; got '2'",
    ],
    [
      'an order that is not a number',
      ['btree', 'insert', '1', '--order', 'big'],
      "--order needs a whole number from 3 to 1,024; got 'big'",
    ],
    [
      'a key that is not a number',
      ['btree', 'insert', '5', 'abc'],
      "the key 'abc' is not a number (this tree orders keys as numbers; use --key-type string for text keys)",
    ],
    [
      'a starting key that is not a number',
      ['btree', 'delete', '5', '--keys', '1,two,3'],
      "the key 'two' is not a number",
    ],
    [
      'an unknown key type',
      ['btree', 'insert', '5', '--key-type', 'nmber'],
      "unknown key type 'nmber' (did you mean 'number'?); the key types are number, string",
    ],
    [
      'two starting trees',
      ['btree', 'insert', '5', '--keys', '1..3', '--random', '10'],
      "option '--random <n>' cannot be used with option '--keys <list>'",
    ],
    [
      'a sequential and a random starting tree',
      ['btree', 'find', '5', '--random', '10', '--sequential', '5'],
      "option '--sequential <n>' cannot be used with option '--random <n>'",
    ],
    ['--seed without --random', ['btree', 'insert', '5', '--seed', '3'], '--seed only applies to --random'],
    ['an empty range', ['btree', 'insert', '9..2'], 'the range 9..2 is empty: it must go from low to high'],
    [
      '--step with --json',
      ['btree', 'insert', '5', '--step', '--json'],
      '--step waits for Enter between steps and draws the tree; it cannot be combined with --json',
    ],
    [
      'an unknown style',
      ['btree', 'insert', '5', '--style', 'fancy'],
      "unknown style 'fancy'; the styles are auto, boxes, levels",
    ],
    ['no key at all', ['btree', 'delete', ','], 'no key to delete'],
    [
      'a --dot file that cannot be written',
      ['btree', 'insert', '5', '--dot', '/nonexistent-dir/tree.dot'],
      'cannot write the Graphviz file /nonexistent-dir/tree.dot: ENOENT',
    ],
  ];
  for (const [what, args, message] of badInputs) {
    it(`exits 2 with one line for ${what}`, async () => {
      const run = await runDbplay(args);
      expect(run.code).toBe(2);
      if (args.includes('--json')) {
        // Under --json the one line is the error document's message, and stderr stays empty.
        expect(run.stderr).toBe('');
        expect((JSON.parse(run.stdout) as { error: { message: string } }).error.message).toContain(message);
        return;
      }
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toContain(`dbplay: ${message}`);
    });
  }

  it('under --json, reports bad input as a JSON document too', async () => {
    const run = await runDbplay(['btree', 'insert', 'x', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('has help with examples, and dbplay --help lists the btree group', async () => {
    const help = await runDbplay(['btree', 'insert', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ dbplay btree insert 5 12 7 20 25 --step');
    const root = await runDbplay(['--help']);
    expect(root.stdout).toContain('btree');
  });
});
