/**
 * What a run of one permutation produced, as plain data that does not depend on the engine.
 *
 * The verdicts, the transcripts, the matrix and `--json` all read this, so a PostgreSQL run,
 * a SQLite run and (later) a model engine's run can be compared field by field: per step,
 * the status, the rows it returned, the error code and message; per session, whether its
 * transaction committed; then the final contents of the scenario's tables.
 *
 * Values are JSON values. Engines convert what their drivers return: PostgreSQL's bigint
 * (`count(*)`) becomes a number when it is exact, numeric stays a string, as psql prints it.
 */

export type Value = string | number | boolean | null;

export interface ResultSet {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

/**
 * Why an engine refused a statement, as a learner should read it:
 * - `ssi`: PostgreSQL's serializable snapshot isolation found a dangerous structure (40001,
 *   "…read/write dependencies…"; src/backend/storage/lmgr/predicate.c);
 * - `write-conflict`: first-updater-wins under snapshot isolation (40001, "…concurrent update");
 * - `deadlock`: the lock waits formed a cycle and this transaction was the victim (40P01);
 * - `busy`: SQLite's write lock is held by another connection (SQLITE_BUSY);
 * - `busy-snapshot`: SQLite: this transaction's snapshot is older than the latest commit, so it
 *   can never write (SQLITE_BUSY_SNAPSHOT);
 * - `aborted`: the transaction had already failed; PostgreSQL ignores commands until rollback (25P02);
 * - `cancelled`: dbplay cancelled a statement that nothing could ever unblock;
 * - `other`: anything else (a syntax error, a constraint violation).
 */
export type ErrorCause =
  | 'ssi'
  | 'write-conflict'
  | 'deadlock'
  | 'busy'
  | 'busy-snapshot'
  | 'aborted'
  | 'cancelled'
  | 'other';

/** The causes by which an engine's concurrency control stops an anomaly. */
export const concurrencyCauses: readonly ErrorCause[] = [
  'ssi',
  'write-conflict',
  'deadlock',
  'busy',
  'busy-snapshot',
];

export interface StepError {
  /** PostgreSQL's SQLSTATE (`40001`) or SQLite's extended result code name (`SQLITE_BUSY_SNAPSHOT`). */
  readonly code: string;
  readonly message: string;
  readonly detail: string | null;
  readonly cause: ErrorCause;
}

/** What one statement (or one step's statements) returned. */
export interface StatementResult {
  /** The rows of the last statement that returned rows; null when none did. */
  readonly rows: ResultSet | null;
  /** The command tag of the last statement, psql style: `UPDATE 1`, `INSERT 0 1`, `COMMIT`. */
  readonly command: string | null;
  readonly error: StepError | null;
  /** Whether this step ended the session's transaction, and how. */
  readonly ended: 'commit' | 'rollback' | null;
}

/**
 * - `ok`: the step finished without waiting;
 * - `waiting`: it was still waiting when the permutation ended (nothing could unblock it);
 * - `resumed`: it waited for another session, then finished;
 * - `error`: it failed (at once, or after waiting).
 */
export type StepStatus = 'ok' | 'waiting' | 'resumed' | 'error';

export interface StepOutcome {
  readonly step: string;
  readonly session: string;
  readonly sql: string;
  readonly status: StepStatus;
  readonly rows: ResultSet | null;
  readonly command: string | null;
  readonly error: StepError | null;
  /** The sessions it waited for (empty when it did not wait). */
  readonly waitedFor: readonly string[];
  /** The step after which a waiting step finished; null when it did not wait. */
  readonly finishedAfter: string | null;
  /** The step of its own session it was queued behind, because that one was still waiting. */
  readonly postponedBehind: string | null;
  /** What a learner should know about its wait (an engine's remark), or null. */
  readonly note: string | null;
}

/**
 * One line of a run's history, in the order things happened:
 * - `step`: a step was issued and finished at once (see its outcome);
 * - `wait`: a step was issued and waits for the named sessions;
 * - `finish`: a waiting step finished (resumed or failed);
 * - `postpone`: a step came up while its session still waited; it runs when that wait ends;
 * - `abandon`: a step still waited when nothing else could happen; dbplay cancelled it.
 */
export type RunEvent =
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'wait'; readonly step: string; readonly waitsFor: readonly string[] }
  | { readonly kind: 'finish'; readonly step: string }
  | { readonly kind: 'postpone'; readonly step: string; readonly behind: string }
  | { readonly kind: 'abandon'; readonly step: string };

/**
 * How each session's transaction ended:
 * - `committed`;
 * - `aborted`: it failed (an error, then ROLLBACK, or a COMMIT that PostgreSQL turned into one);
 * - `rolled-back`: the scenario rolled it back on purpose;
 * - `unfinished`: it never ended; dbplay rolled it back after the permutation.
 */
export type SessionStatus = 'committed' | 'aborted' | 'rolled-back' | 'unfinished';

export interface SessionOutcome {
  readonly session: string;
  readonly status: SessionStatus;
  /** The step that ended its transaction, and the position of that step's event in `events`. */
  readonly endedBy: { readonly step: string; readonly event: number } | null;
}

export interface TableState {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

/** The tag every engine's extra knowledge carries; an engine's own type extends it. */
export interface EngineDetails {
  /** The engine that produced it, as on the command line (`model`). */
  readonly engine: string;
}

export interface PermutationOutcome {
  /** The permutation as scheduled, by step name. */
  readonly permutation: readonly string[];
  /** One entry per step, in the order the steps were issued. */
  readonly steps: readonly StepOutcome[];
  readonly events: readonly RunEvent[];
  readonly sessions: readonly SessionOutcome[];
  /** The sessions that committed, in the order their commits finished. */
  readonly commitOrder: readonly string[];
  /** The scenario's tables after every session ended, each sorted by all its columns. */
  readonly final: readonly TableState[];
  /** Errors of session setup blocks (a setup that fails is reported, and the run goes on). */
  readonly setupErrors: readonly { readonly session: string; readonly error: StepError }[];
  /**
   * Set when the run stopped because `step` came up while its session still waited at `behind`
   * (only with `whenSessionWaits: 'skip'`); null otherwise.
   */
  readonly skipped: { readonly step: string; readonly behind: string } | null;
  /**
   * What the engine knows beyond the results, named by the engine that knows it (the model
   * engine's steps and dependency graph); read it through that engine's accessor
   * (`modelDetails`), so that nothing here depends on any one engine.
   */
  readonly details?: EngineDetails;
}

/**
 * The step outcome each event of a run is about, index for index (undefined where there is
 * none), for drawing a run event by event. A step name can run more than once, so events meet
 * the outcomes of their name in order: a `wait` or `postpone` belongs to the outcome its step
 * will have, and the event that ends a step (`step`, `finish`, `abandon`) moves on to the next.
 */
export function stepsOfEvents(outcome: PermutationOutcome): (StepOutcome | undefined)[] {
  const seen = new Map<string, number>();
  return outcome.events.map((event) => {
    const n = seen.get(event.step) ?? 0;
    if (event.kind === 'step' || event.kind === 'finish' || event.kind === 'abandon')
      seen.set(event.step, n + 1);
    return outcome.steps.filter((step) => step.step === event.step)[n];
  });
}
