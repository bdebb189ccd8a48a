/**
 * Wide output fits the terminal (issue 12 item 18): the width is `--width`, else the
 * terminal's (`process.stdout.columns`), else 80 when stdout is not a terminal. Tables too
 * wide are split into parts that repeat the row names, prose columns and legends are
 * wrapped, and a B+tree's levels go on over several lines; nothing is cut off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'dbplay-width-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The widest line, in characters (the output is not coloured: NO_COLOR). */
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

const wide = {
  'btree levels': ['btree', 'insert', '501', '--random', '1000', '--seed', '7', '--order', '16'],
  'isolation matrix': ['isolation', 'matrix', '--engine', 'model', '--scenarios', 'g0,g1a,g2-item'],
};

describe('output fits the width', () => {
  it.each(Object.entries(wide))('%s: 80 columns when not a terminal, or --width', async (_what, args) => {
    const piped = await runDbplay(args);
    expect(piped.code).toBe(0);
    expect(widest(piped.stdout)).toBeLessThanOrEqual(80);
    const wider = await runDbplay([...args, '--width', '250']);
    expect(wider.code).toBe(0);
    expect(widest(wider.stdout)).toBeGreaterThan(80);
    expect(widest(wider.stdout)).toBeLessThanOrEqual(250);
    // The same cells either way: a part repeats the row names, it loses nothing.
    const cells = (text: string) => new Set(text.match(/#\d+|\b(?:40001|40P01|waits|anomaly|ok)\b/g));
    expect(cells(piped.stdout)).toEqual(cells(wider.stdout));
  });

  it('lsm stats: the notes are wrapped, not a 117-column line', async () => {
    const dir = join(folder, 'store');
    expect((await runDbplay(['lsm', 'load', '--dir', dir, '--n', '500'])).code).toBe(0);
    const stats = await runDbplay(['lsm', 'stats', '--dir', dir]);
    expect(stats.code).toBe(0);
    expect(widest(stats.stdout)).toBeLessThanOrEqual(80);
    expect(stats.stdout).toContain('bloom false positives');
  });

  it('refuses a width too narrow to draw in (exit 2)', async () => {
    const run = await runDbplay(['btree', 'insert', '5', '--width', '10']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--width needs a whole number from 40 to 1,000; got '10'");
  });
});
