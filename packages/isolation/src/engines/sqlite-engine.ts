/**
 * The SQLite engine: the real SQLite library (better-sqlite3), one WAL-mode file per
 * permutation, one connection per session.
 *
 * SQLite has no isolation levels to choose: every transaction is serializable, by letting
 * one writer in at a time and refusing a writer whose snapshot is stale. What a learner can
 * choose is when a transaction takes the write lock, and that is the "level" here:
 *
 * - `deferred` (plain `BEGIN`): the read snapshot at the first read, the write lock at the
 *   first write. Two transactions that both read and then write cannot both commit: the
 *   second gets SQLITE_BUSY_SNAPSHOT.
 * - `immediate` (`BEGIN IMMEDIATE`): the write lock at once, so writing transactions run one
 *   after the other. This is the usual cure for SQLITE_BUSY errors despite a busy timeout
 *   (sqlite.org/rescode.html#busy_snapshot).
 *
 * The setup runs once per scenario into a template file; each permutation starts from a
 * copy of it, in a temporary directory removed on exit and on Ctrl-C.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, PromiseCache, scratchDirectory } from '@dbplay/core';
import { forgetOnExit, openSqlite, type StoppableServer, stopOnExit } from '@dbplay/engines';
import { type Scenario, scenarioKey } from '../spec/scenario.ts';
import type { EngineRun, IsolationEngine } from './engine.ts';
import { defaultLevels, type IsolationLevel, sqliteLevels } from './levels.ts';
import { SqliteRun, type SqliteSession } from './sqlite-run.ts';

export interface SqliteEngine extends IsolationEngine {
  /** `3.53.2` */
  readonly sqliteVersion: string;
}

export async function startSqliteEngine(): Promise<SqliteEngine> {
  const probe = await openSqlite();
  const version = (probe.prepare('select sqlite_version() as version').get() as { version: string }).version;
  probe.close();
  return new SqliteEngineImpl(version);
}

let nextFile = 0;

class SqliteEngineImpl implements SqliteEngine {
  readonly name = 'sqlite';
  readonly levels = sqliteLevels;
  readonly defaultLevel = defaultLevels.sqlite;
  readonly resolvesDeadlocks = false;
  readonly description: string;
  readonly sqliteVersion: string;
  private readonly directory: string;
  private readonly templates = new PromiseCache<string>();
  private readonly cleanup: StoppableServer;
  private closed = false;

  constructor(version: string) {
    this.sqliteVersion = version;
    this.description = `SQLite ${version} (better-sqlite3, WAL)`;
    this.directory = mkdtempSync(join(scratchDirectory(), 'dbplay-sqlite-'));
    const remove = () => rmSync(this.directory, { recursive: true, force: true });
    this.cleanup = {
      description: `the SQLite files in ${this.directory}`,
      stop: async () => remove(),
      killNow: remove,
    };
    stopOnExit(this.cleanup);
  }

  beginStatement(level: IsolationLevel): string {
    return level === 'immediate' ? 'BEGIN IMMEDIATE' : 'BEGIN';
  }

  levelWithoutSsi(): IsolationLevel | null {
    return null;
  }

  levelNote(level: IsolationLevel): string | null {
    return level === 'immediate'
      ? 'BEGIN IMMEDIATE takes the write lock at once, so writing transactions run one after another'
      : 'BEGIN (deferred) takes a snapshot at the first read and the write lock at the first write';
  }

  async open(scenario: Scenario, level: IsolationLevel, sessionNames: readonly string[]): Promise<EngineRun> {
    const template = await this.templateFor(scenario);
    const file = this.newFile();
    copyFileSync(template, file);
    const removeFiles = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    };
    const sessions: SqliteSession[] = [];
    try {
      for (const name of sessionNames) {
        const db = await openSqlite(file);
        // Never let SQLite sleep in its busy handler: this process would freeze (sqlite-run.ts).
        db.pragma('busy_timeout = 0');
        // The file is thrown away: no fsync at commits (isolation does not depend on it).
        db.pragma('synchronous = OFF');
        sessions.push({ name, db });
      }
    } catch (error) {
      for (const session of sessions) session.db.close();
      removeFiles();
      throw error;
    }
    return new SqliteRun({
      scenario,
      beginStatement: this.beginStatement(level),
      sessions,
      openConnection: () => openSqlite(file),
      removeFiles,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    rmSync(this.directory, { recursive: true, force: true });
    forgetOnExit(this.cleanup);
  }

  private templateFor(scenario: Scenario): Promise<string> {
    // A failed setup is reported to this caller; the next one tries again.
    return this.templates.get(scenarioKey(scenario), () => this.createTemplate(scenario));
  }

  private async createTemplate(scenario: Scenario): Promise<string> {
    const file = this.newFile();
    const db = await openSqlite(file);
    try {
      // WAL mode is stored in the file, so every copy opens in WAL mode too.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = OFF');
      for (const block of scenario.setup) {
        try {
          db.exec(block.sql);
        } catch (error) {
          throw new BadInputError(
            `the setup block failed on SQLite: ${error instanceof Error ? error.message : String(error)}`,
            { location: { file: scenario.file, line: block.line }, cause: error },
          );
        }
      }
    } finally {
      // Closing the last connection checkpoints the WAL into the file, so a plain copy is complete.
      db.close();
    }
    return file;
  }

  private newFile(): string {
    nextFile++;
    return join(this.directory, `${nextFile}.db`);
  }
}
