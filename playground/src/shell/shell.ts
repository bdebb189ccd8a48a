/**
 * The `dbplay shell`: one long-lived place where a learner types SQL into several sessions,
 * backslash commands, and every dbplay command without the `dbplay` prefix.
 *
 * A Shell takes input a line at a time (`accept`), cuts it into commands the way psql does
 * (shell-input.ts), and runs each (`execute`), returning the command's exit code by the CLI's
 * rules. Script mode (script-mode.ts) and the line editor (interactive.ts) both drive it; it
 * never reads the terminal itself. What a library user would want — the multi-session console
 * over the isolation engines, the warm engines — lives in @dbplay/isolation (console/); this
 * file only routes input to it and draws the answers.
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
import type { ConsoleEvent, IsolationConsole, KeptEngines, StepOutcome, Value } from '@dbplay/isolation';
import { runProgram } from '../cli.ts';
import { keepSessionsOpen } from '../commands/explain/explain-environment.ts';
import { type IsolationLibrary, loadIsolation } from '../commands/isolation/isolation-library.ts';
import { keepStoresOpen } from '../commands/lsm/store-session.ts';
import { type CommandContext, defaultWidth } from '../context.ts';
import { jsonDocumentText } from '../exit-code.ts';
import type { CliIo } from '../io.ts';
import { commandGroups, createProgram } from '../program.ts';
import { reportError } from '../report-error.ts';
import { DatasetConsole } from './dataset-console.ts';
import { LiveStructures, memoryStore, storeCommands } from './live-structures.ts';
import { consoleHelp, type MetaCommand, metaCommands } from './meta-commands.ts';
import { describeSetup, renderConsoleEvents } from './render-console.ts';
import { sessionPrefix, splitWords, statementComplete } from './shell-input.ts';

export interface ShellOptions {
  /** One JSON document per command (JSON lines) instead of text. */
  readonly json: boolean;
  readonly color?: boolean | undefined;
  /** A PostgreSQL server to use instead of the embedded one. */
  readonly url?: string | undefined;
}

/** What `execute` reports in JSON mode, one line per command. */
interface JsonRecord {
  command: string;
  exitCode: ExitCode;
  events?: unknown[];
  output?: unknown;
  error?: { code: string; message: string };
}

export class Shell {
  /** The session SQL typed without a `NAME:` prefix goes to. */
  current = 'a';
  /** `\set ON_ERROR_STOP off` lets a script go on after a failing command. */
  stopOnError = true;
  timing = false;
  expanded = false;
  readonly palette: Palette;
  private buffer = '';
  private isolation: IsolationLibrary | null = null;
  private consoleInstance: IsolationConsole | null = null;
  private warm: KeptEngines | null = null;
  /** The process's streams; commands write through {@link io}, which Ctrl-C can close. */
  private readonly baseIo: CliIo;
  /** The running command's streams (see {@link interrupt}). */
  private io: CliIo;
  /** The command running now, and how Ctrl-C stops it. */
  private running: { readonly stop: () => void } | null = null;
  /** What the running command uses, so Ctrl-C stops that and nothing else. */
  private runningOn: 'dataset' | 'commands' | 'console' = 'console';
  private readonly options: ShellOptions;
  private readonly cliCommands: ReadonlySet<string>;
  private record: JsonRecord | null = null;
  private readonly live = new LiveStructures();
  /** What `\html FILE` draws: the sessions' schedule, or the B+tree if it was used since. */
  lastUsed: 'sessions' | 'btree' = 'sessions';
  /** `\dataset NAME`: SQL goes to that dataset instead of the sessions. */
  readonly datasets: DatasetConsole;
  /** The exercise `answer`, `hint` and `fix` are about (`explain show N` sets it). */
  private currentExercise: string | null = null;
  private keptSessions: import('@dbplay/explain').KeptSessions | null = null;
  private closed = false;
  /** Set once the shell's engines are handed to the library (see the constructor). */
  private readonly ready: Promise<void>;

