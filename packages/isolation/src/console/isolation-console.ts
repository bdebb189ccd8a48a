/**
 * The multi-session SQL console: several psql windows in one, on any isolation engine.
 *
 * A learner types a statement into session `a`, another into `b`, and watches `b` wait for
 * `a`'s row lock until `a` commits. The console could keep live connections and send each
 * statement as it is typed; instead it keeps the *schedule* (console-schedule.ts) and, after
 * every statement, runs the whole schedule again from the setup with the shared scheduler
 * (run-permutation.ts), exactly as `dbplay isolation run` runs a spec. Then it reports only
 * what is new since the last run: the statement's result, that it waits and for whom, or that
 * an earlier waiting statement has now finished (in the wake of a COMMIT, or as a deadlock's
 * victim, when the engine's detector breaks the cycle).
 *
 * Rerunning costs a few milliseconds on the model and SQLite and tens on a warm PostgreSQL
 * (a database copied from a template, as every permutation is), and it buys three things:
 * what the console shows is by construction what `\save` writes and `isolation run` replays;
 * a schedule can be rerun on another engine or level (`\replay`); and the verdict, the swim
 * lanes and the model's internals come from the same run data as `isolation run`'s.
 *
 * The engines are the library's own (`IsolationEngine`); the console asks for them by name
 * through `engines`, so a long-lived program (the `dbplay shell`) can keep them warm. The
 * schedule as a spec is console-schedule.ts; what is new after a run, console-events.ts; where
 * each session is (idle, in a transaction, failed, waiting), transaction-state.ts.
 */
import { BadInputError } from '@dbplay/core';
import type { IsolationEngine } from '../engines/engine.ts';
import {
  defaultLevel,
  type EngineName,
  type IsolationLevel,
  parseEngineName,
  parseLevel,
} from '../engines/levels.ts';
import { classifyVerdict } from '../judge/classify-outcome.ts';
import { judgeOutcome } from '../judge/verdict.ts';
import { modelDetails } from '../model/model-run-details.ts';
import { OutsideSubsetError } from '../model/sql/find-unsupported.ts';
import type { ModelInternals } from '../model/trace/model-step.ts';
import type { PermutationOutcome, TableState } from '../run/outcome.ts';
import { RunCache } from '../run/run-cache.ts';
import { runPermutation } from '../run/run-permutation.ts';
import type { PermutationReport } from '../run/run-scenario.ts';
import { parseSpec } from '../spec/parse-spec.ts';
import type { Scenario, ScenarioSession } from '../spec/scenario.ts';
import {
  beginsTransaction,
  endsTransaction,
  runsOutsideTransactionBlock,
} from '../spec/transaction-control.ts';
import { type ConsoleEvent, newEvents, type ShownSteps } from './console-events.ts';
import {
  type ConsoleSchedule,
  type ConsoleSession,
  type ConsoleStep,
  nextStepName,
  type SpecHeader,
  scheduleSpec,
} from './console-schedule.ts';
import { hasRun, needsBegin, type SessionState, sessionState, setupBegins } from './transaction-state.ts';

export type { ConsoleEvent } from './console-events.ts';
export type { SessionState } from './transaction-state.ts';

export interface IsolationConsoleOptions {
  /** Starts (or hands out an already started) engine by name: `model`, `postgres`, `sqlite`. */
  readonly engines: (name: EngineName) => Promise<IsolationEngine>;
  /** The engine to begin with (default the model, which shows its internals). */
  readonly engine?: EngineName;
}

/** A run of the schedule: the scenario it was run as, and what happened. */
export interface ConsoleRun {
  readonly scenario: Scenario;
  readonly engine: IsolationEngine;
  readonly level: IsolationLevel;
  readonly outcome: PermutationOutcome;
}

const finishMarker = 'After the last step';

export class IsolationConsole {
  private engineName: EngineName;
  private levelName: IsolationLevel;
  private setupBlocks: string[] = [];
  /** The loaded scenario's header (its anomaly names what the verdict looks for), or null. */
  private loadedMetadata: Scenario['metadata'] | null = null;
  private sessions: ConsoleSession[] = [];
  private permutation: string[] = [];
  /** What has been reported per step occurrence (`a2#0`): waiting, postponed or done. */
  private shown: ShownSteps = new Map();
  private last: ConsoleRun | null = null;
  /** Bumped by \reset and \setup, so that engines copy the setup afresh. */
  private generation = 0;
  private readonly options: IsolationConsoleOptions;

