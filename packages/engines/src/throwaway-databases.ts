/**
 * Databases made on somebody's PostgreSQL server (`--url`) that must not outlive the run,
 * and finding the ones that did.
 *
 * On the embedded server, throwaway databases die with the server's folder. On a server the
 * user named, each `CREATE DATABASE` leaves a database on *their* machine until somebody
 * drops it. So every throwaway database is created through {@link ThrowawayDatabases},
 * which remembers its name *before* the CREATE is sent and registers with the exit-cleanup
 * registry (exit-cleanup.ts): on Ctrl-C it waits for a CREATE under way to finish, then
 * drops every database still remembered, over a fresh connection, ending the sessions
 * still connected to them (`DROP DATABASE … WITH (FORCE)`, PostgreSQL 13 and later;
 * src/backend/commands/dbcommands.c).
 *
 * A process killed outright (SIGKILL, a closed laptop) cannot clean up. Its databases carry
 * the process id in their name, so {@link findLeftoverDatabases} can tell a dead run's
 * database from a live one's: nobody is connected to it (pg_stat_activity), and the process
 * named in it is not running on this machine (it may be a run on another machine, which
 * this machine cannot see; a database somebody is connected to is never a leftover).
 */
import { processExists, quoteIdent } from '@dbplay/core';
import type { Client } from 'pg';
import { forgetOnExit, type StoppableServer, stopOnExit } from './exit-cleanup.ts';
import { connectPostgres, redactUrl } from './postgres-server.ts';

/** The throwaway databases one process makes on one server, dropped on Ctrl-C. */
export class ThrowawayDatabases {
  private readonly url: string;
  private readonly names = new Set<string>();
  /** CREATE DATABASE statements under way. */
  private readonly creating = new Set<Promise<unknown>>();
  private readonly cleanup: StoppableServer;
  private registered = false;
  /** Set once the cleanup has begun: no database may be created after that. */
  private isStopping = false;

  /**
   * Whether Ctrl-C drops the databases still remembered: yes on a server that outlives the
   * run; no on one deleted whole when the run ends (the embedded server), where the drops
   * would only delay the exit.
   */
  private readonly dropOnExit: boolean;

  /** `url` is the server's (any database on it): the cleanup connects there. */
  constructor(url: string, options: { readonly dropOnExit?: boolean } = {}) {
    this.url = url;
    this.dropOnExit = options.dropOnExit ?? true;
    this.cleanup = {
      description: `dbplay's temporary databases on ${redactUrl(url)}`,
      stop: () => this.dropAll(),
      killNow: () => {},
    };
  }

  /**
   * `CREATE DATABASE name <from>` over `admin`, with `name` remembered first: if Ctrl-C
   * comes while the CREATE runs, the cleanup waits for it and drops the database too.
   */
  async create(admin: Client, name: string, from = ''): Promise<void> {
    if (this.isStopping) throw new Error('dbplay is stopping: no new databases are created');
    this.names.add(name);
    if (!this.registered && this.dropOnExit) {
      this.registered = true;
      stopOnExit(this.cleanup);
    }
    const creating = admin.query(`create database ${quoteIdent(name)}${from === '' ? '' : ` ${from}`}`);
    this.creating.add(creating);
    try {
      await creating;
    } catch (error) {
      this.names.delete(name);
      throw error;
    } finally {
      this.creating.delete(creating);
    }
  }

  /**
   * Drops `name` (one of ours) over `admin`; `force` ends the sessions still connected to it
   * (`WITH (FORCE)`, PostgreSQL 13 and later).
   */
  async drop(admin: Client, name: string, force = false): Promise<void> {
    this.names.delete(name);
    await admin.query(`drop database if exists ${quoteIdent(name)}${force ? ' with (force)' : ''}`);
  }

  /** Whether `name` is one of ours, created and not dropped or kept since. */
  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Whether the cleanup has begun (then {@link create} refuses new databases). */
  get stopping(): boolean {
    return this.isStopping;
  }

  /** `name` is no longer throwaway (it was renamed into something meant to stay). */
  keep(name: string): void {
    this.names.delete(name);
  }

  /** The run ended normally: nothing is left to drop on Ctrl-C. */
  close(): void {
    if (this.registered) forgetOnExit(this.cleanup);
    this.registered = false;
  }

  /**
   * Drops every database still remembered, over a fresh connection, ending the sessions still
   * connected to them. New databases are refused from now on, and a CREATE already sent
   * finishes first, so that it can be dropped too. Ctrl-C runs it; so may a run that ends.
   */
  async dropAll(): Promise<void> {
    this.isStopping = true;
    await Promise.allSettled([...this.creating]);
    if (this.names.size === 0) return;
    const names = [...this.names];
    this.names.clear();
    const client = await connectPostgres(this.url, { timeoutMs: 5000, applicationName: 'dbplay/cleanup' });
    try {
      const force = (await serverVersionNumber(client)) >= 130000 ? ' with (force)' : '';
      for (const name of names) await client.query(`drop database if exists ${quoteIdent(name)}${force}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** A database a run left behind, and whether it can be dropped now. */
export interface LeftoverDatabase {
  readonly name: string;
  /** Why it is kept, when it is: somebody is connected, or its process runs here. */
  readonly inUse: string | null;
}

/**
 * The databases whose names `isThrowaway` recognises, each with whether a live run may
 * still use it. `processOf` reads the process id out of a name (null when it has none).
 */
export async function findLeftoverDatabases(
  client: Client,
  isThrowaway: (name: string) => boolean,
  processOf: (name: string) => number | null,
): Promise<LeftoverDatabase[]> {
  const result = await client.query<{ datname: string; connections: string }>(
    `select d.datname, (select count(*) from pg_stat_activity a where a.datid = d.oid) as connections
       from pg_database d where d.datname like 'dbplay%' order by d.datname`,
  );
  return result.rows
    .filter((row) => isThrowaway(row.datname))
    .map((row) => {
      const connections = Number(row.connections);
      const pid = processOf(row.datname);
      const inUse =
        connections > 0
          ? `${connections} connection${connections === 1 ? '' : 's'}`
          : pid !== null && pid !== process.pid && processExists(pid)
            ? `process ${pid} is running on this machine`
            : null;
      return { name: row.datname, inUse };
    });
}

/** Drops `names` (leftovers nobody uses) over `client`. */
export async function dropDatabases(client: Client, names: readonly string[]): Promise<void> {
  for (const name of names) await client.query(`drop database if exists ${quoteIdent(name)}`);
}

async function serverVersionNumber(client: Client): Promise<number> {
  const result = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
  return Number(result.rows[0]?.v ?? 0);
}
