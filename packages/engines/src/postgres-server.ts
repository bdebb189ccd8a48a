/**
 * Connecting to a PostgreSQL server by URL, with errors a user can act on.
 *
 * Anything that needs several concurrent sessions (isolation anomalies) needs a real
 * server: PGlite is single-user. This module opens node-postgres connections to the
 * embedded server dbplay starts, or to any server named by `--url` / `DATABASE_URL`.
 * `pg` is imported only when a connection is made, so commands that never talk to a
 * server do not pay for loading it.
 */
import { EngineUnavailableError } from '@dbplay/core';
import type { Client } from 'pg';

/** The URL with its password replaced by `***`, safe to print in an error. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]*):[^@]*@/, '://$1:***@');
  }
}

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds. Default 10,000. */
  readonly timeoutMs?: number;
  /** `application_name`, shown in `pg_stat_activity`. Default `dbplay`. */
  readonly applicationName?: string;
  /**
   * Several tasks send queries over this one connection without waiting for each other (a
   * runner's control connection: it creates the next database while it polls for waits).
   * A connection runs one query at a time; node-postgres queues the rest itself, but pg 8.23
   * deprecates relying on that and prints a warning to the user. Here the queue is ours, first
   * come first served, as pg's was.
   */
  readonly sharedByTasks?: boolean;
}

/** Opens one connection; a server that is down or refuses us is an {@link EngineUnavailableError}. */
export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<Client> {
  if (!isPostgresUrl(url)) {
    throw new EngineUnavailableError('postgres', `not a PostgreSQL URL: ${redactUrl(url)}`, {
      hint: 'use the form postgres://user:password@host:5432/database',
    });
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    application_name: options.applicationName ?? 'dbplay',
  });
  // Without a listener, a connection that dies later (server stopped) would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new EngineUnavailableError(
      'postgres',
      `could not connect to ${redactUrl(url)}: ${describe(error)}`,
      { hint: 'is the server running, and are the host, port, user and password right?', cause: error },
    );
  }
  if (options.sharedByTasks === true) queueQueries(client);
  return client;
}

/** Makes `client.query` wait for the query sent before it (promise form only, as dbplay uses it). */
function queueQueries(client: Client): void {
  const send = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let previous: Promise<unknown> = Promise.resolve();
  const queued = (...args: unknown[]): Promise<unknown> => {
    const result = previous.then(() => send(...args));
    previous = result.catch(() => {});
    return result;
  };
  client.query = queued as Client['query'];
}

/** A URL that parses, with the scheme libpq accepts: `postgres://` or `postgresql://`. */
function isPostgresUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error && error.message !== '') return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}
