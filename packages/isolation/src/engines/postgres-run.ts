/**
 * One permutation on PostgreSQL: a throwaway database, one connection per session, and the
 * isolation tester's way of telling a slow statement from a blocked one.
 *
 * Each step is sent with node-postgres's simple query protocol, as the tester sends it with
 * PQsendQuery, and the promise is left running. To learn whether it waits for a lock, the
 * control connection asks `pg_isolation_test_session_is_blocked(pid, session_pids)`: the
 * helper PostgreSQL wrote for its own tester (src/backend/utils/adt/lockfuncs.c). It is true
 * when the backend waits for a heavyweight lock held (or queued ahead) by one of our sessions,
 * or for a safe snapshot (`SERIALIZABLE READ ONLY DEFERRABLE`); locks held by anything else,
 * such as autovacuum, are ignored, as in the tester. `pg_blocking_pids` then names whom it
 * waits for. A statement that is neither finished nor blocked is simply slow: poll again.
 * Like the tester (isolationtester.c, try_complete_step, which waits 10 ms in select() before
 * it asks), a statement gets 10 ms to finish before the question is asked: a quick step
 * returns sooner and costs nothing, and a waiter that was just released (by a COMMIT, or by
 * `pg_cancel_backend`) has time to finish, so it is reported as completing after the step
 * that released it and not after a later one.
 *
 * Deadlocks. PostgreSQL checks for one when a waiter's `deadlock_timeout` expires, once per
 * wait, and the process that finds the cycle is the one rolled back
 * (src/backend/storage/lmgr/proc.c, CheckDeadLock). dbplay gives each session a different
 * timeout once when it connects (postgres-engine.ts), so the victim does not depend on the
 * machine's load. It sets nothing with a step: a session's own `SET deadlock_timeout`
 * (PostgreSQL's deadlock specs choose their victim that way) is left alone, and each step goes
 * to the server exactly as
 * written, alone in its simple query, as the isolation tester sends it. A `SET` in the same
 * query string would make the string one implicit transaction block, and `VACUUM`,
 * `CREATE INDEX CONCURRENTLY` or `REINDEX CONCURRENTLY` refuse to run inside one (25001).
 * Session settings a caller wants (the regression suite's DateStyle, say) are sent once, as
 * their own statement, when the connection opens (`PostgresEngine.open`'s `sessionSettings`).
 *
 * Whether a step ended its session's transaction comes from the ReadyForQuery message's
 * status byte (idle, in a transaction, in a failed transaction), which is also how psql's
 * prompt knows: an idle session after a COMMIT tag committed; after ROLLBACK it did not
 * (PostgreSQL answers COMMIT in a failed transaction with ROLLBACK).
 */
import { EngineUnavailableError, quoteIdent } from '@dbplay/core';
import type { Client, QueryResult } from 'pg';
import { sortedRows } from '../judge/sort-rows.ts';
import type { StatementResult, TableState, Value } from '../run/outcome.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { BeginMode, EngineRun, Settled, WaitingStatement } from './engine.ts';
import { postgresTypes, statementResult, stepErrorOf } from './postgres-results.ts';

export interface PostgresSession {
  readonly name: string;
  readonly client: Client;
  readonly pid: number;
}

/** What a run needs from its engine: the control connection and a way to drop the database. */
export interface PostgresRunContext {
  readonly control: Client;
  readonly scenario: Scenario;
  /** `REPEATABLE READ` … */
  readonly sqlLevel: string;
  readonly sessions: readonly PostgresSession[];
  /** Drops the run's database; called once, after every connection has ended. */
  readonly dropDatabase: () => Promise<void>;
}

interface InFlight {
  readonly session: PostgresSession;
  readonly promise: Promise<void>;
  result: StatementResult | null;
  failure: unknown;
  waiting: WaitingStatement | null;
}

export class PostgresRun implements EngineRun {
  private readonly context: PostgresRunContext;
  private readonly inFlight = new Map<string, InFlight>();
  private disposed = false;

