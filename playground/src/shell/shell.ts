/**
 * The `dbplay shell`: one long-lived place where a learner types SQL into several sessions,
 * backslash commands, and every dbplay command without the `dbplay` prefix.
 *
 * A Shell takes input a line at a time (`accept`), cuts it into commands the way psql does
 * (shell-input.ts), and runs each (`execute`), returning the command's exit code by the CLI's
 * rules. Script mode (script-mode.ts) and the line editor (interactive.ts) both drive it; it
 * never reads the terminal itself. What a library user would want — the multi-session console
 * over the isolation engines, the warm engines — lives in @dbplay/isolation (console/); this
 * file only routes input to the pieces that answer it:
 * - backslash commands to meta-commands.ts;
 * - dbplay commands, and the exercise shortcuts `answer`, `hint`, `fix`, to dbplay-commands.ts;
 * - SQL to the multi-session console, or to an open dataset (dataset-console.ts);
 * and it owns what those share: where output goes (command-output.ts), the engines kept warm
 * (shell-engines.ts), and how Ctrl-C stops a running command ({@link Shell.interrupt}).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  BadInputError,
  createPalette,
  ExitCode,
  isDbplayError,
  type Palette,
  shouldUseColor,
} from '@dbplay/core';
import type { ConsoleEvent, IsolationConsole, KeptEngines } from '@dbplay/isolation';
import type { IsolationLibrary } from '../commands/isolation/isolation-library.ts';
import { keepStoresOpen } from '../commands/lsm/store-session.ts';
import type { CommandContext } from '../context.ts';
import type { CliIo } from '../io.ts';
import { reportError } from '../report-error.ts';
import { CommandOutput } from './command-output.ts';
import { DatasetConsole } from './dataset-console.ts';
import { DbplayCommands, exerciseWords } from './dbplay-commands.ts';
import { LiveStructures } from './live-structures.ts';
import { consoleHelp, type MetaCommand, metaCommands } from './meta-commands.ts';
import { asValue, commandTag, resultLines } from './psql-results.ts';
import { describeSetup, renderConsoleEvents } from './render-console.ts';
import { ShellEngines } from './shell-engines.ts';
import { sessionPrefix, statementComplete } from './shell-input.ts';

export interface ShellOptions {
  /** One JSON document per command (JSON lines) instead of text. */
  readonly json: boolean;
  readonly color?: boolean | undefined;
  /** A PostgreSQL server to use instead of the embedded one. */
  readonly url?: string | undefined;
}

export class Shell {
  /** The session SQL typed without a `NAME:` prefix goes to. */
  current = 'a';
  /** `\set ON_ERROR_STOP off` lets a script go on after a failing command. */
  stopOnError = true;
  timing = false;
  expanded = false;
  readonly palette: Palette;
  /** What `\html FILE` draws: the sessions' schedule, or the B+tree if it was used since. */
  lastUsed: 'sessions' | 'btree' = 'sessions';
  /** `\dataset NAME`: SQL goes to that dataset instead of the sessions. */
  readonly datasets: DatasetConsole;
  /** Where commands write: the terminal, or one JSON record per command. */
  private readonly output: CommandOutput;
  private readonly engines: ShellEngines;
  private readonly commands: DbplayCommands;
  private readonly live = new LiveStructures();
  private buffer = '';
  /** The command running now, and how Ctrl-C stops it. */
  private running: { readonly stop: () => void } | null = null;
  /** What the running command uses, so Ctrl-C stops that and nothing else. */
  private runningOn: 'dataset' | 'commands' | 'console' = 'console';

