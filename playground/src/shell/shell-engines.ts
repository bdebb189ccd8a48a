/**
 * The engines a shell keeps warm between commands, so the second `isolation run` or `explain
 * show` does not pay for starting PostgreSQL again: the isolation engines (@dbplay/isolation's
 * KeptEngines, also behind the multi-session console) and explain's sessions (KeptSessions).
 * The dbplay commands run in the shell's process find them through the hooks the CLI's
 * commands read (`useWarmEngines`, explain-environment.ts's keepSessionsOpen).
 *
 * Ctrl-C cannot stop a promise, so it stops the engines a command runs on instead, as psql's
 * Ctrl-C asks the server to cancel the statement: {@link ShellEngines.restartCommandEngines}
 * closes them and hands the commands fresh ones, started at their next use.
 */
import type { KeptSessions } from '@dbplay/explain';
import type { IsolationConsole, KeptEngines } from '@dbplay/isolation';
import { keepSessionsOpen } from '../commands/explain/explain-environment.ts';
import { type IsolationLibrary, loadIsolation } from '../commands/isolation/isolation-library.ts';

export class ShellEngines {
  private isolation: IsolationLibrary | null = null;
  private consoleInstance: IsolationConsole | null = null;
  private warm: KeptEngines | null = null;
  private keptSessions: KeptSessions | null = null;
  private closed = false;
  /** A PostgreSQL server to use instead of the embedded one. */
  private readonly url: string | undefined;
  /** Set once the shell's engines are handed to the library (commands wait for it). */
  readonly ready: Promise<void>;

  constructor(url: string | undefined) {
    this.url = url;
    this.ready = this.warmEngines().then((warm) => this.isolation?.useWarmEngines(warm));
    void import('@dbplay/explain').then(({ KeptSessions }) => {
      if (!this.closed) {
        this.keptSessions = new KeptSessions();
        keepSessionsOpen(this.keptSessions);
      }
    });
  }

  /** The console if it was made already (the prompt and completion do not make one). */
  get openConsole(): IsolationConsole | null {
    return this.consoleInstance;
  }

  async library(): Promise<IsolationLibrary> {
    this.isolation ??= await loadIsolation();
    return this.isolation;
  }

  /** The isolation engines the shell keeps warm, made on first use. */
  async warmEngines(): Promise<KeptEngines> {
    if (this.warm === null) {
      const isolation = await this.library();
      this.warm = new isolation.KeptEngines({ url: this.url });
    }
    return this.warm;
  }

  /** The console over the isolation engines, made on first use. */
  async console(): Promise<IsolationConsole> {
    if (this.consoleInstance !== null) return this.consoleInstance;
    const isolation = await this.library();
    // Through warmEngines: Ctrl-C may replace the kept engines (see restartCommandEngines).
    this.consoleInstance = new isolation.IsolationConsole({
      engines: async (name) => (await this.warmEngines()).get(name),
    });
    return this.consoleInstance;
  }

  /**
   * Ctrl-C during a dbplay command: the explain sessions and isolation engines it may be using
   * are stopped, and fresh ones (started at their next use) take their place. The console goes
   * with its engines: its sessions were on them.
   */
  async restartCommandEngines(): Promise<void> {
    const kept = this.keptSessions;
    if (kept !== null) {
      const { KeptSessions } = await import('@dbplay/explain');
      this.keptSessions = new KeptSessions();
      keepSessionsOpen(this.keptSessions);
      await kept.closeAll();
    }
    const warm = this.warm;
    if (warm !== null) {
      this.warm = null;
      this.consoleInstance = null;
      this.isolation?.useWarmEngines(await this.warmEngines());
      await warm.close();
    }
  }

  /** Takes the kept engines back from the commands (at once; {@link close} then stops them). */
  detach(): void {
    this.closed = true;
    this.isolation?.useWarmEngines(null);
    keepSessionsOpen(null);
  }

  /** Stops every engine kept. */
  async close(): Promise<void> {
    this.detach();
    await this.keptSessions?.closeAll();
    this.keptSessions = null;
    await this.warm?.close();
    this.warm = null;
  }
}