  constructor(io: CliIo, options: ShellOptions) {
    this.baseIo = io;
    this.io = io;
    this.options = options;
    this.datasets = new DatasetConsole(io);
    // The dbplay commands run in this process use the shell's engines and store, kept warm.
    keepStoresOpen((flags) => this.live.storeFor(flags));
    this.ready = this.warmEngines().then((warm) => this.isolation?.useWarmEngines(warm));
    void import('@dbplay/explain').then(({ KeptSessions }) => {
      if (!this.closed) {
        this.keptSessions = new KeptSessions();
        keepSessionsOpen(this.keptSessions);
      }
    });
    this.palette = createPalette(
      !options.json && shouldUseColor({ env: io.env, isTTY: io.stdoutIsTTY, flag: options.color }),
    );
    this.cliCommands = new Set([...commandGroups.map((group) => group.name), 'help']);
  }

  /** The B+tree and LSM store that live as long as the shell. */
  get structures(): LiveStructures {
    return this.live;
  }

  /** The names of the dbplay commands the shell runs without the prefix. */
  get commandNames(): readonly string[] {
    return [...this.cliCommands].sort();
  }

  /** The prompt, psql style: `a=>` idle, `a=*>` in a transaction, `a=!>` failed, `a->` continuing. */
  prompt(): string {
    const dataset = this.datasets.dataset;
    if (dataset !== null) return `${dataset}${this.buffer === '' ? '=>' : '->'} `;
    if (this.buffer !== '') return `${this.current}-> `;
    const state = this.consoleInstance?.stateOf(this.current) ?? 'idle';
    const mark = state === 'failed' ? '!' : state === 'idle' ? '' : '*';
    return `${this.current}=${mark}> `;
  }

  /** The console's sessions so far (for completion). */
  get sessionNames(): readonly string[] {
    return this.consoleInstance?.sessionNames ?? [];
  }

  /** A loaded scenario's step names (for completion). */
  get stepNames(): string[] {
    return this.consoleInstance?.declaredSteps.map((step) => step.name) ?? [];
  }

  /** The tables and columns of the last run, for completing SQL. */
  get tableWords(): string[] {
    const tables = this.consoleInstance?.lastRun?.outcome.final ?? [];
    return tables.flatMap((table) => [table.table, ...table.columns]);
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
      } else if (this.cliCommands.has(first) || first === 'step' || first === 'answer' || first === 'hint') {
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
    this.record = this.options.json ? { command, exitCode: ExitCode.ok } : null;
    // The command writes through a gate that Ctrl-C closes: a stopped command says no more.
    const gate = { open: true };
    this.io = {
      ...this.baseIo,
      stdout: (text) => gate.open && this.baseIo.stdout(text),
      stderr: (text) => gate.open && this.baseIo.stderr(text),
    };
    let stop: () => void = () => {};
    const stopped = new Promise<'stopped'>((resolve) => {
      stop = () => resolve('stopped');
    });
    this.running = { stop };
    this.runningOn = 'console';
    const work = (async () => {
      await this.ready;
      return this.dispatch(command);
    })();
    let code: ExitCode;
    try {
      const result = await Promise.race([work, stopped]);
      if (result === 'stopped') {
        gate.open = false;
        // What the command was doing fails once its engine stops; nobody is waiting for it.
        work.catch(() => {});
        code = await this.stopRunningWork();
      } else {
        code = result;
      }
    } catch (error) {
      if (this.record !== null && isDbplayError(error)) {
        this.record.error = { code: error.code, message: error.oneLine() };
      }
      code = reportError(error, this.io, { json: false, helpFor: 'dbplay shell' });
    } finally {
      this.running = null;
      this.io = this.baseIo;
    }
    if (this.record !== null) {
      this.record.exitCode = code;
      // `ok` first, true exactly on exit 0: the rule of every --json document (exit-code.ts).
      this.io.stdout(`${JSON.stringify({ ok: code === ExitCode.ok, ...this.record })}\n`);
      this.record = null;
    }
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
    if (this.runningOn === 'dataset') {
      await this.datasets.restart();
      this.baseIo.stderr(
        'cancelled: PGlite cannot cancel a statement, so the dataset session started again from the pristine dataset\n',
      );
    } else if (this.runningOn === 'commands') {
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
      this.baseIo.stderr(
        'cancelled: the engines the command used are stopped; they start again when needed\n',
      );
    } else {
      this.baseIo.stderr('cancelled\n');
    }
    return ExitCode.interrupted;
  }

