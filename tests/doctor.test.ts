/**
 * `dbplay doctor` against the real engines: this is the proof that PGlite, better-sqlite3
 * and the embedded PostgreSQL install and run on a fresh machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot, runDbplay } from './run-cli.ts';

interface Check {
  ok: boolean;
  version: string | null;
  detail: string;
  timingsMs: Record<string, number>;
  error: unknown;
}

// The doctor gets a temporary folder of its own (TMPDIR), so that servers other test files start
// meanwhile, in the shared one, are not counted as its leftovers.
const serverDirs = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('dbplay-pg-'));
const serverProcesses = (folder: string) =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(join(folder, 'dbplay-pg-')) && !line.includes('ps -eo'));

describe('dbplay doctor', () => {
  it('starts every engine, reports its version as one JSON document, and leaves nothing behind', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dbplay-doctor-test-'));
    // As /tmp is: open to the `postgres` user the embedded server runs as when we are root.
    chmodSync(folder, 0o1777);
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const untouched = statSync(folder).mtimeMs;

    const run = await runDbplay(['doctor', '--json'], { env: { TMPDIR: folder } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Record<string, Check> };
    expect(report.ok).toBe(true);
    expect(Object.keys(report.checks)).toEqual(['node', 'pglite', 'sqlite', 'postgres']);
    expect(report.checks.node?.version).toBe(process.versions.node);
    expect(report.checks.pglite?.version).toMatch(/^18\.\d+$/);
    expect(report.checks.pglite?.detail).toMatch(/^PostgreSQL 18\.\d+ \(PGlite/);
    expect(report.checks.sqlite?.version).toMatch(/^3\.\d+\.\d+$/);
    expect(report.checks.postgres?.version).toMatch(/^18\.\d+$/);
    expect(Object.keys(report.checks.postgres?.timingsMs ?? {})).toEqual([
      'initdb',
      'start',
      'query',
      'stop',
    ]);

    // The server's folder was made there (the folder changed) and is gone again.
    expect(statSync(folder).mtimeMs).toBeGreaterThan(untouched);
    expect(serverDirs(folder)).toEqual([]);
    expect(serverProcesses(folder)).toEqual([]);
  });

  it('draws the report as a table', async () => {
    const run = await runDbplay(['doctor', '--only', 'node,sqlite']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /│ SQLite \(better-sqlite3\) │ ok +│ 3\.\d+\.\d+ +│ load \d+ ms, query \d+ ms │/,
    );
    expect(run.stdout).toContain('Every engine works on this machine.');
  });

  it('works through the README form, pnpm dbplay, with nothing but JSON on stdout and exit codes kept', () => {
    const pnpm = (...args: string[]) =>
      spawnSync('pnpm', ['dbplay', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const ok = pnpm('doctor', '--json', '--only', 'node,sqlite');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      checks: { node: { ok: true }, sqlite: { ok: true } },
    });
    const unknown = pnpm('nosuchcommand');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("dbplay: unknown command 'nosuchcommand'");
    expect(pnpm('doctor', '--nosuchflag').status).toBe(2);
  });
});
