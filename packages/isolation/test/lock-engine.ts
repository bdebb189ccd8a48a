/**
 * A toy engine for testing the scheduler: it knows only exclusive locks.
 *
 * It implements the same two interfaces as the PostgreSQL and SQLite engines (engine.ts),
 * which is what a model engine does too. Its statements:
 *
 *   lock K    take the lock on K; wait while another session holds it
 *   read      return the keys this session holds
 *   fail      fail with code XX000
 *   commit    release every lock (ends the transaction); rollback likewise
 *
 * Waits are granted first come, first served; `awaitProgress` plays a deadlock detector: it
 * fails the longest waiter of a wait cycle with 40P01, after which, as in PostgreSQL, the
 * victim's COMMIT only rolls back.
 */
import type {
  BeginMode,
  EngineRun,
  IsolationEngine,
  Scenario,
  Settled,
  StatementResult,
  TableState,
} from '@dbplay/isolation';

export interface LockEngineLog {
  /** Every statement started, with the begin mode it came with. */
  readonly issued: { session: string; sql: string; begin: BeginMode }[];
}

export function lockEngine(log: LockEngineLog = { issued: [] }): IsolationEngine & { log: LockEngineLog } {
  return {
    log,
    name: 'locks',
    description: 'a toy lock manager',
    levels: ['serializable-2pl'],
    defaultLevel: 'serializable-2pl',
    resolvesDeadlocks: true,
    beginStatement: () => 'BEGIN',
    levelWithoutSsi: () => null,
    levelNote: () => null,
    open: async (_scenario: Scenario, _level: string, sessions: readonly string[]) =>
      new LockRun(sessions, log),
    close: async () => {},
  };
}

interface Pending {
  readonly session: string;
  readonly key: string;
  readonly since: number;
}

class LockRun implements EngineRun {
  private readonly holders = new Map<string, string>();
  private readonly pending: Pending[] = [];
  private readonly finished: { session: string; result: StatementResult }[] = [];
  private readonly aborted = new Set<string>();
  private clock = 0;
  private readonly sessions: readonly string[];
  private readonly log: LockEngineLog;

  constructor(sessions: readonly string[], log: LockEngineLog) {
    this.sessions = sessions;
    this.log = log;
  }

  issue(session: string, sql: string, begin: BeginMode): void {
    this.log.issued.push({ session, sql, begin });
    const [verb, key] = sql.replace(/;$/, '').trim().split(/\s+/);
    const done = (result: Partial<StatementResult>) =>
      this.finished.push({
        session,
        result: { rows: null, command: null, error: null, ended: null, ...result },
      });
    switch (verb) {
      case 'lock': {
        const holder = this.holders.get(key ?? '');
        if (holder === undefined || holder === session) {
          this.holders.set(key ?? '', session);
          done({ command: 'LOCK' });
        } else {
          this.pending.push({ session, key: key ?? '', since: this.clock++ });
        }
        return;
      }
      case 'read':
        done({ rows: { columns: ['held'], rows: [[this.heldBy(session).join(',')]] } });
        return;
      case 'fail':
        done({ error: { code: 'XX000', message: 'failed on purpose', detail: null, cause: 'other' } });
        return;
      case 'commit':
      case 'rollback': {
        const commits = verb === 'commit' && !this.aborted.has(session);
        this.release(session);
        this.aborted.delete(session);
        done({ command: commits ? 'COMMIT' : 'ROLLBACK', ended: commits ? 'commit' : 'rollback' });
        return;
      }
      default:
        done({ error: { code: '42601', message: `unknown statement ${sql}`, detail: null, cause: 'other' } });
    }
  }

  async settle(): Promise<Settled> {
    let granted = true;
    while (granted) {
      granted = false;
      for (const wait of [...this.pending]) {
        if (!this.holders.has(wait.key)) {
          this.holders.set(wait.key, wait.session);
          this.pending.splice(this.pending.indexOf(wait), 1);
          this.finished.push({
            session: wait.session,
            result: { rows: null, command: 'LOCK', error: null, ended: null },
          });
          granted = true;
        }
      }
    }
    const finished = this.finished.splice(0);
    const waiting = this.pending.map((wait) => ({
      session: wait.session,
      waitsFor: [this.holders.get(wait.key) ?? ''],
      note: null,
    }));
    return { finished, waiting };
  }

  async awaitProgress(): Promise<boolean> {
    const waitsFor = (session: string) => {
      const wait = this.pending.find((w) => w.session === session);
      return wait === undefined ? undefined : this.holders.get(wait.key);
    };
    for (const wait of [...this.pending].sort((a, b) => a.since - b.since)) {
      let at = waitsFor(wait.session);
      for (let hops = 0; at !== undefined && hops < this.sessions.length; hops++) {
        if (at === wait.session) {
          this.pending.splice(this.pending.indexOf(wait), 1);
          this.release(wait.session);
          this.aborted.add(wait.session);
          this.finished.push({
            session: wait.session,
            result: {
              rows: null,
              command: null,
              error: { code: '40P01', message: 'deadlock detected', detail: null, cause: 'deadlock' },
              ended: null,
            },
          });
          return true;
        }
        at = waitsFor(at);
      }
    }
    return false;
  }

  async finish(): Promise<void> {
    this.pending.length = 0;
    for (const session of this.sessions) this.release(session);
  }

  async finalState(): Promise<TableState[]> {
    return [{ table: 'locks', columns: ['key', 'holder'], rows: [...this.holders].sort() }];
  }

  async dispose(): Promise<void> {}

  private heldBy(session: string): string[] {
    return [...this.holders].filter(([, holder]) => holder === session).map(([key]) => key);
  }

  private release(session: string): void {
    for (const key of this.heldBy(session)) this.holders.delete(key);
  }
}
