/**
 * Sessions kept open between uses, for a long-lived program (the `dbplay shell`).
 *
 * Opening a dataset session starts PGlite on a copy of the dataset (seconds the first time,
 * a large part of a second after); a command-line run pays it every time. `KeptSessions`
 * wraps a factory so that the first `open` of a dataset opens it and later ones hand the same
 * session back; the wrapped session's `close` does nothing, and the real sessions close with
 * `closeAll`. Exercises run inside transactions that are rolled back (exercise-transaction.ts),
 * so a session handed out again is as the dataset was.
 */
import type { SessionFactory, SqlSession } from './sql-session.ts';

export class KeptSessions {
  private readonly sessions = new Map<string, Promise<SqlSession>>();
  private readonly factories: SessionFactory[] = [];

  /** `factory`, with its sessions kept (keyed by `key` and dataset) until closeAll. */
  keep(key: string, factory: SessionFactory): SessionFactory {
    this.factories.push(factory);
    return {
      open: async (dataset) => {
        const id = `${key}\u0000${dataset}`;
        let session = this.sessions.get(id);
        if (session === undefined) {
          session = factory.open(dataset);
          this.sessions.set(id, session);
          void session.catch(() => this.sessions.delete(id));
        }
        const kept = await session;
        return {
          dataset: kept.dataset,
          engine: () => kept.engine(),
          query: (sql, options) => kept.query(sql, options),
          exec: (sql, options) => kept.exec(sql, options),
          restart: () => kept.restart(),
          close: async () => {},
        };
      },
      prepare: (datasets) => factory.prepare(datasets),
      close: async () => {},
    };
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map(async (session) => (await session).close()));
    const factories = this.factories.splice(0);
    await Promise.allSettled(factories.map((factory) => factory.close()));
  }
}
