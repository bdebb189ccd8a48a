/**
 * Sessions on a real PostgreSQL server (`--url`), mirroring the PGlite design.
 *
 * Each dataset is built once into a database of its own, `dbplay_<name>_<key>` (the key
 * is the hash of its SQL, as for the PGlite cache), and kept there for later runs. A
 * session never works in that database directly: it clones it with
 * `CREATE DATABASE … TEMPLATE …` (a file copy, src/backend/commands/dbcommands.c) and
 * works in the clone, which is dropped when the session closes or restarts, just as a
 * PGlite session works in a copy of the snapshot. A real server honours
 * `statement_timeout`, so the time limit is the server's own and the session survives it.
 *
 * The user in the URL needs the CREATEDB privilege.
 *
 * A database being built and a session's clone are throwaway: both are made through
 * `ThrowawayDatabases` (@dbplay/engines), so Ctrl-C drops them, and both carry this
 * process's id in their name, so `dbplay explain cleanup --url` can find those of a run
 * that was killed outright ({@link isThrowawayDatabase}, server-leftovers.ts).
 */
import { randomBytes } from 'node:crypto';
import { EngineUnavailableError, quoteIdent } from '@dbplay/core';
import { connectPostgres, redactUrl, ThrowawayDatabases } from '@dbplay/engines';
import type { Client } from 'pg';
import { prepareLearnerRoleSql } from '../grading/learner-sql-guard.ts';
import { type Dataset, datasetKey, datasetNamed } from './dataset.ts';
import type { BuildProgress } from './dataset-cache.ts';
import {
  type EngineInfo,
  type SessionFactory,
  SqlError,
  type SqlResult,
  type SqlSession,
  TimeLimitError,
} from './sql-session.ts';

let clones = 0;

/**
 * VACUUM marks a page all-visible only once the commits of its rows are flushed to the WAL
 * (heap pruning skips rows whose inserter "committed asynchronously"). A server run with
 * `synchronous_commit = off`, as dbplay's embedded one is, would leave the visibility map
 * empty after the build's VACUUM; these sessions commit synchronously.
 */
const synchronousCommit = 'set synchronous_commit = on';

/**
 * PGlite runs no parallel workers (it starts with max_parallel_workers_per_gather = 0), and
 * the exercises are written for its plans; on a server the same setting keeps Gather nodes
 * out, so the plans match.
 */
const noParallelQuery = 'set max_parallel_workers_per_gather = 0';

export class ServerSessionFactory implements SessionFactory {
  private readonly url: string;
  private readonly datasets: ReadonlyMap<string, Dataset>;
  private readonly onBuild: ((progress: BuildProgress) => void) | undefined;
  private admin: Client | undefined;
  private readonly throwaway: ThrowawayDatabases;

  constructor(options: {
    url: string;
    datasets: ReadonlyMap<string, Dataset>;
    onBuild?: (progress: BuildProgress) => void;
  }) {
    this.url = options.url;
    this.datasets = options.datasets;
    this.onBuild = options.onBuild;
    this.throwaway = new ThrowawayDatabases(options.url);
  }

  async open(name: string): Promise<SqlSession> {
    // Before connecting: a misspelt name needs no server to be reported.
    const dataset = datasetNamed(this.datasets, name);
    const admin = await this.adminClient();
    const template = templateName(dataset);
    await this.ensureBuilt(admin, dataset, template);
    const session = new ServerSession(name, template, this.url, admin, this.throwaway);
    await session.restart();
    return session;
  }

  async prepare(datasets: readonly string[]): Promise<void> {
    // One server connection builds one database at a time.
    for (const name of new Set(datasets)) {
      const dataset = this.datasets.get(name);
      if (dataset === undefined) continue;
      await this.ensureBuilt(await this.adminClient(), dataset, templateName(dataset));
    }
  }

  async close(): Promise<void> {
    await this.admin?.end();
    this.admin = undefined;
    this.throwaway.close();
  }

  private async adminClient(): Promise<Client> {
    this.admin ??= await connectPostgres(this.url);
    return this.admin;
  }

  private async ensureBuilt(admin: Client, dataset: Dataset, template: string): Promise<void> {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount !== 0) return;
    this.onBuild?.({ dataset, phase: 'load', fraction: 0, rows: 0 });
    // A name of its own, so two builds at once (two processes, or two pools) never collide.
    const building = `${template}_new_${process.pid}_${randomBytes(4).toString('hex')}`;
    await this.throwaway.create(admin, building);
    const client = await connectPostgres(databaseUrl(this.url, building));
    try {
      await client.query(synchronousCommit);
      await client.query(dataset.sql);
      await client.query('vacuum');
    } catch (error) {
      await client.end();
      await this.throwaway.drop(admin, building);
      throw new EngineUnavailableError(
        'postgres',
        `dataset ${dataset.name} failed to build on ${redactUrl(this.url)}: ${String(error)}`,
      );
    }
    await client.end();
    try {
      await admin.query(`alter database ${quoteIdent(building)} rename to ${quoteIdent(template)}`);
      this.throwaway.keep(building);
    } catch {
      // Another process built it first.
      await this.throwaway.drop(admin, building);
    }
  }
}

