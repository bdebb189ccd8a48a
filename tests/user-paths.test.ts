/**
 * Paths a user types are relative to the folder they ran the command in (issue 12 item 17):
 * `pnpm dbplay` runs in the repository's root but says where the user was in INIT_CWD, and
 * every file error names the absolute path it tried.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runDbplay } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'dbplay-user-paths-'));
const fromFolder = { env: { INIT_CWD: folder } };

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("paths are relative to the user's folder", () => {
  it('btree --dot writes there', async () => {
    const run = await runDbplay(['btree', 'insert', '5', '3', '--dot', 'tree.dot'], fromFolder);
    expect(run.code).toBe(0);
    expect(existsSync(join(folder, 'tree.dot'))).toBe(true);
    expect(existsSync(join(repoRoot, 'tree.dot'))).toBe(false);
  });

  it('lsm --dir makes the store there', async () => {
    const run = await runDbplay(['lsm', 'put', '--dir', 'store', 'apple', 'red'], fromFolder);
    expect(run.code).toBe(0);
    expect(existsSync(join(folder, 'store'))).toBe(true);
  });

  it.each([
    [['explain', 'answer', '15', '--sql', 'fix.sql'], 'fix.sql'],
    [['explain', 'answer', '1', '--answers', 'answers.yaml'], 'answers.yaml'],
  ])('a missing file is named by its absolute path: %j', async (args, name) => {
    const run = await runDbplay(args, fromFolder);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(folder, name));
  });

  describe('isolation spec-file arguments', () => {
    // The user is in <folder>/work and keeps their scenarios in <folder>/specs.
    const work = join(folder, 'work');
    const inWork = { env: { INIT_CWD: work } };
    mkdirSync(work, { recursive: true });
    mkdirSync(join(folder, 'specs'), { recursive: true });
    copyFileSync(
      join(repoRoot, 'exercises/isolation/lost-update-increment.spec'),
      join(folder, 'specs/counter.spec'),
    );

    it.each([
      [['isolation', 'show', '../specs/counter.spec']],
      [['isolation', 'run', '../specs/counter.spec', '--engine', 'model', '--transcript']],
    ])('%j reads the file beside the user’s folder', async (args) => {
      const run = await runDbplay(args, inWork);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('counter');
    });

    it.each([
      [['isolation', 'show', 'missing.spec']],
      [['isolation', 'run', 'missing.spec', '--engine', 'model']],
      [['isolation', 'compare', 'lost-update-increment', 'mine/missing.spec']],
      [['isolation', 'matrix', '--engine', 'model', '--scenarios', 'mine/missing.spec']],
    ])('a missing spec file is named by its absolute path: %j', async (args) => {
      const run = await runDbplay(args, inWork);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `cannot read scenario file ${join(work, args.find((a) => a.includes('missing.spec')) ?? '')} (ENOENT)`,
      );
    });
  });
});
