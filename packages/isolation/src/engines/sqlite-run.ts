/**
 * One permutation on SQLite: several connections to one WAL-mode file, and waiting emulated.
 *
 * SQLite allows one writer at a time. In WAL mode readers never wait, and a writer that finds
 * the write lock taken gets SQLITE_BUSY; with a busy timeout, SQLite's busy handler sleeps
 * and retries (sqlite3BtreeBeginTrans in src/btree.c). better-sqlite3 is synchronous, so a
 * real wait would freeze this process and with it the session that holds the lock. So the
 * busy timeout is 0, and dbplay plays the busy handler: a statement that gets SQLITE_BUSY is
 * reported as waiting and retried after each later step, in the order the waits began. When
 * the holder commits, the retry either succeeds (the step resumed) or meets SQLite's other
 * answer, SQLITE_BUSY_SNAPSHOT: this transaction read a snapshot older than the latest
 * commit, so letting it write would lose that commit's changes; it must roll back.
 *
 * SQLite's busy handler runs only for a connection that holds no read transaction yet
 * (btree.c: `pBt->inTransaction==TRANS_NONE`); one that already read gets SQLITE_BUSY at
 * once, even with a timeout. dbplay still retries it, to show what the retry would meet, and
 * says so in the step's note.
 */
import { firstKeyword, quoteIdent, splitStatements } from '@dbplay/core';
import type { Database } from 'better-sqlite3';
import { sortedRows } from '../judge/sort-rows.ts';
import type { ErrorCause, ResultSet, StatementResult, StepError, TableState, Value } from '../run/outcome.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { BeginMode, EngineRun, Settled, WaitingStatement } from './engine.ts';

export interface SqliteSession {
  readonly name: string;
  readonly db: Database;
}

export interface SqliteRunContext {
  readonly scenario: Scenario;
  /** `BEGIN` or `BEGIN IMMEDIATE`. */
  readonly beginStatement: string;
  readonly sessions: readonly SqliteSession[];
  /** Opens one more connection to the run's file (for the final state). */
  readonly openConnection: () => Promise<Database>;
  /** Deletes the run's files; called once, after every connection is closed. */
  readonly removeFiles: () => void;
}

interface Attempt {
  readonly session: SqliteSession;
  readonly statements: readonly string[];
  begin: string | null;
  next: number;
  readonly wasInTransaction: boolean;
  rows: ResultSet | null;
  command: string | null;
  result: StatementResult | null;
  waiting: WaitingStatement | null;
}

const writeKeywords = new Set(['insert', 'update', 'delete', 'replace', 'create', 'drop', 'alter']);

export class SqliteRun implements EngineRun {
  private readonly context: SqliteRunContext;
  /** Statements in flight, in the order they were issued; a retry keeps its place. */
  private readonly inFlight: Attempt[] = [];
  /** The session holding the write lock, as far as dbplay can tell from what it ran. */
  private writer: string | null = null;
  /** Sessions that have read inside their current transaction (and so hold a snapshot). */
  private readonly snapshots = new Set<string>();
  private disposed = false;

  constructor(context: SqliteRunContext) {
    this.context = context;
  }

  issue(sessionName: string, sql: string, begin: BeginMode): void {
    const session = this.sessionNamed(sessionName);
    const attempt: Attempt = {
      session,
      statements: splitStatements(sql, 'sqlite').map((statement) => statement.text),
      begin: begin === 'transaction' ? this.context.beginStatement : null,
      next: 0,
      wasInTransaction: session.db.inTransaction || begin === 'transaction',
      rows: null,
      command: null,
      result: null,
      waiting: null,
    };
    this.inFlight.push(attempt);
    this.attempt(attempt);
  }

  async settle(): Promise<Settled> {
    // Retry every waiting statement, oldest wait first, until a whole pass changes nothing.
    let progress = true;
    while (progress) {
      progress = false;
      for (const attempt of this.inFlight) {
        if (attempt.result !== null) continue;
        this.attempt(attempt);
        if (attempt.result !== null) progress = true;
      }
    }
    const finished: { session: string; result: StatementResult }[] = [];
    const waiting: WaitingStatement[] = [];
    for (const attempt of [...this.inFlight]) {
      if (attempt.result !== null) {
        finished.push({ session: attempt.session.name, result: attempt.result });
        this.inFlight.splice(this.inFlight.indexOf(attempt), 1);
      } else if (attempt.waiting !== null) {
        waiting.push(attempt.waiting);
      }
    }
    return { finished, waiting };
  }

  /** Nothing in SQLite wakes up by itself: a wait ends only when dbplay retries after another step. */
  async awaitProgress(): Promise<boolean> {
    return false;
  }

  async finish(): Promise<void> {
    this.inFlight.length = 0;
    for (const session of this.context.sessions) {
      if (session.db.inTransaction) session.db.exec('rollback');
    }
    this.writer = null;
    this.snapshots.clear();
  }