  constructor(options: IsolationConsoleOptions) {
    this.options = options;
    this.engineName = options.engine ?? 'model';
    this.levelName = defaultLevel(this.engineName);
  }

  get engine(): EngineName {
    return this.engineName;
  }

  get level(): IsolationLevel {
    return this.levelName;
  }

  /** The sessions that exist so far, in the order they were first used. */
  get sessionNames(): readonly string[] {
    return this.sessions.map((session) => session.name);
  }

  /** The steps a loaded scenario declared, which `step NAME` runs. */
  get declaredSteps(): readonly ConsoleStep[] {
    return this.sessions.flatMap((session) => session.steps.filter((step) => !step.begin));
  }

  get typed(): number {
    return this.permutation.length;
  }

  /** The last run of the schedule, or null before the first statement. */
  get lastRun(): ConsoleRun | null {
    return this.last;
  }

  /** Chooses the engine; the schedule must be empty (`\replay` reruns one elsewhere). */
  useEngine(name: string, level?: string): void {
    this.refuseWhileTyped('\\engine');
    const engine = parseEngineName(name);
    this.levelName = level === undefined ? defaultLevel(engine) : parseLevel(engine, level);
    this.engineName = engine;
  }

  /** Chooses the level transactions begin at; the schedule must be empty. */
  useLevel(level: string): void {
    this.refuseWhileTyped('\\level');
    this.levelName = parseLevel(this.engineName, level);
  }

  /** Adds a setup block (run before the sessions connect) and returns the tables after it. */
  async setup(sql: string): Promise<readonly TableState[]> {
    this.refuseWhileTyped('\\setup');
    const blocks = [...this.setupBlocks, sql];
    const tables = await this.tablesAfter(blocks).catch((error: unknown) => {
      throw inConsoleWords(error, null);
    });
    this.setupBlocks = blocks;
    this.generation++;
    return tables;
  }

  /** Takes a scenario's setup and sessions, so that its steps can be run by name (`step s1r`). */
  async load(scenario: Scenario): Promise<readonly TableState[]> {
    this.refuseWhileTyped('\\load');
    const blocks = scenario.setup.map((block) => block.sql);
    const tables = await this.tablesAfter(blocks);
    this.setupBlocks = blocks;
    this.loadedMetadata = scenario.metadata;
    this.sessions = scenario.sessions.map((session) => ({
      name: session.name,
      setup: session.setup?.sql ?? null,
      teardown: session.teardown?.sql ?? null,
      steps: session.steps.map((step) => ({
        name: step.name,
        session: session.name,
        sql: step.sql,
        begin: false,
      })),
    }));
    this.generation++;
    return tables;
  }

  /** Drops the schedule, the setup and the sessions; the engine and level stay. */
  reset(): void {
    this.setupBlocks = [];
    this.loadedMetadata = null;
    this.sessions = [];
    this.permutation = [];
    this.shown.clear();
    this.last = null;
    this.generation++;
  }

  /** Where a session is now (a session not yet used is idle). */
  stateOf(name: string): SessionState {
    const session = this.sessions.find((s) => s.name === name);
    return session === undefined ? 'idle' : sessionState(session, this.last?.outcome);
  }

  /** Types `sql` (one or more statements) into `session`, creating it on first use. */
  async type(sessionName: string, sql: string): Promise<ConsoleEvent[]> {
    const session = this.sessionNamed(sessionName, true);
    return this.append(session, sql.trim());
  }

  /** Runs a loaded scenario's step by name. */
  async step(name: string): Promise<ConsoleEvent[]> {
    const step = this.declaredSteps.find((s) => s.name === name);
    if (step === undefined) {
      const names = this.declaredSteps.map((s) => s.name);
      throw new BadInputError(
        names.length === 0
          ? `there is no step ${name}: \\load a scenario first`
          : `there is no step ${name}; the steps are ${names.join(', ')}`,
      );
    }
    return this.append(this.sessionNamed(step.session, false), step);
  }

