/**
 * Ctrl-C as a user presses it, through the CLI (issue 12 items 6 and 8): whenever it comes,
 * dbplay prints one line saying it was interrupted and what it cleaned up, exits 130, and
 * leaves no folder of the embedded server behind, not even from the middle of initdb.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbplayBin, repoRoot } from './run-cli.ts';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The embedded server's folders this process made, in /dev/shm or the temporary folder. */
function serverFolders(pid: number | undefined): string[] {
  return ['/dev/shm', tmpdir()].flatMap((parent) => {
    try {
      return readdirSync(parent)
        .filter((name) => name.startsWith(`dbplay-pg-${pid}-`))
        .map((name) => join(parent, name));
    } catch {
      return [];
    }
  });
}

function start(args: string[]) {
  const child = spawn(process.execPath, [dbplayBin, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Ctrl-C during dbplay isolation run on the embedded server', () => {
  it.each([
    ['during initdb', (folder: string) => existsSync(join(folder, 'data'))],
    ['while permutations run', (folder: string) => existsSync(join(folder, 'data', 'postmaster.pid'))],
  ])('%s: one line, exit 130, no folder left', async (_when, ready) => {
    const run = start(['isolation', 'run', 'otv', '--all-permutations']);
    let folder = '';
    await until(() => {
      folder = serverFolders(run.child.pid).find(ready) ?? '';
      return folder !== '';
    });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr().trimEnd().split('\n')).toEqual([
      `dbplay: interrupted; cleaned up the embedded PostgreSQL server (${folder})`,
    ]);
    expect(existsSync(folder)).toBe(false);
  });
});
