/**
 * What an engine must do to run scenarios: the seam between the shared scheduler
 * (run-permutation.ts) and one database.
 *
 * PostgreSQL's isolation tester drives libpq connections directly; dbplay splits that in
 * two. The scheduler decides *what* to run next: the permutation's order, postponing a step
 * whose session still waits, noticing when nothing can make progress. An engine decides
 * *how*: it copies the scenario's setup into a fresh database, opens one connection per
 * session, starts statements, and tells the scheduler which have finished and which wait for
 * whom. The model engine (model/model-engine.ts), which explains its locks and snapshots,
 * plugs in through the same two interfaces; everything above them — verdicts, transcripts,
 * the matrix, the CLI — is shared.
 */
import type { EngineDetails, StatementResult, TableState } from '../run/outcome.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { IsolationLevel } from './levels.ts';

/**
 * How a session's transaction starts before its first step:
 * - `transaction`: the engine begins it at the run's level (`BEGIN ISOLATION LEVEL …`);
 * - `level`: the session's setup began it without a level; the engine only sets the level;
 * - null: the session manages its own transactions (see transaction-control.ts).
 */
export type BeginMode = 'transaction' | 'level' | null;

/** What a run may be asked for beyond its results. Engines that cannot, ignore it. */
export interface OpenOptions {
  /** Record every internal step with the internals after it (the model engine does). */
  readonly trace?: boolean;
  /**
   * Session settings (`SET datestyle = …; SET timezone = …`) to send on each session's
   * connection once, as a query of its own, when it opens: before the session's setup, so that
   * the setup and the steps can still change them, and never in the same query as a step.
   */
  readonly sessionSettings?: string;
}

export interface IsolationEngine {
  /** `postgres`, `sqlite` … as on the command line. */
  readonly name: string;
  /** What it is, for headings: `PostgreSQL 18.4 (embedded)`. */
  readonly description: string;
  /** The levels (or modes) `--level` accepts, weakest first. */
  readonly levels: readonly IsolationLevel[];
  readonly defaultLevel: IsolationLevel;
  /** Whether the engine breaks wait cycles itself (PostgreSQL's deadlock detector), so waiting can pay off. */
  readonly resolvesDeadlocks: boolean;
  /**
   * Whether the same steps always end the same way (the model: one thread, its own clock, no
   * timing), so that runs that must end alike may share one run (run-permutation.ts).
   */
  readonly deterministic?: boolean;
  /** The statement that begins a session's transaction at `level`, for transcripts. */
  beginStatement(level: IsolationLevel): string;
  /**
   * The level that behaves like `level` minus serializable snapshot isolation's checks
   * (PostgreSQL: serializable → repeatable read), or null. Rerunning a schedule there tells
   * whether an SSI abort prevented a real anomaly or was a false positive.
   */
  levelWithoutSsi(level: IsolationLevel): IsolationLevel | null;
  /** Something a learner should know about a level on this engine, or null. */
  levelNote(level: IsolationLevel): string | null;
  /**
   * A fresh copy of the scenario's setup, with one connection per named session. Throws a
   * BadInputError (with the line of the setup block) when the scenario's setup fails.
   */
  open(
    scenario: Scenario,
    level: IsolationLevel,
    sessions: readonly string[],
    options?: OpenOptions,
  ): Promise<EngineRun>;
  /** Drops everything the engine created and stops what it started. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Optional: run a serial schedule (one transaction after another, as a verdict's replay is)
   * without copying the setup, e.g. on one connection inside a transaction that is rolled
   * back. Returns one result per step and the final state, or null to decline, and then the
   * replay runs as an ordinary permutation (serial-replay.ts). Engines without it lose
   * nothing but time.
   */
  replayInOneTransaction?(scenario: Scenario, plan: SerialReplayPlan): Promise<SerialReplayResult | null>;
}

/** What a serial replay runs: the setups of the sessions it connects, then its steps in order. */
export interface SerialReplayPlan {
  readonly setups: readonly { readonly session: string; readonly sql: string }[];
  readonly steps: readonly SerialReplayStep[];
}

/** One result per step of a SerialReplayPlan, and the tables after the last. */
export interface SerialReplayResult {
  readonly results: readonly StatementResult[];
  readonly final: readonly TableState[];
}

/** A step of a serial replay, with how the runner would begin its session's transaction before it. */
export interface SerialReplayStep {
  readonly name: string;
  readonly session: string;
  readonly sql: string;
  readonly begin: BeginMode;
}

export interface WaitingStatement {
  readonly session: string;
  /** The sessions it waits for, when the engine can tell. */
  readonly waitsFor: readonly string[];
  /** Something a learner should know about this wait, or null. */
  readonly note: string | null;
}

export interface Settled {
  /** Statements that finished since the last call, in the order they started waiting (new ones first). */
  readonly finished: readonly { readonly session: string; readonly result: StatementResult }[];
  readonly waiting: readonly WaitingStatement[];
}

/** One permutation's worth of a database: sessions, statements in flight, and the final state. */
export interface EngineRun {
  /**
   * Starts `sql` on `session` (a step, or a session's setup block) and returns at once.
   * The session has no statement in flight; `begin` says how to start its transaction first;
   * `label` names the scenario step (absent for a session's setup block).
   */
  issue(session: string, sql: string, begin: BeginMode, label?: string): void;
  /** Waits until every statement in flight has finished or is known to wait for a lock. */
  settle(): Promise<Settled>;
  /** Waits up to `timeoutMs` for a waiting statement to finish by itself; true if one did. */
  awaitProgress(timeoutMs: number): Promise<boolean>;
  /** Cancels statements that still wait, and rolls back every open transaction. */
  finish(): Promise<void>;
  /** The scenario's tables, each sorted by all its columns. Call after finish(). */
  finalState(): Promise<TableState[]>;
  /** Runs the teardown blocks and throws the copy away. Safe to call more than once. */
  dispose(): Promise<void>;
  /**
   * Optional: what the engine knows beyond the results (the model engine: its steps with
   * internals, and the direct serialization graph). Call after finish().
   */
  details?(): EngineDetails;
}
