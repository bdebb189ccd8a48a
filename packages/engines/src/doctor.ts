/**
 * `doctor`: does every engine dbplay relies on work on this machine?
 *
 * A new user's first question when something is off. Each check really starts the engine
 * and asks it a question (`select version()`), timing each phase, so a broken native
 * build, a missing binary or a server that will not start shows up here, with the error
 * message, instead of in the middle of a lesson. Checks never throw: a failure is data in
 * the report.
 */
import { isDbplayError } from '@dbplay/core';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { startPglite } from './pglite.ts';
import { connectPostgres, redactUrl } from './postgres-server.ts';
import { openSqlite } from './sqlite.ts';

/** The checks doctor can run: the Node runtime, the three engines, and a server by URL. */
export const doctorCheckNames = ['node', 'pglite', 'sqlite', 'postgres', 'server'] as const;
export type DoctorCheckName = (typeof doctorCheckNames)[number];

/** The oldest Node dbplay supports (vite 8 needs 20.19). */
export const minimumNodeVersion = '20.19.0';

export interface DoctorCheck {
  readonly name: DoctorCheckName;
  readonly ok: boolean;
  /** The short version, e.g. `18.3` or `3.53.2`; null when the check failed before learning it. */
  readonly version: string | null;
  /** What was checked, or the full version string the engine reported. */
  readonly detail: string;
  /** How long each phase took, in whole milliseconds. */
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
}

export interface DoctorOptions {
  /** Run only these checks. Default: node, pglite, sqlite, postgres, and server when `url` is given. */
  readonly only?: readonly DoctorCheckName[];
  /** A PostgreSQL server to check as well (`--url` / `DATABASE_URL`). */
  readonly url?: string | undefined;
  /** Called as each check starts, for a progress line. */
  readonly onCheckStart?: (name: DoctorCheckName) => void;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const wanted =
    options.only ?? doctorCheckNames.filter((name) => name !== 'server' || options.url !== undefined);
  const checks: DoctorCheck[] = [];
  for (const name of doctorCheckNames) {
    if (!wanted.includes(name)) continue;
    options.onCheckStart?.(name);
    checks.push(await runCheck(name, options.url));
  }
  return { ok: checks.every((check) => check.ok), checks };
}

type Timings = Record<string, number>;

async function runCheck(name: DoctorCheckName, url: string | undefined): Promise<DoctorCheck> {
  const timings: Timings = {};
  const withTimings = (result: CheckResult): DoctorCheck => ({
    name: result.name,
    ok: result.ok,
    version: result.version,
    detail: result.detail,
    timingsMs: timings,
    error: result.error,
  });
  const timed = async <T>(phase: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round(performance.now() - started);
    }
  };
  try {
    switch (name) {
      case 'node':
        return checkNode();
      case 'pglite':
        return withTimings(await checkPglite(timed));
      case 'sqlite':
        return withTimings(await checkSqlite(timed));
      case 'postgres':
        return withTimings(await checkEmbeddedPostgres(timed, timings));
      case 'server':
        return withTimings(await checkServer(url, timed));
    }
  } catch (error) {
    return {
      name,
      ok: false,
      version: null,
      detail: name === 'server' && url !== undefined ? redactUrl(url) : '',
      timingsMs: timings,
      error: {
        code: isDbplayError(error) ? error.code : 'unexpected',
        message: isDbplayError(error) ? error.oneLine() : String(error),
      },
    };
  }
}

type Timed = <T>(phase: string, work: () => Promise<T> | T) => Promise<T>;
type CheckResult = Omit<DoctorCheck, 'timingsMs'>;

function checkNode(): DoctorCheck {
  const version = process.versions.node;
  const ok = compareVersions(version, minimumNodeVersion) >= 0;
  return {
    name: 'node',
    ok,
    version,
    detail: `Node ${version} on ${process.platform}-${process.arch}; dbplay needs ${minimumNodeVersion} or later`,
    timingsMs: {},
    error: ok
      ? null
      : {
          code: 'node-too-old',
          message: `Node ${version} is older than ${minimumNodeVersion}; install Node 20.19 or later`,
        },
  };
}

async function checkPglite(timed: Timed): Promise<CheckResult> {
  const db = await timed('start', () => startPglite());
  try {
    const rows = await timed('query', () =>
      db.query<{ version: string; short: string }>(
        "select version() as version, current_setting('server_version') as short",
      ),
    );
    const row = rows.rows[0];
    return { name: 'pglite', ok: true, version: row?.short ?? null, detail: row?.version ?? '', error: null };
  } finally {
    await timed('close', () => db.close());
  }
}

async function checkSqlite(timed: Timed): Promise<CheckResult> {
  const db = await timed('load', () => openSqlite());
  try {
    const row = await timed(
      'query',
      () => db.prepare('select sqlite_version() as version').get() as { version: string } | undefined,
    );
    const version = row?.version ?? null;
    return { name: 'sqlite', ok: true, version, detail: `SQLite ${version} via better-sqlite3`, error: null };
  } finally {
    db.close();
  }
}

async function checkEmbeddedPostgres(timed: Timed, timings: Timings): Promise<CheckResult> {
  const server = await startEmbeddedPostgres();
  // The start has two phases: creating the cluster (initdb), then starting the server.
  timings.initdb = Math.round(server.timings.initdbMs);
  timings.start = Math.round(server.timings.startMs);
  try {
    const version = await timed('query', async () => {
      const client = await connectPostgres(server.url);
      try {
        return await queryVersion(client);
      } finally {
        await client.end();
      }
    });
    return { name: 'postgres', ok: true, version: version.short, detail: version.full, error: null };
  } finally {
    await timed('stop', () => server.stop());
  }
}

async function checkServer(url: string | undefined, timed: Timed): Promise<CheckResult> {
  if (url === undefined) {
    return {
      name: 'server',
      ok: false,
      version: null,
      detail: 'no server given',
      error: { code: 'bad-input', message: 'the server check needs --url or DATABASE_URL' },
    };
  }
  const client = await timed('connect', () => connectPostgres(url));
  try {
    const version = await timed('query', () => queryVersion(client));
    return {
      name: 'server',
      ok: true,
      version: version.short,
      detail: `${redactUrl(url)}: ${version.full}`,
      error: null,
    };
  } finally {
    await client.end();
  }
}

async function queryVersion(client: import('pg').Client): Promise<{ short: string; full: string }> {
  const result = await client.query<{ full: string; short: string }>(
    "select version() as full, current_setting('server_version') as short",
  );
  const row = result.rows[0];
  return { short: row?.short ?? '', full: row?.full ?? '' };
}

/** Compares dotted version numbers numerically: `20.9.0` < `20.19.0`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
