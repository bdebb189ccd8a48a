/**
 * Engines started on first use and kept until closed: what a long-lived program (the
 * `dbplay shell`, a notebook, a test suite) wants instead of a cold start per run.
 *
 * Starting the embedded PostgreSQL server takes about a second and a half; a run on a warm one
 * takes tens of milliseconds. One promise per engine name is kept, so two callers asking at
 * once share one start; a start that fails is forgotten, so the next call tries again (a
 * server that was down may be up now). Handed to `useWarmEngines` (engines/start-engine.ts),
 * they also serve every `withEngines` call, so the CLI's commands run inside the shell use them.
 */
import type { IsolationEngine } from '../engines/engine.ts';
import type { EngineName } from '../engines/levels.ts';
import { startEngine, type WarmEngines } from '../engines/start-engine.ts';

export class KeptEngines implements WarmEngines {
  private readonly started = new Map<EngineName, Promise<IsolationEngine>>();
  /** The PostgreSQL server used instead of the embedded one, or undefined. */
  readonly url: string | undefined;

  constructor(options: { readonly url?: string | undefined } = {}) {
    this.url = options.url;
  }

  /** The engine, started now if it was not yet. */
  get(name: EngineName): Promise<IsolationEngine> {
    let engine = this.started.get(name);
    if (engine === undefined) {
      engine = startEngine(name, { url: this.url });
      this.started.set(name, engine);
      void engine.catch(() => this.started.delete(name));
    }
    return engine;
  }

  /** Stops every engine started; safe to call twice. */
  async close(): Promise<void> {
    const engines = [...this.started.values()];
    this.started.clear();
    await Promise.allSettled(engines.map(async (engine) => (await engine).close()));
  }
}
