/**
 * The B+tree's golden scripts (golden/scripts/*.txt): commands and the output they give, in
 * one file each; golden-script.ts says how a script reads and runs.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScript, runScript } from './golden-script.ts';

const folder = new URL('./golden/scripts/', import.meta.url);
const scripts = readdirSync(folder).filter((name) => name.endsWith('.txt'));

describe('B+tree golden scripts', () => {
  it('has scripts to run', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(4);
  });

  it.each(scripts)('%s gives the output it shows', async (name) => {
    const file = new URL(name, folder);
    await expect(runScript(file.pathname)).toMatchFileSnapshot(`golden/scripts/${name}`);
  });

  it('reads commands, their output and comments, and refuses a comment with no command after it', () => {
    const entries = parseScript('# first\n> new order=3\na new tree\n\n> check\nok\n');
    expect(entries).toEqual([
      { comments: ['# first'], command: 'new order=3', output: 'a new tree' },
      { comments: [], command: 'check', output: 'ok' },
    ]);
    expect(() => parseScript('# a comment\nstray output\n')).toThrow(/must be followed by a command/);
  });
});