  /** The input ended before the `;` of a statement: a usage error, as psql reports none but should. */
  endOfInputInsideStatement(): ExitCode {
    const text = this.buffer.trim().split('\n')[0] ?? '';
    this.buffer = '';
    return reportError(
      new BadInputError(`the input ends inside a statement (no ; after: ${text})`),
      this.io,
      { json: this.options.json, helpFor: 'dbplay shell' },
    );
  }

  /** Stops the engines the shell started. */
  async close(): Promise<void> {
    this.closed = true;
    this.isolation?.useWarmEngines(null);
    keepStoresOpen(null);
    keepSessionsOpen(null);
    this.live.close();
    await this.datasets.close();
    await this.keptSessions?.closeAll();
    this.keptSessions = null;
    await this.warm?.close();
    this.warm = null;
  }

  /** The engines the shell keeps warm, made on first use. */
  async warmEngines(): Promise<KeptEngines> {
    if (this.warm === null) {
      const isolation = await this.library();
      this.warm = new isolation.KeptEngines({ url: this.options.url });
    }
    return this.warm;
  }

  // ---- what the meta-commands use ------------------------------------------------------------

  /** Text for the user (in JSON mode, kept as the command's output instead). */
  print(text: string): void {
    if (this.record !== null) {
      const output = this.record.output;
      this.record.output = typeof output === 'string' ? `${output}\n${text}` : text;
      return;
    }
    this.io.stdout(`${text}\n`);
  }

  /** The console over the isolation engines, made on first use. */
  async console(): Promise<IsolationConsole> {
    if (this.consoleInstance !== null) return this.consoleInstance;
    const isolation = await this.library();
    // Through warmEngines: Ctrl-C may replace the kept engines (see interrupt).
    this.consoleInstance = new isolation.IsolationConsole({
      engines: async (name) => (await this.warmEngines()).get(name),
    });
    return this.consoleInstance;
  }

  async library(): Promise<IsolationLibrary> {
    this.isolation ??= await loadIsolation();
    return this.isolation;
  }

  /** Shows what typing into the console did (in JSON mode, the events themselves). */
  async showEvents(events: readonly ConsoleEvent[], typedIn: string): Promise<void> {
    if (this.record !== null) {
      this.record.events = [...(this.record.events ?? []), ...events];
      return;
    }
    const isolation = await this.library();
    const rows = (result: NonNullable<StepOutcome['rows']>) =>
      this.expanded ? expandedRows(result, isolation.formatValue) : isolation.renderResultSet(result);
    const lines = renderConsoleEvents(events, typedIn, this.palette, rows);
    if (lines.length > 0) this.print(lines.join('\n'));
  }

  /** A path the user typed, relative to their folder (pnpm runs us from the repository root). */
  userPath(path: string): string {
    return resolve(this.io.env.INIT_CWD ?? process.cwd(), path);
  }

