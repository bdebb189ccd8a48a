/**
 * The CLI shell, run as a child process: help, version, usage errors, unexpected
 * exceptions, colour, and the exit code of every path (0, 1, 2, 3).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dbplayBin, repoRoot, runDbplay } from './run-cli.ts';

const fixture = new URL('./fixtures/cli-with-test-commands.ts', import.meta.url).pathname;
const version = (
  JSON.parse(readFileSync(new URL('../playground/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('dbplay CLI shell', () => {
  it('prints help with examples and exit codes, exit 0', async () => {
    const run = await runDbplay(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dbplay [options] [command]');
    expect(run.stdout).toContain('Examples:\n  $ dbplay doctor');
    expect(run.stdout).toContain('3  a database engine or server could not be started or reached');
    expect(run.stderr).toBe('');
  });

  it('prints help for a command, with the global options', async () => {
    const run = await runDbplay(['doctor', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: dbplay doctor [options]');
    expect(run.stdout).toContain('$ dbplay doctor --only pglite,sqlite');
    expect(run.stdout).toContain('--json');
  });

  it('prints its version, exit 0', async () => {
    const run = await runDbplay(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 with one line and a suggestion on an unknown command', async () => {
    const unknown = await runDbplay(['nosuchcommand']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(lines(unknown.stderr)).toEqual(["dbplay: unknown command 'nosuchcommand'; see 'dbplay --help'"]);

    const typo = await runDbplay(['doctr']);
    expect(typo.code).toBe(2);
    expect(lines(typo.stderr)).toEqual([
      "dbplay: unknown command 'doctr' (did you mean doctor?); see 'dbplay --help'",
    ]);
  });

  it('exits 2 with one line on an unknown option', async () => {
    const unknown = await runDbplay(['doctor', '--nosuchflag']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(lines(unknown.stderr)).toEqual([
      "dbplay: unknown option '--nosuchflag'; see 'dbplay doctor --help'",
    ]);

    const typo = await runDbplay(['doctor', '--jsno']);
    expect(lines(typo.stderr)).toEqual([
      "dbplay: unknown option '--jsno' (did you mean --json?); see 'dbplay doctor --help'",
    ]);
  });

  it('under --json, reports a usage error as a JSON document on stdout only', async () => {
    const run = await runDbplay(['doctor', '--nosuchflag', '--json']);
    expect(run.code).toBe(2);
    // Said once, where the script reads: not also on stderr.
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: { code: 'usage', message: "unknown option '--nosuchflag'; see 'dbplay doctor --help'" },
    });
  });

  it('exits 2 with help on stderr when no command is given', async () => {
    const run = await runDbplay([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: dbplay');
    expect(run.stderr).toContain("dbplay: no command given; see 'dbplay --help'");
  });

  it('exits 2 on a bad option value, suggesting the closest valid one', async () => {
    const run = await runDbplay(['doctor', '--only', 'pglit']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      "dbplay: unknown check 'pglit' (did you mean 'pglite'?); the checks are node, pglite, sqlite, postgres, server",
    ]);
  });

  it('exits 1 with one line and no stack on an unexpected exception', async () => {
    const run = await runDbplay(['crash'], { script: fixture });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      "dbplay: unexpected error: TypeError: Cannot read properties of undefined (reading 'get') (this is a bug in dbplay; run with DEBUG=dbplay to see where)",
    ]);
  });

  it('prints the stack of an unexpected exception with DEBUG=dbplay', async () => {
    const run = await runDbplay(['crash'], { script: fixture, env: { DEBUG: 'express,dbplay' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dbplay: unexpected error: TypeError/);
    expect(run.stderr).toMatch(/\n\s+at .*cli-with-test-commands\.ts/);
  });

  it('exits 1 when a command finishes with a failed check, after printing its result', async () => {
    const run = await runDbplay(['failed-check'], { script: fixture });
    expect(run).toEqual({ code: 1, stdout: 'graded: 0 of 1 correct\n', stderr: '' });
  });

  it('exits 3 when a server cannot be reached, naming the URL without its password', async () => {
    const url = 'postgres://learner:secret@127.0.0.1:1/nodb';
    const run = await runDbplay(['doctor', '--only', 'server', '--url', url]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('could not connect to postgres://learner:***@127.0.0.1:1/nodb');
    expect(run.stdout).not.toContain('secret');

    const json = await runDbplay(['doctor', '--only', 'server', '--json'], { env: { DATABASE_URL: url } });
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      checks: { server: { ok: boolean; error: { code: string } } };
    };
    expect(report.ok).toBe(false);
    expect(report.checks.server.ok).toBe(false);
    expect(report.checks.server.error.code).toBe('engine-unavailable');
  });

  it('never colours under NO_COLOR, and colours when --color is given', async () => {
    const plain = await runDbplay(['doctor', '--only', 'node'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toContain('Every engine works on this machine.');

    const coloured = await runDbplay(['doctor', '--only', 'node', '--color'], { env: { NO_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[32mok\u001b[39m');

    const json = await runDbplay(['doctor', '--only', 'node', '--json', '--color']);
    expect(json.stdout).not.toContain('\u001b[');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, checks: { node: { ok: true } } });
  });
});

describe('a reader that stops reading', () => {
  it('exits quietly when stdout is closed early, as `dbplay … | head` does', async () => {
    const child = spawn(
      process.execPath,
      [dbplayBin, 'btree', 'insert', '1', '--sequential', '3000', '--trace'],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('one rule for every command (issue 12 item 19)', () => {
  it.each([
    ['isolation', 'run', 'g0', '--url', 'not a url'],
    ['doctor', '--only', 'server', '--url', 'mysql://me:secret@localhost/db'],
    ['explain', 'show', '1', '--url', 'localhost:5432'],
  ])('a malformed --url is bad input, exit 2, before any engine starts: %s %s', async (...args) => {
    const run = await runDbplay(args);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^dbplay: --url is not a PostgreSQL URL: '[^']*' \(write it as postgres:\/\//),
    ]);
    expect(run.stderr).not.toContain('secret');
  });

  it('counts in the singular when there is one', async () => {
    const run = await runDbplay(['isolation', 'matrix', '--engine', 'model', '--scenarios', 'g0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ cells \(1 scenario\) on /m);
  });
});