class ServerSession implements SqlSession {
  readonly dataset: string;
  private readonly template: string;
  private readonly url: string;
  private readonly admin: Client;
  private readonly throwaway: ThrowawayDatabases;
  private client: Client | undefined;
  private clone: string | undefined;

  constructor(dataset: string, template: string, url: string, admin: Client, throwaway: ThrowawayDatabases) {
    this.dataset = dataset;
    this.template = template;
    this.url = url;
    this.admin = admin;
    this.throwaway = throwaway;
  }

  async engine(): Promise<EngineInfo> {
    const version = String((await this.query("select current_setting('server_version')")).rows[0]?.[0] ?? '');
    return { kind: 'postgres', version, description: `PostgreSQL ${version} at ${redactUrl(this.url)}` };
  }

  async query(sql: string, options: { timeLimitMs?: number } = {}): Promise<SqlResult> {
    const client = this.live();
    return this.limited(client, options.timeLimitMs, async () => {
      const result = await client.query({ text: sql, rowMode: 'array' });
      return { columns: result.fields.map((field) => field.name), rows: result.rows as unknown[][] };
    });
  }

  async exec(sql: string, options: { timeLimitMs?: number } = {}): Promise<void> {
    const client = this.live();
    await this.limited(client, options.timeLimitMs, () => client.query(sql));
  }

  async restart(): Promise<void> {
    await this.close();
    const clone = `dbplay_tmp_${this.dataset}_${process.pid}_${++clones}_${randomBytes(2).toString('hex')}`;
    await this.throwaway.create(this.admin, clone, `template ${quoteIdent(this.template)}`);
    this.clone = clone;
    this.client = await connectPostgres(databaseUrl(this.url, clone));
    await this.client.query(synchronousCommit);
    await this.client.query(noParallelQuery);
    // The learner role owns this clone's tables (learner-sql-guard.ts).
    await this.client.query(prepareLearnerRoleSql);
  }

  async close(): Promise<void> {
    const { client, clone } = this;
    this.client = undefined;
    this.clone = undefined;
    await client?.end().catch(() => {});
    if (clone !== undefined) await this.throwaway.drop(this.admin, clone);
  }

  private live(): Client {
    if (this.client === undefined) throw new EngineUnavailableError('postgres', 'the session is closed');
    return this.client;
  }

  private async limited<T>(
    client: Client,
    timeLimitMs: number | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      if (timeLimitMs !== undefined)
        await client.query(`set statement_timeout = ${Math.max(1, Math.round(timeLimitMs))}`);
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 57014 query_canceled: statement_timeout fired.
      if (code === '57014' && timeLimitMs !== undefined) throw new TimeLimitError(timeLimitMs);
      if (typeof code === 'string') {
        const e = error as { message: string; detail?: string; hint?: string };
        throw new SqlError(e.message, { sqlState: code, detail: e.detail, hint: e.hint });
      }
      throw error;
    } finally {
      if (timeLimitMs !== undefined) await client.query('set statement_timeout = 0').catch(() => {});
    }
  }
}

/**
 * The names of the throwaway databases above, with the process that made them: a dataset
 * being built (`dbplay_<dataset>_<key>_new_<pid>_<hex>`, and without the pid as earlier
 * dbplay versions named it) and a session's clone (`dbplay_tmp_<dataset>_<pid>_<n>_<hex>`).
 * Built datasets (`dbplay_<dataset>_<key>`) are kept on purpose and match none of these.
 */
const throwawayNames = [
  /^dbplay_tmp_.+_(\d+)_\d+_[0-9a-f]{4}$/,
  /^dbplay_.+_[0-9a-f]{16}_new_(\d+)_[0-9a-f]{8}$/,
  /^dbplay_.+_[0-9a-f]{16}_new_[0-9a-f]{8}$/,
];

export function isThrowawayDatabase(name: string): boolean {
  return throwawayNames.some((pattern) => pattern.test(name));
}

/** The process id in a throwaway database's name, or null. */
export function processOfDatabase(name: string): number | null {
  for (const pattern of throwawayNames) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined) return Number(pid);
  }
  return null;
}

function templateName(dataset: Dataset): string {
  return `dbplay_${dataset.name}_${datasetKey(dataset, 'postgres-server-v2')}`;
}

function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