  /** The schedule as a spec file (what `\save` writes). */
  spec(header: SpecHeader | null = null): string {
    for (const session of this.sessions) {
      const steps = session.steps.filter((step) => this.permutation.includes(step.name));
      if (steps.length > 0 && !steps.some((step) => endsTransaction(step.sql))) {
        throw new BadInputError(
          `session ${session.name} never ends its transaction, and in a spec such a session runs each statement on its own`,
          { hint: `type ${session.name}: commit; (or rollback;) first` },
        );
      }
    }
    return scheduleSpec(this.schedule(), this.beginStatementFor(), header);
  }

  /** The model's internals after the last statement, or null on a real engine or before any. */
  internals(): ModelInternals | null {
    const steps = modelDetails(this.last?.outcome)?.steps ?? [];
    const end = steps.findIndex((step) => step.narration.startsWith(finishMarker));
    const now = end === -1 ? steps[steps.length - 1] : steps[end - 1];
    return now?.snapshot ?? null;
  }

  /** Judges the schedule so far as `isolation run` judges a permutation. */
  async verdict(): Promise<PermutationReport & { readonly run: ConsoleRun }> {
    const run = this.requireRun('\\verdict');
    const context = { engine: run.engine, scenario: run.scenario, level: run.level, cache: new RunCache() };
    const verdict = await judgeOutcome(context, run.outcome);
    return { number: 1, outcome: run.outcome, verdict, cell: classifyVerdict(verdict), run };
  }

  /** Runs the schedule on another engine or level, leaving the console as it was. */
  async replay(engineName: string, level: string): Promise<ConsoleRun> {
    this.requireRun('\\replay');
    const name = parseEngineName(engineName);
    const chosen = parseLevel(name, level);
    const engine = await this.options.engines(name);
    return this.runSchedule(engine, chosen);
  }

  // ---- running ------------------------------------------------------------------------------

  /** Adds a typed statement (`sql`) or a loaded step to the schedule, and runs it. */
  private async append(session: ConsoleSession, typed: ConsoleStep | string): Promise<ConsoleEvent[]> {
    const before = { steps: session.steps.length, permutation: this.permutation.length };
    const sql = typeof typed === 'string' ? typed : typed.sql;
    // The runner begins a session's first transaction at the run's level (as for the catalog).
    const runnerBegins =
      !hasRun(session, this.permutation) &&
      !beginsTransaction(sql) &&
      !runsOutsideTransactionBlock(sql) &&
      !setupBegins(session);
    if (needsBegin(session, sql, this.permutation, this.last?.outcome)) {
      const begin = {
        name: nextStepName(session, this.stepNames()),
        session: session.name,
        sql: '',
        begin: true,
      };
      session.steps.push(begin);
      this.permutation.push(begin.name);
    }
    const step =
      typeof typed === 'string'
        ? { name: nextStepName(session, this.stepNames()), session: session.name, sql, begin: false }
        : typed;
    if (!session.steps.includes(step)) session.steps.push(step);
    this.permutation.push(step.name);
    let engine: IsolationEngine;
    try {
      engine = await this.options.engines(this.engineName);
      this.last = await this.runSchedule(engine, this.levelName);
    } catch (error) {
      // The statement could not be scheduled (the model refuses SQL outside its subset, a '}'):
      // it is as if it had never been typed.
      session.steps.splice(before.steps);
      this.permutation.splice(before.permutation);
      throw inConsoleWords(error, step.name);
    }
    const begins = new Set(this.sessions.flatMap((s) => s.steps.filter((t) => t.begin).map((t) => t.name)));
    const news = newEvents(this.last.outcome, begins, this.shown);
    if (!runnerBegins) return news;
    const sqlOfBegin = engine.beginStatement(this.levelName);
    return [{ kind: 'begin', session: session.name, step: step.name, sql: sqlOfBegin }, ...news];
  }

