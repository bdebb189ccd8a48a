/**
 * On a terminal, output fits the terminal's width (`process.stdout.columns`, which the CLI
 * reads into `CliIo.stdoutColumns`), not a fixed 80 (issue 12 item 18).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { fakeIo } from './fake-io.ts';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('a terminal', { timeout: 60_000 }, () => {
  it.each([100, 140])('%i columns wide gets lines that fit it', async (columns) => {
    const io = { ...fakeIo(), stdoutIsTTY: true, stdoutColumns: columns, env: { NO_COLOR: '1' } };
    const args = ['btree', 'insert', '501', '--random', '1000', '--seed', '7', '--order', '16'];
    expect(await runCli(args, io)).toBe(0);
    const text = io.out.join('');
    expect(widest(text)).toBeLessThanOrEqual(columns);
    // Wider than the 80 a pipe gets: the terminal's width is what counts.
    expect(widest(text)).toBeGreaterThan(80);
  });
});
