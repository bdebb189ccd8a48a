/**
 * One rule for every `--json` document (issue 12 item 19): stdout carries exactly one JSON
 * object, its first field is `"ok"`, and `ok` is true exactly when dbplay exits 0. Errors
 * under `--json` are that document (`"ok": false` and `"error"`), said once: stderr stays
 * empty. Checked on a command of every group, succeeding, failing a check, and refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { fakeIo } from './fake-io.ts';

const folder = mkdtempSync(join(tmpdir(), 'dbplay-json-documents-'));
const store = join(folder, 'store');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function run(args: readonly string[]) {
  const io = { ...fakeIo(), env: { DBPLAY_STATE: join(folder, 'state') } };
  const code = await runCli([...args, '--json'], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

// Each case loads a command group (and some an engine) in-process: slow on a loaded machine.
describe('every --json document', { timeout: 60_000 }, () => {
  it.each([
    [0, ['btree', 'insert', '5', '3', '8']],
    [0, ['btree', 'find', '5', '--keys', '1,5,9']],
    [0, ['lsm', 'put', '--dir', store, 'apple', 'red']],
    [0, ['lsm', 'get', '--dir', store, 'apple']],
    [0, ['lsm', 'stats', '--dir', store]],
    [0, ['lsm', 'simulate', 'tiered', '--iterations', '5']],
    [0, ['isolation', 'list']],
    [0, ['isolation', 'show', 'g2-item']],
    [0, ['explain', 'list']],
    [0, ['explain', 'hint', '1']],
    [0, ['explain', 'progress']],
    [0, ['learn']],
    [0, ['doctor', '--only', 'node']],
    [2, ['btree', 'insert', 'apple']],
    [2, ['lsm', 'get', '--dir', join(folder, 'no-store-here'), 'apple']],
    [2, ['isolation', 'show', 'no-such-scenario']],
    [2, ['explain', 'show', '999']],
    [2, ['doctor', '--no-such-flag']],
  ] as const)('exit %i: %j has "ok" first, true exactly on exit 0', async (expected, args) => {
    const result = await run(args);
    expect(result.code).toBe(expected);
    const document = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(document)[0]).toBe('ok');
    expect(document.ok).toBe(expected === 0);
    if (expected !== 0) {
      expect(document.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      expect(result.stderr).toBe('');
    }
  });
});
