/**
 * `dbplay explain cleanup --url`: the databases earlier runs left on a server.
 *
 * A run on a server makes throwaway databases (a dataset being built, a clone per session;
 * server-session.ts) and drops them when it ends or is interrupted. A run killed outright
 * cannot: its databases stay until somebody drops them. This finds them by name, keeps
 * any that a live run may still use (somebody is connected, or the process named in it
 * runs on this machine), and drops the rest. Built datasets are caches, kept on purpose.
 *
 * @example
 * const { dropped, kept } = await cleanupServer('postgres://me@localhost/postgres');
 */
import {
  connectPostgres,
  dropDatabases,
  findLeftoverDatabases,
  type LeftoverDatabase,
} from '@dbplay/engines';
import { isThrowawayDatabase, processOfDatabase } from './server-session.ts';

export interface ServerCleanup {
  /** The leftovers dropped (or, with `dryRun`, that would be). */
  readonly dropped: readonly string[];
  /** Throwaway databases kept because a live run may use them, with the reason. */
  readonly kept: readonly LeftoverDatabase[];
}

export async function cleanupServer(url: string, options: { dryRun?: boolean } = {}): Promise<ServerCleanup> {
  const client = await connectPostgres(url, { applicationName: 'dbplay/cleanup' });
  try {
    const found = await findLeftoverDatabases(client, isThrowawayDatabase, processOfDatabase);
    const dropped = found.filter((database) => database.inUse === null).map((database) => database.name);
    if (options.dryRun !== true) await dropDatabases(client, dropped);
    return { dropped, kept: found.filter((database) => database.inUse !== null) };
  } finally {
    await client.end().catch(() => {});
  }
}
