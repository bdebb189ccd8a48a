/**
 * Paths a user types are relative to the folder they ran the command in (issue 12 item 17):
 * `pnpm dbplay` runs in the repository's root but says where the user was in INIT_CWD, and
 * every file error names the absolute path it tried.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
});