  constructor(io: CliIo, options: ShellOptions) {
    this.output = new CommandOutput(io, options.json);
    this.datasets = new DatasetConsole(io);
    // The dbplay commands run in this process use the shell's engines and store, kept warm.
    keepStoresOpen((flags) => this.live.storeFor(flags));
    this.engines = new ShellEngines(options.url);
    this.palette = createPalette(
      !options.json && shouldUseColor({ env: io.env, isTTY: io.stdoutIsTTY, flag: options.color }),
    );
    this.commands = new DbplayCommands({
      output: this.output,
      structures: this.live,
      palette: this.palette,
      commandStarts: () => {
        this.runningOn = 'commands';
      },
      btreeUsed: () => {
        this.lastUsed = 'btree';
      },
    });
  }

  /** The B+tree and LSM store that live as long as the shell. */
  get structures(): LiveStructures {
    return this.live;
  }

  /** The names of the dbplay commands the shell runs without the prefix. */
  get commandNames(): readonly string[] {
    return [...this.commands.names].sort();
  }

  /** The prompt, psql style: `a=>` idle, `a=*>` in a transaction, `a=!>` failed, `a->` continuing. */
  prompt(): string {
    const dataset = this.datasets.dataset;
    if (dataset !== null) return `${dataset}${this.buffer === '' ? '=>' : '->'} `;
    if (this.buffer !== '') return `${this.current}-> `;
    const state = this.openConsole?.stateOf(this.current) ?? 'idle';
    const mark = state === 'failed' ? '!' : state === 'idle' ? '' : '*';
    return `${this.current}=${mark}> `;
  }

  /** The console if it was made already: the prompt and completion read it, never make it. */
  get openConsole(): IsolationConsole | null {
    return this.engines.openConsole;
  }

  /** Whether a statement is being continued over several lines. */
  get continuing(): boolean {
    return this.buffer !== '';
  }

  /** Drops a half-typed statement (Ctrl-C at the prompt). */
  cancelInput(): void {
    this.buffer = '';
  }