  constructor(context: PostgresRunContext) {
    this.context = context;
  }

  issue(sessionName: string, sql: string, begin: BeginMode): void {
    const session = this.sessionNamed(sessionName);
    const prefix =
      begin === 'transaction'
        ? `BEGIN ISOLATION LEVEL ${this.context.sqlLevel};\n`
        : begin === 'level'
          ? `SET TRANSACTION ISOLATION LEVEL ${this.context.sqlLevel};\n`
          : '';
    const before = session.client.getTransactionStatus();
    const inTransaction = before === 'T' || before === 'E' || begin === 'transaction';
    const skip = prefix === '' ? 0 : 1;
    const ended = (lastTag: string | null): StatementResult['ended'] => {
      if (!inTransaction || session.client.getTransactionStatus() !== 'I') return null;
      return lastTag === 'COMMIT' ? 'commit' : 'rollback';
    };
    const entry: InFlight = {
      session,
      result: null,
      failure: null,
      waiting: null,
      promise: session.client.query({ text: prefix + sql, rowMode: 'array', types: postgresTypes }).then(
        (results: QueryResult | QueryResult[]) => {
          const last = Array.isArray(results) ? results[results.length - 1] : results;
          entry.result = statementResult(results, skip, ended(last?.command ?? null));
        },
        async (error: unknown) => {
          const stepError = stepErrorOf(
            error,
            (pid) => this.context.sessions.find((s) => s.pid === pid)?.name,
          );
          if (stepError === null) {
            entry.failure = error;
          } else {
            // node-postgres reports an error as soon as the ErrorResponse arrives, before the
            // server has rolled the transaction back and released its locks (it does that, then
            // sends ReadyForQuery). An empty query returns after that, so whatever the error freed
            // is free when the step is reported, and the transaction status is up to date.
            await session.client.query('').catch(() => {});
          }
          entry.result = { rows: null, command: null, error: stepError, ended: ended(null) };
        },
      ),
    };
    this.inFlight.set(sessionName, entry);
  }

  async settle(): Promise<Settled> {
    for (;;) {
      const pending = this.pending();
      if (pending.length === 0) break;
      // Every statement in flight gets its 10 ms, a released waiter included, not only the first to answer.
      await Promise.race([Promise.all(pending.map((entry) => entry.promise)), sleep(answerWaitMs)]);
      const running = this.pending();
      if (running.length === 0) break;
      const blocked = await this.blockedStatus(running);
      const stillRunning = running.filter((entry) => entry.result === null);
      if (stillRunning.every((entry) => blocked.has(entry.session.name))) {
        for (const entry of stillRunning) entry.waiting = blocked.get(entry.session.name) ?? null;
        break;
      }
    }
    const finished: { session: string; result: StatementResult }[] = [];
    const waiting: WaitingStatement[] = [];
    for (const [name, entry] of this.inFlight) {
      if (entry.failure !== null) throw this.lostConnection(name, entry.failure);
      if (entry.result !== null) {
        finished.push({ session: name, result: entry.result });
        this.inFlight.delete(name);
      } else if (entry.waiting !== null) {
        waiting.push(entry.waiting);
      }
    }
    return { finished, waiting };
  }

  async awaitProgress(timeoutMs: number): Promise<boolean> {
    const pending = this.pending();
    if (pending.length === 0) return true;
    await Promise.race([Promise.race(pending.map((entry) => entry.promise)), sleep(timeoutMs)]);
    return pending.some((entry) => entry.result !== null);
  }

  async finish(): Promise<void> {
    for (const entry of this.pending()) {
      await this.context.control.query('select pg_cancel_backend($1)', [entry.session.pid]);
    }
    await Promise.all([...this.inFlight.values()].map((entry) => entry.promise));
    this.inFlight.clear();
    for (const session of this.context.sessions) {
      if (session.client.getTransactionStatus() !== 'I') await session.client.query('rollback');
    }
  }

