/**
 * A connection to one dataset on one engine: what the grader needs from PostgreSQL.
 *
 * Two implementations: PGlite in a worker thread on a private copy of the cached dataset
 * (worker-session.ts), and a real server reached by URL (server-session.ts). Both run
 * statements under a time limit and can start again from the pristine dataset, which is
 * how a fix that ran `VACUUM` (outside any transaction) or a query that had to be stopped
 * never leaves a trace for the next attempt.
 */
import { DbplayError, ExitCode } from '@dbplay/core';

export interface SqlResult {
  readonly columns: readonly string[];
  /** Rows as arrays of values, in column order. */
  readonly rows: readonly (readonly unknown[])[];
}

export interface EngineInfo {
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /** `server_version`, e.g. `18.7`. */
  readonly version: string;
  /** For a person: `PGlite 0.5.17 (PostgreSQL 18.7)`, `PostgreSQL 18.4 at postgres://…`. */
  readonly description: string;
}

export interface SqlSession {
  /** The dataset this session is connected to. */
  readonly dataset: string;
  engine(): Promise<EngineInfo>;
  /** One statement; its rows. Throws {@link SqlError} or {@link TimeLimitError}. */
  query(sql: string, options?: { timeLimitMs?: number }): Promise<SqlResult>;
  /** One or more statements, results discarded. */
  exec(sql: string, options?: { timeLimitMs?: number }): Promise<void>;
  /** Throws away every change and reconnects to a pristine copy of the dataset. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** An error PostgreSQL reported, with its SQLSTATE: the SQL given was wrong (exit 2). */
export class SqlError extends DbplayError {
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;

  constructor(
    message: string,
    options: { sqlState?: string | undefined; detail?: string | undefined; hint?: string | undefined } = {},
  ) {
    // PostgreSQL's HINT becomes the error's hint, shown after the message.
    super(message, { code: 'sql-error', exitCode: ExitCode.badInput, hint: options.hint });
    this.name = 'SqlError';
    this.sqlState = options.sqlState;
    this.detail = options.detail;
  }
}

/** A statement that was still running when its time limit passed, and was stopped (exit 1). */
export class TimeLimitError extends DbplayError {
  readonly limitMs: number;

  constructor(limitMs: number) {
    super(`stopped after ${limitMs} ms: the statement ran longer than the time limit`, {
      code: 'time-limit',
      exitCode: ExitCode.checkFailed,
    });
    this.name = 'TimeLimitError';
    this.limitMs = limitMs;
  }
}

/** Opens sessions on datasets: one factory per engine. */
export interface SessionFactory {
  open(dataset: string): Promise<SqlSession>;
  /** Builds these datasets ahead of use, in parallel where the engine allows. */
  prepare(datasets: readonly string[]): Promise<void>;
  /** Releases whatever the factory itself holds (a server connection). */
  close(): Promise<void>;
}
