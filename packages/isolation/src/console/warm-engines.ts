/**
 * Engines started on first use and kept until closed: what a long-lived program (the
 * `dbplay shell`, a notebook, a test suite) wants instead of a cold start per run.
 *
 * Starting the embedded PostgreSQL server takes about a second and a half; a run on a warm one
 * takes tens of milliseconds. One promise per engine name is kept, so two callers asking at
 * once share one start; a start that fails is forgotten, so the next call tries again (a
 * server that was down may be up now).
 */
import type { IsolationEngine } from '../engines/engine.ts';
import { startPostgresEngine } from '../engines/postgres-engine.ts';
import { startSqliteEngine } from '../engines/sqlite-engine.ts';
import { startModelEngine } from '../model/model-engine.ts';

export type ConsoleEngineName = 'model' | 'postgres' | 'sqlite';

export class WarmEngines {
  private readonly started = new Map<string, Promise<IsolationEngine>>();
  private readonly url: string | undefined;

  /** `url`: a PostgreSQL server to use instead of the embedded one. */
  constructor(options: { readonly url?: string | undefined } = {}) {
    this.url = options.url;
  }

  /** The engine, started now if it was not yet. */
  get(name: ConsoleEngineName): Promise<IsolationEngine> {
    let engine = this.started.get(name);
    if (engine === undefined) {
      engine =
        name === 'postgres'
          ? startPostgresEngine({ url: this.url })
          : name === 'sqlite'
            ? startSqliteEngine()
            : startModelEngine();
      this.started.set(name, engine);
      void engine.catch(() => this.started.delete(name));
    }
    return engine;
  }

  /** Whether the engine has been started (or is starting). */
  has(name: ConsoleEngineName): boolean {
    return this.started.has(name);
  }

  /** Stops every engine started; safe to call twice. */
  async close(): Promise<void> {
    const engines = [...this.started.values()];
    this.started.clear();
    await Promise.allSettled(engines.map(async (engine) => (await engine).close()));
  }
}
