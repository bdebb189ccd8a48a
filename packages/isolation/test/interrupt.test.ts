/**
 * Ctrl-C in the middle of a run leaves nothing behind: not the embedded server's process or
 * directory, not SQLite's files, and not one throwaway database on a server given by --url.
 *
 * Each test starts the real CLI on a run that would take minutes (every interleaving of
 * otv's three sessions: 11,550 permutations), waits until it is busy, sends SIGINT, and looks.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPostgres, scratchDirectory, startEmbeddedPostgres } from '@dbplay/engines';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dbplay = fileURLToPath(new URL('../../../playground/bin/dbplay.js', import.meta.url));

// The runners put their files in memory when they can (scratchDirectory), else in tmpdir().
const ours = (prefix: string) =>
  new Set(
    [...new Set([tmpdir(), scratchDirectory()])].flatMap((directory) =>
      readdirSync(directory)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(directory, name)),
    ),
  );
const serverProcesses = () =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('dbplay-pg-') && !line.includes('ps -eo'));

function start(args: string[]): {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
} {
  const child = spawn(process.execPath, [dbplay, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Ctrl-C in the middle of dbplay isolation run', () => {
  it('stops the embedded server and deletes its directory, exiting 130', async () => {
    const dirsBefore = ours('dbplay-pg-');
    const processesBefore = serverProcesses();
    const run = start(['isolation', 'run', 'otv', '--all-permutations', '--json']);
    await until(() => serverProcesses().length > processesBefore.length, 'the embedded server to start');
    await sleep(2000); // well into the permutations
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect([...ours('dbplay-pg-')].filter((dir) => !dirsBefore.has(dir))).toEqual([]);
    await sleep(200); // the postmaster's children exit with it
    expect(serverProcesses().filter((line) => !processesBefore.includes(line))).toEqual([]);
  });

  it('deletes the SQLite files', async () => {
    const before = ours('dbplay-sqlite-');
    const run = start(['isolation', 'run', 'otv', '--engine', 'sqlite', '--all-permutations', '--json']);
    await until(() => [...ours('dbplay-sqlite-')].some((dir) => !before.has(dir)), 'the SQLite directory');
    await sleep(1000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect([...ours('dbplay-sqlite-')].filter((dir) => !before.has(dir))).toEqual([]);
  });

  it('drops every throwaway database on a server given by --url', async () => {
    const server = await startEmbeddedPostgres();
    const client = await connectPostgres(server.url);
    const count = async () =>
      Number(
        (
          await client.query<{ n: string }>(
            "select count(*) as n from pg_database where datname like 'dbplay_iso_%'",
          )
        ).rows[0]?.n,
      );
    try {
      const run = start(['isolation', 'run', 'otv', '--all-permutations', '--json', '--url', server.url]);
      await until(async () => (await count()) >= 2, 'the template and a run database');
      await sleep(1000);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(130);
      expect(await count()).toBe(0);
      expect(run.stderr()).not.toContain(new URL(server.url).password);
    } finally {
      await client.end();
      await server.stop();
    }
  });
});
