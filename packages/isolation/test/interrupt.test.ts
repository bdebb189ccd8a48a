/**
 * Ctrl-C in the middle of a run leaves nothing behind: not the embedded server's process or
 * directory, not SQLite's files, and not one throwaway database on a server given by --url.
 *
 * Each test starts the real CLI on a run that would take minutes (every interleaving of
 * otv's three sessions: 11,550 permutations), waits until it is busy, sends SIGINT, and looks.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectPostgres, startEmbeddedPostgres } from '@dbplay/engines';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dbplay = fileURLToPath(new URL('../../../playground/bin/dbplay.js', import.meta.url));

/** The embedded server's directory, found from the postmaster the CLI process started (its child). */
function serverDirectoryOf(pid: number | undefined): string | null {
  const lines = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n');
  for (const line of lines) {
    const [, , ppid, args] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line) ?? [];
    const dataDir = / -D (\S+)/.exec(args ?? '')?.[1];
    if (Number(ppid) === pid && dataDir !== undefined) return dirname(dataDir);
  }
  return null;
}

/** The SQLite directory the CLI process has files open in (Linux's /proc). */
function sqliteDirectoryOf(pid: number | undefined): string | null {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
      const match = /^(.*\/dbplay-sqlite-[^/]+)\//.exec(target);
      if (match?.[1] !== undefined) return match[1];
    }
  } catch {
    // The process is gone, or not started yet.
  }
  return null;
}

const processesUsing = (directory: string) =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(directory));

// A test that fails before its Ctrl-C must not leave a CLI running: interrupt it as a user
// would (so it stops its server too), and kill it only if that does not work.
const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 20_000);

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
  started.push(child);
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
    await sleep(50);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Ctrl-C in the middle of dbplay isolation run', () => {
  // Other test files start servers and SQLite files of their own meanwhile, so each test
  // looks only at what its own CLI process created.
  it('stops the embedded server and deletes its directory, exiting 130', async () => {
    const run = start(['isolation', 'run', 'otv', '--all-permutations', '--json']);
    let directory: string | null = null;
    await until(() => {
      directory = serverDirectoryOf(run.child.pid);
      return directory !== null;
    }, 'the embedded server to start');
    await sleep(2000); // well into the permutations
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(directory).toMatch(/dbplay-pg-/);
    expect(existsSync(directory ?? '')).toBe(false);
    await sleep(200); // the postmaster's children exit with it
    expect(processesUsing(directory ?? '')).toEqual([]);
  });

  it('deletes the SQLite files', async () => {
    const run = start(['isolation', 'run', 'otv', '--engine', 'sqlite', '--all-permutations', '--json']);
    let directory: string | null = null;
    await until(() => {
      directory = sqliteDirectoryOf(run.child.pid);
      return directory !== null;
    }, 'the SQLite files to open');
    await sleep(1000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    // Stopped mid-run, not after it: the cleanup found the files still open. (SQLite's steps are
    // synchronous; the runner must give the signal handler a turn between permutations.)
    expect(run.stderr()).toContain(`dbplay: interrupted; cleaned up the SQLite files in ${directory}`);
    expect(existsSync(directory ?? '')).toBe(false);
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