  /**
   * Takes one line of input; returns the command it completes, or null while a statement
   * goes on (SQL until `;`).
   */
  accept(line: string): string | null {
    if (this.buffer === '') {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('--')) return null;
      if (trimmed.startsWith('\\') && !continuesAsSql(trimmed)) return trimmed;
      const first = trimmed.split(/\s+/)[0] ?? '';
      if (this.isDatasetExplain(trimmed)) {
        // `explain select …` on an open dataset is SQL, continued until its ;.
      } else if (
        this.commands.names.has(first) ||
        first === 'step' ||
        first === 'answer' ||
        first === 'hint'
      ) {
        return trimmed;
      }
    }
    this.buffer = this.buffer === '' ? line : `${this.buffer}\n${line}`;
    if (!statementComplete(this.buffer)) return null;
    const command = this.buffer.trim();
    this.buffer = '';
    return command;
  }

  /**
   * Runs one command (as `accept` returned it) and returns its exit code: the command's own,
   * or 130 when Ctrl-C ({@link interrupt}) stopped it.
   */
  async execute(command: string): Promise<ExitCode> {
    // The command writes through a gate that Ctrl-C closes: a stopped command says no more.
    const closeGate = this.output.begin(command);
    let stop: () => void = () => {};
    const stopped = new Promise<'stopped'>((resolve) => {
      stop = () => resolve('stopped');
    });
    this.running = { stop };
    this.runningOn = 'console';
    const work = (async () => {
      await this.engines.ready;
      return this.dispatch(command);
    })();
    let code: ExitCode;
    try {
      const result = await Promise.race([work, stopped]);
      if (result === 'stopped') {
        closeGate();
        // What the command was doing fails once its engine stops; nobody is waiting for it.
        work.catch(() => {});
        code = await this.stopRunningWork();
      } else {
        code = result;
      }
    } catch (error) {
      if (isDbplayError(error)) this.output.noteError(error);
      code = reportError(error, this.output.io, { json: false, helpFor: 'dbplay shell' });
    } finally {
      this.running = null;
    }
    this.output.end(code);
    return code;
  }

  /** Whether a command is running (Ctrl-C then stops it rather than dropping the input). */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Ctrl-C while a command runs: the command is stopped and `execute` returns 130 at once.
   * JavaScript cannot stop a promise, so the shell stops the engine the command runs on, as
   * psql's Ctrl-C asks the server to cancel the statement (src/bin/psql/common.c):
   * - SQL on a dataset: PGlite cannot cancel a statement, so its worker thread is ended and the
   *   session starts again from the pristine dataset (what was created on it is gone);
   * - a dbplay command: the explain sessions and isolation engines it may be using are stopped,
   *   and start again at their next use;
   * - the multi-session console never holds the prompt (a waiting statement is reported and
   *   the prompt returns), so its statements are only no longer waited for.
   * A command that computes without an engine (a B+tree, the model) stops printing at once
   * and ends its work in the background.
   */
  interrupt(): boolean {
    if (this.running === null) return false;
    this.running.stop();
    return true;
  }

  /** Stops what the interrupted command was using (see {@link interrupt}); says what was stopped. */
  private async stopRunningWork(): Promise<ExitCode> {
    const io = this.output.processIo;
    if (this.runningOn === 'dataset') {
      await this.datasets.restart();
      io.stderr(
        'cancelled: PGlite cannot cancel a statement, so the dataset session started again from the pristine dataset\n',
      );
    } else if (this.runningOn === 'commands') {
      await this.engines.restartCommandEngines();
      io.stderr('cancelled: the engines the command used are stopped; they start again when needed\n');
    } else {
      io.stderr('cancelled\n');
    }
    return ExitCode.interrupted;
  }

  /** The input ended before the `;` of a statement: a usage error, as psql reports none but should. */
  endOfInputInsideStatement(): ExitCode {
    const text = this.buffer.trim().split('\n')[0] ?? '';
    this.buffer = '';
    return reportError(
      new BadInputError(`the input ends inside a statement (no ; after: ${text})`),
      this.output.io,
      { json: this.output.json, helpFor: 'dbplay shell' },
    );
  }

  /** Stops the engines the shell started. */
  async close(): Promise<void> {
    this.engines.detach();
    keepStoresOpen(null);
    this.live.close();
    await this.datasets.close();
    await this.engines.close();
  }

  /** The engines the shell keeps warm, made on first use. */
  warmEngines(): Promise<KeptEngines> {
    return this.engines.warmEngines();
  }

  // ---- what the meta-commands use ------------------------------------------------------------

  /** Text for the user (in JSON mode, kept as the command's output instead). */
  print(text: string): void {
    this.output.print(text);
  }

  /** The console over the isolation engines, made on first use. */
  console(): Promise<IsolationConsole> {
    return this.engines.console();
  }

  library(): Promise<IsolationLibrary> {
    return this.engines.library();
  }

  /** Shows what typing into the console did (in JSON mode, the events themselves). */
  async showEvents(events: readonly ConsoleEvent[], typedIn: string): Promise<void> {
    if (this.output.keepEvents(events)) return;
    const rows = resultLines(await this.library(), this.expanded);
    const lines = renderConsoleEvents(events, typedIn, this.palette, rows);
    if (lines.length > 0) this.print(lines.join('\n'));
  }

  /** Rows as psql prints them (or expanded, after `\x`). */
  async printRows(result: {
    columns: readonly string[];
    rows: readonly (readonly unknown[])[];
  }): Promise<void> {
    if (this.output.keepOutput(result)) return;
    const rows = { columns: result.columns, rows: result.rows.map((row) => row.map(asValue)) };
    this.print(resultLines(await this.library(), this.expanded)(rows).join('\n'));
  }

  /** A path the user typed, relative to their folder (pnpm runs us from the repository root). */
  userPath(path: string): string {
    return resolve(this.output.io.env.INIT_CWD ?? process.cwd(), path);
  }

  async save(path: string, text: string): Promise<void> {
    try {
      await writeFile(this.userPath(path), text);
    } catch (error) {
      throw new BadInputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  }

  describeSetup = describeSetup;

  /** Loads the explain command's subcommand names (before a dataset's SQL is read). */
  loadExplainNames(): Promise<void> {
    return this.commands.loadExplainNames(this.output.io);
  }

  /** What a command run by the shell itself needs to print (as a dbplay command's context). */
  commandContext(json: boolean): CommandContext {
    return this.output.commandContext(json, this.palette);
  }

  /** Text for `\?`. */
  help(): string {
    return consoleHelp(this.commandNames);
  }

  // ---- dispatch -------------------------------------------------------------------------------

  private async dispatch(command: string): Promise<ExitCode> {
    const started = performance.now();
    const code = await this.route(command);
    if (this.timing && !this.output.recording) {
      this.print(this.palette.dim(`Time: ${(performance.now() - started).toFixed(3)} ms`));
    }
    return code;
  }

  private async route(command: string): Promise<ExitCode> {
    if (command.startsWith('\\')) {
      const [name = ''] = command.slice(1).split(/\s+/);
      const argument = command.slice(1 + name.length).trim();
      const meta: MetaCommand | undefined = metaCommands.get(name);
      if (meta === undefined) {
        throw new BadInputError(`unknown command \\${name}; \\? lists the backslash commands`);
      }
      await meta.run(this, argument);
      return ExitCode.ok;
    }
    const first = command.split(/\s+/)[0] ?? '';
    if (first === 'step') return this.step(command);
    if (this.isDatasetExplain(command)) return this.datasetSql(command);
    if (this.commands.names.has(first)) return this.commands.run(command);
    const word = exerciseWords.find((w) => w === first);
    if (word !== undefined) return this.commands.exercise(word, command);
    const prefixed = sessionPrefix(command);
    if (prefixed === null && this.datasets.dataset !== null) return this.datasetSql(command);
    this.runningOn = 'console';
    const session = prefixed?.session ?? this.current;
    const sql = prefixed?.sql ?? command;
    const console = await this.console();
    this.lastUsed = 'sessions';
    const events = await console.type(session, sql);
    await this.showEvents(events, session);
    return ExitCode.ok;
  }

  /** `step NAME`: one step of a loaded scenario, in the session that declares it. */
  private async step(command: string): Promise<ExitCode> {
    const [, name, ...more] = command.split(/\s+/);
    if (name === undefined || more.length > 0) throw new BadInputError('step takes one step name: step s1r');
    const console = await this.console();
    this.lastUsed = 'sessions';
    const step = console.declaredSteps.find((s) => s.name === name.replace(/;$/, ''));
    const events = await console.step(name.replace(/;$/, ''));
    await this.showEvents(events, step?.session ?? this.current);
    return ExitCode.ok;
  }

  /** `explain <statement>` (not `explain show 7`) while a dataset is open. */
  private isDatasetExplain(text: string): boolean {
    if (this.datasets.dataset === null) return false;
    const [first, second = ''] = text.trim().split(/\s+/);
    return first?.toLowerCase() === 'explain' && !this.commands.isExplainSubcommand(second);
  }

  /** SQL on the open dataset: `explain …` drawn as explain plan draws it, anything else run. */
  private async datasetSql(sql: string): Promise<ExitCode> {
    this.runningOn = 'dataset';
    if (/^\s*explain\b/i.test(sql)) {
      this.print(await this.datasets.explain(sql.replace(/;\s*$/, ''), this.palette));
      return ExitCode.ok;
    }
    const result = await this.datasets.query(sql);
    if (result.columns.length > 0) await this.printRows(result);
    else this.print(commandTag(sql));
    return ExitCode.ok;
  }
}

/** `\setup` followed by SQL on the same line is continued until `;`, like a statement. */
function continuesAsSql(line: string): boolean {
  const match = /^\\setup\s+(.*)$/s.exec(line);
  if (match === null) return false;
  const rest = match[1] ?? '';
  return /\s/.test(rest.trim()) && !statementComplete(rest);
}