  async finalState(): Promise<TableState[]> {
    const client = this.context.sessions[0]?.client;
    return client === undefined ? [] : readTables(client);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const { scenario, sessions } = this.context;
    try {
      // The tester runs each session's teardown, then the spec's; their errors do not matter here.
      // The spec's teardown runs once, when the engine drops the scenario's template
      // (postgres-engine.ts): the database is thrown away anyway, and what the teardown must
      // undo lives outside it (a role, which every later copy of the template still needs).
      for (const session of sessions) {
        const teardown = scenario.sessions.find((s) => s.name === session.name)?.teardown;
        if (teardown !== undefined && teardown !== null && session.client.getTransactionStatus() === 'I') {
          await session.client.query(teardown.sql).catch(() => {});
        }
      }
    } finally {
      await Promise.all(sessions.map((session) => session.client.end().catch(() => {})));
      await this.context.dropDatabase();
    }
  }

  private pending(): InFlight[] {
    return [...this.inFlight.values()].filter((entry) => entry.result === null);
  }

  /** The statements among `entries` that wait for a lock (or a safe snapshot), with whom they wait for. */
  private async blockedStatus(entries: readonly InFlight[]): Promise<Map<string, WaitingStatement>> {
    const pids = this.context.sessions.map((session) => session.pid);
    const result = await this.context.control.query<{
      pid: number;
      blocked: boolean;
      blockers: number[];
      snapshot_blockers: number[];
    }>(
      `select pid, pg_isolation_test_session_is_blocked(pid, $2::int[]) as blocked,
              pg_blocking_pids(pid) as blockers, pg_safe_snapshot_blocking_pids(pid) as snapshot_blockers
         from unnest($1::int[]) as pid`,
      [entries.map((entry) => entry.session.pid), pids],
    );
    const waiting = new Map<string, WaitingStatement>();
    for (const row of result.rows) {
      if (!row.blocked) continue;
      const session = this.context.sessions.find((s) => s.pid === row.pid);
      if (session === undefined) continue;
      const by = new Set([...row.blockers, ...row.snapshot_blockers]);
      waiting.set(session.name, {
        session: session.name,
        waitsFor: this.context.sessions.filter((s) => by.has(s.pid)).map((s) => s.name),
        note:
          row.snapshot_blockers.length > 0 && row.blockers.length === 0
            ? 'waits for a safe snapshot: a READ ONLY DEFERRABLE transaction starts only when no concurrent serializable transaction can make its snapshot unsafe'
            : null,
      });
    }
    return waiting;
  }

  private sessionNamed(name: string): PostgresSession {
    const session = this.context.sessions.find((s) => s.name === name);
    if (session === undefined) throw new RangeError(`no session ${name} in this run`);
    return session;
  }

  private lostConnection(session: string, cause: unknown): EngineUnavailableError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new EngineUnavailableError(
      'postgres',
      `PostgreSQL closed session ${session}'s connection: ${reason}`,
      {
        cause,
      },
    );
  }
}

/**
 * Every table of the database the client is connected to, each sorted by all its columns.
 * Temporary tables are left out: they end with their sessions, and another session's cannot be
 * read (PostgreSQL 18.6 refuses with "cannot access temporary tables of other sessions"; older
 * versions read it inconsistently, as 18.6's release notes say of the fix, 3aaefe892).
 */
export async function readTables(client: Client): Promise<TableState[]> {
  const tables = await client.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and c.relpersistence <> 't'
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
      order by c.relname, n.nspname`,
  );
  const states: TableState[] = [];
  for (const table of tables.rows) {
    const qualified =
      table.schema === 'public'
        ? quoteIdent(table.name)
        : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    const result = await client.query({
      text: `select * from ${qualified}`,
      rowMode: 'array',
      types: postgresTypes,
    });
    states.push({
      table: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
      columns: result.fields.map((field) => field.name),
      rows: sortedRows(result.rows as unknown as Value[][]),
    });
  }
  return states;
}

/** How long a statement may take before the runner asks whether it waits (isolationtester's 10 ms). */
const answerWaitMs = 10;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