  async finalState(): Promise<TableState[]> {
    const db = await this.context.openConnection();
    try {
      const tables = db
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
        )
        .all() as { name: string }[];
      return tables.map(({ name }) => {
        const statement = db.prepare(`select * from ${quoteIdent(name)}`).raw(true);
        return {
          table: name,
          columns: statement.columns().map((column) => column.name),
          rows: sortedRows((statement.all() as unknown[][]).map((row) => row.map(toValue))),
        };
      });
    } finally {
      db.close();
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const { scenario, sessions } = this.context;
    try {
      for (const session of sessions) {
        const teardown = scenario.sessions.find((s) => s.name === session.name)?.teardown ?? null;
        if (teardown !== null && !session.db.inTransaction) runQuietly(session.db, teardown.sql);
      }
      const first = sessions[0];
      if (scenario.teardown !== null && first !== undefined && !first.db.inTransaction) {
        runQuietly(first.db, scenario.teardown.sql);
      }
    } finally {
      for (const session of sessions) session.db.close();
      this.context.removeFiles();
    }
  }

  /** Runs what is left of a step: its BEGIN if still owed, then its statements from where it stopped. */
  private attempt(attempt: Attempt): void {
    const { db, name } = attempt.session;
    try {
      if (attempt.begin !== null) {
        db.exec(attempt.begin);
        attempt.begin = null;
        if (/immediate|exclusive/i.test(this.context.beginStatement)) this.writer = name;
      }
      while (attempt.next < attempt.statements.length) {
        const statement = attempt.statements[attempt.next] ?? '';
        this.runStatement(attempt, statement);
        attempt.next++;
      }
    } catch (error) {
      const stepError = sqliteError(error);
      if (stepError.cause === 'busy') {
        attempt.waiting = {
          session: name,
          waitsFor: this.writer !== null && this.writer !== name ? [this.writer] : [],
          // See the module comment: SQLite's own busy handler would not wait here.
          note: this.snapshots.has(name)
            ? 'SQLite itself returns SQLITE_BUSY here at once, even with a busy timeout, because this transaction already read a snapshot; dbplay retries it to show what a retry meets'
            : null,
        };
        return;
      }
      this.conclude(attempt, stepError);
      return;
    }
    this.conclude(attempt, null);
  }

  private runStatement(attempt: Attempt, statement: string): void {
    const { db, name } = attempt.session;
    const keyword = firstKeyword(statement);
    const prepared = db.prepare(statement);
    if (prepared.reader) {
      const raw = prepared.raw(true);
      const columns = raw.columns().map((column) => column.name);
      const rows = (raw.all() as unknown[][]).map((row) => row.map(toValue));
      attempt.rows = { columns, rows };
      attempt.command = `${keyword.toUpperCase()} ${rows.length}`;
    } else {
      const info = prepared.run();
      attempt.command = ['insert', 'update', 'delete', 'replace'].includes(keyword)
        ? `${keyword === 'insert' || keyword === 'replace' ? 'INSERT 0' : keyword.toUpperCase()} ${info.changes}`
        : keyword.toUpperCase();
    }
    if (writeKeywords.has(keyword)) this.writer = name;
    if (db.inTransaction && keyword !== 'begin') this.snapshots.add(name);
  }

  private conclude(attempt: Attempt, error: StepError | null): void {
    const { db, name } = attempt.session;
    let ended: StatementResult['ended'] = null;
    if (attempt.wasInTransaction && !db.inTransaction) {
      const last = firstKeyword(attempt.statements[attempt.statements.length - 1] ?? '');
      ended = error === null && (last === 'commit' || last === 'end') ? 'commit' : 'rollback';
    }
    if (!db.inTransaction) {
      if (this.writer === name) this.writer = null;
      this.snapshots.delete(name);
    }
    attempt.waiting = null;
    attempt.result = { rows: attempt.rows, command: attempt.command, error, ended };
  }

  private sessionNamed(name: string): SqliteSession {
    const session = this.context.sessions.find((s) => s.name === name);
    if (session === undefined) throw new RangeError(`no session ${name} in this run`);
    return session;
  }
}

/** SQLite's extended result code name, and what it means for a learner. */
function sqliteError(error: unknown): StepError {
  const code = (error as { code?: unknown } | null)?.code;
  const name = typeof code === 'string' ? code : 'SQLITE_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  const cause: ErrorCause =
    name === 'SQLITE_BUSY' ? 'busy' : name === 'SQLITE_BUSY_SNAPSHOT' ? 'busy-snapshot' : 'other';
  return { code: name, message, detail: null, cause };
}

function toValue(value: unknown): Value {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return String(value);
}

function runQuietly(db: Database, sql: string): void {
  try {
    db.exec(sql);
  } catch {
    // A teardown that fails changes nothing we report.
  }
}