  private async runSchedule(engine: IsolationEngine, level: IsolationLevel): Promise<ConsoleRun> {
    const parsed = parseSpec(scheduleSpec(this.schedule(), engine.beginStatement(level)), '<console>');
    // Engines copy a scenario's setup once per distinct source text; the steps change with
    // every statement typed but the setup does not, so the key is the setup (and its generation).
    const scenario: Scenario = {
      ...parsed,
      ...(this.loadedMetadata === null ? {} : { metadata: this.loadedMetadata }),
      sessions: parsed.sessions.map(withDeclaredEnd),
      source: `${this.generation}\u0000${this.setupBlocks.join('\u0000')}`,
    };
    const outcome = await runPermutation({
      engine,
      scenario,
      level,
      permutation: this.permutation,
      sessions: scenario.sessions.map((session) => session.name),
      trace: engine.name === 'model',
      breakCyclesEachStep: true,
    });
    return { scenario, engine, level, outcome };
  }

  // ---- sessions -------------------------------------------------------------------------------

  private sessionNamed(name: string, create: boolean): ConsoleSession {
    let session = this.sessions.find((s) => s.name === name);
    if (session === undefined) {
      if (!create) throw new BadInputError(`there is no session ${name}`);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new BadInputError(
          `a session name is a letter or _ then letters, digits or _ (not '${name}'), as in a spec`,
        );
      }
      session = { name, setup: null, teardown: null, steps: [] };
      this.sessions.push(session);
    }
    return session;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private schedule(): ConsoleSchedule {
    return { setup: this.setupBlocks, sessions: this.sessions, permutation: this.permutation };
  }

  private beginStatementFor(): string {
    return this.last?.engine.beginStatement(this.levelName) ?? 'BEGIN';
  }

  private stepNames(): Set<string> {
    return new Set(this.sessions.flatMap((session) => session.steps.map((step) => step.name)));
  }

  private requireRun(what: string): ConsoleRun {
    if (this.last === null) throw new BadInputError(`${what}: nothing has been typed yet`);
    return this.last;
  }

  private refuseWhileTyped(what: string): void {
    if (this.permutation.length > 0) {
      throw new BadInputError(`${what} applies before the first statement; \\reset starts over`, {
        hint: '\\replay --engine E --level L reruns what was typed elsewhere',
      });
    }
  }

  /** The tables after `blocks`, run on a copy that is thrown away (setup errors surface here). */
  private async tablesAfter(blocks: readonly string[]): Promise<readonly TableState[]> {
    const engine = await this.options.engines(this.engineName);
    const scenario: Scenario = {
      id: 'console',
      file: '<setup>',
      metadata: {
        title: null,
        anomaly: null,
        story: null,
        cite: null,
        engines: null,
        note: null,
        aliases: [],
        modelDifferences: [],
      },
      setup: blocks.map((sql, i) => ({ sql, line: i + 1 })),
      teardown: null,
      sessions: [],
      permutations: [],
      source: `${this.generation + 1}\u0000${blocks.join('\u0000')}`,
    };
    const run = await engine.open(scenario, this.levelName, []);
    try {
      await run.finish();
      return await run.finalState();
    } finally {
      await run.dispose();
    }
  }
}

/**
 * The session as the console runs it: a session whose steps so far never COMMIT or ROLLBACK
 * would run each statement on its own (transaction-control.ts: autocommit), while the learner
 * is in the middle of a transaction. A COMMIT step that is declared but not run yet says so.
 */
function withDeclaredEnd(session: ScenarioSession): ScenarioSession {
  if (session.steps.some((step) => endsTransaction(step.sql))) return session;
  const end = { name: `${session.name}__end`, session: session.name, sql: 'commit;', line: 0 };
  return { ...session, steps: [...session.steps, end] };
}

/**
 * The model's refusal said as the shell should say it: of the statement just typed when that is
 * what it refuses (not "<console>:4: step a1", a spec the learner never wrote), and pointing at
 * `\engine`, not at a command-line flag.
 */
function inConsoleWords(error: unknown, typedStep: string | null): unknown {
  if (!(error instanceof OutsideSubsetError)) return error;
  const hint =
    'the model runs a SQL subset, listed in the README under "Isolation anomalies"; \\engine postgres runs it on PostgreSQL';
  const typed = error.uses.find((use) => use.where === `step ${typedStep}`);
  if (typed === undefined) return new BadInputError(error.message, { hint });
  return new BadInputError(
    typed.kind === 'unsupported'
      ? `the model cannot run this statement: it uses ${typed.construct}`
      : `the model cannot read this statement: ${typed.construct}`,
    { hint },
  );
}