  async save(path: string, text: string): Promise<void> {
    try {
      await writeFile(this.userPath(path), text);
    } catch (error) {
      throw new BadInputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  }

  describeSetup = describeSetup;

  // ---- dispatch -------------------------------------------------------------------------------

  private async dispatch(command: string): Promise<ExitCode> {
    const started = performance.now();
    const code = await this.route(command);
    if (this.timing && this.record === null) {
      this.print(this.palette.dim(`Time: ${(performance.now() - started).toFixed(3)} ms`));
    }
    return code;
  }

  private async route(command: string): Promise<ExitCode> {
    if (command.startsWith('\\')) {
      const [name = '', ...rest] = command.slice(1).split(/\s+/);
      const argument = command.slice(1 + name.length).trim();
      const meta: MetaCommand | undefined = metaCommands.get(name);
      if (meta === undefined) {
        throw new BadInputError(`unknown command \\${name}; \\? lists the backslash commands`);
      }
      void rest;
      await meta.run(this, argument);
      return ExitCode.ok;
    }
    const first = command.split(/\s+/)[0] ?? '';
    if (first === 'step') {
      const [, name, ...more] = command.split(/\s+/);
      if (name === undefined || more.length > 0)
        throw new BadInputError('step takes one step name: step s1r');
      const console = await this.console();
      this.lastUsed = 'sessions';
      const step = console.declaredSteps.find((s) => s.name === name.replace(/;$/, ''));
      const events = await console.step(name.replace(/;$/, ''));
      await this.showEvents(events, step?.session ?? this.current);
      return ExitCode.ok;
    }
    if (this.isDatasetExplain(command)) return this.datasetSql(command);
    if (this.cliCommands.has(first)) return this.runCli(command);
    if (first === 'answer' || first === 'hint' || first === 'fix') return this.exercise(first, command);
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

  /**
   * The current exercise's commands: `answer top-node="Hash Join"` (each NAME=VALUE a --q),
   * `hint`, and `fix <sql>;` (graded as the exercise's fix). `explain show N` makes N current.
   */
  private async exercise(word: 'answer' | 'hint' | 'fix', command: string): Promise<ExitCode> {
    const exercise = this.currentExercise;
    if (exercise === null) {
      throw new BadInputError(`${word} needs a current exercise: explain show N first`);
    }
    const rest = command.slice(word.length).trim();
    if (word === 'hint') return this.runCli(`explain hint ${exercise} ${rest}`);
    if (word === 'answer') {
      const answers = splitWords(rest);
      if (answers.length === 0)
        throw new BadInputError('answer takes NAME=VALUE pairs: answer top-node="Hash Join"');
      return this.runArgv(['explain', 'answer', exercise, ...answers.flatMap((answer) => ['--q', answer])]);
    }
    if (rest === '' || rest === ';')
      throw new BadInputError('fix takes the SQL of your fix: fix create index …;');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = await mkdtemp(join(tmpdir(), 'dbplay-shell-fix-'));
    try {
      const file = join(folder, 'fix.sql');
      await writeFile(file, `${rest}\n`);
      return await this.runArgv(['explain', 'answer', exercise, '--sql', file]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** A dbplay command, run in this process by the same program `dbplay` runs. */
  private async runCli(command: string): Promise<ExitCode> {
    let argv: string[];
    try {
      argv = splitWords(command);
    } catch (error) {
      throw new BadInputError(`${(error as Error).message} in: ${command}`);
    }
    return this.runArgv(argv);
  }

  private async runArgv(argv: string[]): Promise<ExitCode> {
    this.runningOn = 'commands';
    if (
      argv[0] === 'explain' &&
      ['show', 'hint', 'answer', 'grade'].includes(argv[1] ?? '') &&
      argv[2] !== undefined
    ) {
      if (!argv[2].startsWith('-')) this.currentExercise = argv[2];
    }
    if (argv[0] === 'btree' && this.live.handlesBtree(argv.slice(1))) {
      this.lastUsed = 'btree';
      await this.live.btree(argv.slice(1), this.commandContext(argv.includes('--json')));
      return ExitCode.ok;
    }
    // An LSM store command without --dir acts on the shell's in-memory store.
    if (
      argv[0] === 'lsm' &&
      storeCommands.includes(argv[1] ?? '') &&
      !argv.some((a) => a.startsWith('--dir'))
    ) {
      if (!argv.includes('--help') && !argv.includes('-h')) argv.push('--dir', memoryStore);
    }
    if (this.record === null) {
      return runProgram(await createProgram(this.io, argv), argv, this.io);
    }
    // JSON mode: the command's own --json document becomes this command's output.
    let out = '';
    const io: CliIo = { ...this.io, stdout: (text) => (out += text) };
    const code = await runProgram(
      await createProgram(io, argv),
      argv.includes('--json') ? argv : [...argv, '--json'],
      io,
    );
    try {
      this.record.output = JSON.parse(out);
    } catch {
      this.record.output = out;
    }
    return code;
  }

  /** `explain <statement>` (not `explain show 7`) while a dataset is open. */
  private isDatasetExplain(text: string): boolean {
    if (this.datasets.dataset === null) return false;
    const [first, second = ''] = text.trim().split(/\s+/);
    return first?.toLowerCase() === 'explain' && !this.explainSubcommands.has(second);
  }

  private get explainSubcommands(): ReadonlySet<string> {
    // Known once `explainNames` is loaded (`dataset` loads it); until then every explain word is a command.
    return this.explainNames ?? new Set();
  }

  /** Loads the explain command's subcommand names (before a dataset's SQL is read). */
  async loadExplainNames(): Promise<void> {
    const program = await createProgram(this.io, ['explain']);
    this.explainNames = new Set(
      program.commands.find((command) => command.name() === 'explain')?.commands.map((c) => c.name()) ?? [],
    );
  }

  private explainNames: ReadonlySet<string> | null = null;

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

  /** Rows as psql prints them (or expanded, after `\x`). */
  async printRows(result: {
    columns: readonly string[];
    rows: readonly (readonly unknown[])[];
  }): Promise<void> {
    if (this.record !== null) {
      this.record.output = result;
      return;
    }
    const isolation = await this.library();
    const rows = { columns: result.columns, rows: result.rows.map((row) => row.map(asValue)) };
    this.print(
      (this.expanded ? expandedRows(rows, isolation.formatValue) : isolation.renderResultSet(rows)).join(
        '\n',
      ),
    );
  }

  /** What a command run by the shell itself needs to print (as a dbplay command's context). */
  commandContext(json: boolean): CommandContext {
    const jsonOut = json || this.record !== null;
    return {
      io: this.io,
      json: jsonOut,
      palette: this.palette,
      width: this.io.stdoutIsTTY ? (this.io.stdoutColumns ?? defaultWidth) : defaultWidth,
      printJson: (value) => {
        if (this.record !== null) this.record.output = value;
        else this.io.stdout(jsonDocumentText(value, true));
      },
      print: (text) => this.print(text),
      progress: () => {},
    };
  }

  /** Text for `\?`. */
  help(): string {
    return consoleHelp(this.commandNames);
  }
}

/** A value from a driver as the result tables print it. */
function asValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** psql's command tag, as far as the statement's first words tell it (`CREATE INDEX`). */
function commandTag(sql: string): string {
  const words = sql
    .trim()
    .split(/\s+/)
    .map((word) => word.toUpperCase().replace(/;$/, ''));
  const [first = '', second = ''] = words;
  return ['CREATE', 'DROP', 'ALTER'].includes(first)
    ? `${first} ${second === 'UNIQUE' ? 'INDEX' : second}`
    : first;
}

/** `\setup` followed by SQL on the same line is continued until `;`, like a statement. */
function continuesAsSql(line: string): boolean {
  const match = /^\\setup\s+(.*)$/s.exec(line);
  if (match === null) return false;
  const rest = match[1] ?? '';
  return /\s/.test(rest.trim()) && !statementComplete(rest);
}

/** psql's `\x` layout: one `-[ RECORD n ]-` block per row, a column per line. */
function expandedRows(result: NonNullable<StepOutcome['rows']>, format: (value: Value) => string): string[] {
  const width = Math.max(0, ...result.columns.map((column) => column.length));
  const lines: string[] = [];
  for (const [i, row] of result.rows.entries()) {
    lines.push(`-[ RECORD ${i + 1} ]${'-'.repeat(Math.max(1, width - 8))}`);
    for (const [j, column] of result.columns.entries()) {
      lines.push(`${column.padEnd(width)} | ${format(row[j] ?? null)}`);
    }
  }
  if (result.rows.length === 0) lines.push('(0 rows)');
  return lines;
}
