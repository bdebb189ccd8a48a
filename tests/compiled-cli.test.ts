/**
 * The compiled CLI, as `pnpm install` builds it for the installed `dbplay` bin: built here
 * into a temporary folder and run with plain Node (no tsx), one command per area, so that
 * an import the bundle cannot follow (an engine's WebAssembly, a native driver, a path
 * relative to a source file) fails here rather than on a learner's machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../playground/build.ts';
import { runDbplay } from './run-cli.ts';

let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'dbplay-compiled-'));
  await buildCli(outdir);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

const compiled = (args: string[]) => runDbplay(args, { script: join(outdir, 'main.js') });

describe('the compiled dbplay', () => {
  it('prints its version and help', async () => {
    const version = await compiled(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const help = await compiled(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dbplay /);
    for (const group of ['btree', 'doctor', 'explain', 'isolation', 'lsm'])
      expect(help.stdout).toContain(group);
  });

  it.each<[string, string[], RegExp]>([
    ['btree', ['btree', 'insert', '5', '3', '9', '--order', '3', '--json'], /"added": true/],
    [
      'isolation (the catalog beside the sources)',
      ['isolation', 'run', 'g2-item', '--engine', 'model'],
      /G2-item/,
    ],
    ['lsm', ['lsm', 'simulate', 'tiered', '--num-tiers', '3', '--iterations', '3'], /Write Amplification/],
    ['explain (the exercises beside the sources)', ['explain', 'list', '--json'], /"id": "reading-a-plan"/],
    [
      'SQLite and PGlite (a native driver, WebAssembly)',
      ['doctor', '--only', 'sqlite,pglite'],
      /Every engine works/,
    ],
  ])('runs %s', async (_area, args, expected) => {
    const run = await compiled(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(expected);
  });

  it('reports bad input as the sources do: one line, exit 2', async () => {
    const run = await compiled(['btree', 'insert', '1', '--order', 'big']);
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "dbplay: --order needs a whole number from 3 to 1,024; got 'big'\n",
    });
  });
});
