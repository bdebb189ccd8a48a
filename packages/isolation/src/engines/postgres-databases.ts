/**
 * The PostgreSQL engine's databases: a template per scenario, a throwaway copy of it per
 * permutation with a connection per session, and the drops (postgres-engine.ts uses them).
 *
 * The copy is made ahead, with its sessions' connections: when a permutation takes its
 * database, the next one's is started from the same template, so it is ready (or under
 * way) when the next permutation, the verdict's rerun without SSI or the next `isolation
 * run` typed in the shell asks for it. A profile of a warm `isolation run write-skew` in the
 * shell put a third of its time in CREATE DATABASE and a fifth in connecting. On the embedded server the copy is `STRATEGY FILE_COPY` (copy the
 * files, then checkpoint): about half the time of PostgreSQL 15's default, WAL_LOG, which
 * writes every page of the template to the WAL, and the checkpoints cost nothing there
 * (fsync is off). On a server given by URL the default stays: checkpoints on somebody's
 * server are not ours to force.
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
import { connectPostgres, type EmbeddedPostgres, ThrowawayDatabases } from '@dbplay/engines';
import type { Client } from 'pg';
import { type Scenario, scenarioKey } from '../spec/scenario.ts';
import type { PostgresSession } from './postgres-run.ts';

/** A permutation's copy of its template, with a connection per session. */
export interface Prepared {
  readonly database: string;
  readonly sessions: PostgresSession[];
}

/** What the engine learnt of its server when it connected (postgres-engine.ts). */
export interface ServerParts {
  readonly url: string;
  /** The URL with the password hidden, for messages. */
  readonly displayUrl: string;
  readonly server: EmbeddedPostgres | undefined;
  readonly control: Client;
  readonly dropForce: boolean;
  /** What follows `TEMPLATE x` in a permutation's CREATE DATABASE (see the top of this file). */
  readonly copyStrategy: string;
  readonly deadlockTimeout: { readonly baseMs: number; readonly stepMs: number } | null;
}

let nextDatabase = 0;

export class PermutationDatabases {
  private readonly parts: ServerParts;
  private readonly templates = new PromiseCache<string>();
  /** The next permutation's database and connections, made ahead for the scenario run last. */
  private spare: { readonly key: string; readonly prepared: Promise<Prepared> } | undefined;
  /** The scenario teardown of each template database, run once when the engine closes. */
  private readonly teardowns = new Map<string, string>();
  /**
   * Every database this engine created and has not dropped yet; on somebody's server, a
   * Ctrl-C drops them (@dbplay/engines' ThrowawayDatabases, as explain's sessions do).
   */
  private readonly databases: ThrowawayDatabases;

  constructor(parts: ServerParts) {
    this.parts = parts;
    // On somebody's server, a Ctrl-C must not leave our databases behind; the embedded
    // cluster is deleted whole.
    this.databases = new ThrowawayDatabases(parts.url, { dropOnExit: parts.server === undefined });
  }

  private get displayUrl(): string {
    return this.parts.displayUrl;
  }

  /** A fresh copy of the scenario's template for a permutation, a connection per session. */
  async forPermutation(
    scenario: Scenario,
    settings: string | undefined,
    sessionNames: readonly string[],
  ): Promise<Prepared> {
    return this.take(await this.templateFor(scenario, settings), sessionNames);
  }

  /** A copy of the scenario's template for serial replays, on one connection (postgres-replay.ts). */
  async forReplay(scenario: Scenario): Promise<Client> {
    const template = await this.templateFor(scenario, undefined);
    const database = this.newDatabaseName('p');
    await this.createDatabase(database, `template ${quoteIdent(template)}`);
    return connectPostgres(this.urlFor(database), { applicationName: 'dbplay/replay' });
  }

  /** Ends the copy made ahead, if any. */
  async discardSpare(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    await spare?.prepared.then((prepared) => this.discard(prepared)).catch(() => {});
  }

  /** On somebody's server: undo what the scenarios' teardowns undo outside their databases (roles), then drop what we made. */
  async dropAll(): Promise<void> {
    await this.runTeardowns();
    await this.databases.dropAll();
  }

  /** Stops watching for Ctrl-C. */
  close(): void {
    this.databases.close();
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

  /**
   * The scenario's setup, run once into a template database; later permutations copy it. The
   * setup runs with the sessions' settings, as the tester's setup runs on a connection opened
   * like the sessions' (a timestamptz literal means the same instant in both), so the settings
   * are part of the template's key.
   */
  private templateFor(scenario: Scenario, settings: string | undefined): Promise<string> {
    // A failed setup is reported to this caller; the next one tries again.
    return this.templates.get(`${scenarioKey(scenario)}\0${settings ?? ''}`, () =>
      this.createTemplate(scenario, settings),
    );
  }

  private async createTemplate(scenario: Scenario, settings: string | undefined): Promise<string> {
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
      if (settings !== undefined) await client.query(settings);
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

  /**
   * A fresh copy of `template` with a connection per session: the one made ahead if there is
   * one; the next is started now (see the top of this file).
   */
  private take(template: string, sessionNames: readonly string[]): Promise<Prepared> {
    const key = [template, ...sessionNames].join('\u0000');
    const spare = this.spare;
    let taken: Promise<Prepared>;
    if (spare?.key === key) taken = spare.prepared;
    else {
      // One spare at most, for the scenario run last: a run of many scenarios (a matrix, the
      // tests) must not hold a database and connections for each of them.
      if (spare !== undefined) void spare.prepared.then((prepared) => this.discard(prepared)).catch(() => {});
      taken = this.prepare(template, sessionNames);
    }
    const next = this.prepare(template, sessionNames);
    next.catch(() => {}); // a spare that fails (the engine is stopping) is simply not used
    this.spare = { key, prepared: next };
    return taken;
  }

  /**
   * Copies the template and connects each session to the copy, with its own deadlock_timeout
   * (see the top of this file) and its backend's pid, by which the run sees who waits for whom.
   */
  private async prepare(template: string, sessionNames: readonly string[]): Promise<Prepared> {
    const database = this.newDatabaseName('r');
    await this.createDatabase(database, `template ${quoteIdent(template)}${this.parts.copyStrategy}`);
    const timeout = this.parts.deadlockTimeout;
    const connected = await Promise.allSettled(
      sessionNames.map(async (name, i): Promise<PostgresSession> => {
        const client = await connectPostgres(this.urlFor(database), { applicationName: `dbplay/${name}` });
        try {
          const set =
            timeout === null ? '' : `set deadlock_timeout = '${timeout.baseMs + i * timeout.stepMs}ms'; `;
          const results = await client.query(`${set}select pg_backend_pid() as pid`);
          const rows = (Array.isArray(results) ? results[results.length - 1] : results).rows;
          return { name, client, pid: (rows[0] as { pid?: number } | undefined)?.pid ?? 0 };
        } catch (error) {
          await client.end().catch(() => {});
          throw error;
        }
      }),
    );
    const sessions = connected.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = connected.find((result) => result.status === 'rejected');
    if (failed !== undefined) {
      await this.discard({ database, sessions });
      throw failed.reason;
    }
    return { database, sessions };
  }

  /** Ends a prepared copy's connections and drops it. */
  async discard({ database, sessions }: Prepared): Promise<void> {
    await Promise.all(sessions.map((session) => session.client.end().catch(() => {})));
    await this.drop(database);
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

  async drop(database: string): Promise<void> {
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
