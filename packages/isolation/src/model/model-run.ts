/**
 * One permutation on the model: the EngineRun the shared scheduler drives (engine.ts).
 *
 * PostgreSQL runs each session in its own backend process; a statement that must wait sleeps
 * in the lock manager until another backend's commit or abort wakes it. The model runs all
 * sessions in one thread, so each step is a generator (model-session.ts): it runs until it
 * finishes or yields what it waits for (wait.ts). After every change of state the run
 * resumes, oldest wait first, each waiting statement whose wait is over; the statement then
 * looks at the row again, exactly where PostgreSQL's backend would after waking.
 *
 * Deadlocks are not looked for when a wait begins, but only when the scheduler lets time pass
 * (awaitProgress): that is when PostgreSQL's deadlock_timeout fires (deadlock-detector.ts).
 * When a wait is over and whom it waits for is locks/waits-for.ts; the timeouts that end a
 * wait, wait-timeouts.ts.
 */

import { StepRecorder } from '@dbplay/core';
import type { BeginMode, EngineRun, Settled, WaitingStatement } from '../engines/engine.ts';
import { sortedRows } from '../judge/sort-rows.ts';
import type { StatementResult, TableState, Value } from '../run/outcome.ts';
import { buildDsg, type DirectSerializationGraph } from './dsg/build-dsg.ts';
import { type DependencyCycle, findCycle } from './dsg/classify-cycle.ts';
import { rowsOfTree } from './executor/table-members.ts';
import { findDeadlock, type WaitingSession } from './locks/deadlock-detector.ts';
import type { Wait, Work } from './locks/wait.ts';
import { blockersOf, lockWaitedFor, waitIsOver } from './locks/waits-for.ts';
import type { ModelDatabase } from './model-database.ts';
import type { ModelRunDetails } from './model-run-details.ts';
import { ModelSession, type TransactionRegistry } from './model-session.ts';
import type { HeapTable } from './mvcc/heap.ts';
import type { IsolationName, ModelTransaction } from './mvcc/model-transaction.ts';
import { takeSnapshot } from './mvcc/snapshot.ts';
import { describeResult, describeRow } from './narration.ts';
import { displayRows } from './sql/date-time.ts';
import { ModelSqlError } from './sql/sql-error.ts';
import { captureInternals, type SessionView } from './trace/capture-internals.ts';
import type { ModelStep, ModelStepKind } from './trace/model-step.ts';
import { deadlockTimeoutMs, firstTimeout, type Timeout } from './wait-timeouts.ts';

interface ActiveStatement {
  readonly work: Work<StatementResult>;
  waiting: Wait | null;
  /** When its current wait began. */
  since: number;
}

export interface ModelRunOptions {
  readonly db: ModelDatabase;
  readonly sessions: readonly string[];
  readonly isolation: IsolationName;
  readonly registry: TransactionRegistry;
  /** The setup's transactions (the initial state of the dependency graph). */
  readonly setup: readonly ModelTransaction[];
  /** Record a step, with the internals, for everything the model does. */
  readonly trace: boolean;
}

export class ModelRun implements EngineRun {
  private readonly db: ModelDatabase;
  private readonly sessions = new Map<string, ModelSession>();
  private readonly active = new Map<string, ActiveStatement>();
  private finished: { session: string; result: StatementResult }[] = [];
  private readonly isolation: IsolationName;
  private readonly registry: TransactionRegistry;
  private readonly setup: readonly ModelTransaction[];
  private readonly recorder: StepRecorder<ModelStep> | null;
  /** The scenario step each session is running, for the trace. */
  private readonly labels = new Map<string, string | null>();
  private clock = 0;

  constructor(options: ModelRunOptions) {
    this.db = options.db;
    this.isolation = options.isolation;
    this.registry = options.registry;
    this.setup = options.setup;
    for (const name of options.sessions)
      this.sessions.set(name, new ModelSession(name, this.db, this.registry));
    this.recorder = options.trace ? new StepRecorder<ModelStep>() : null;
    if (this.recorder !== null) {
      const recorder = this.recorder;
      this.db.narrator = {
        record: (kind, touched, narration) => recorder.emit(this.step(kind, touched, narration)),
      };
    }
  }

  issue(session: string, sql: string, begin: BeginMode, label?: string): void {
    const model = this.session(session);
    this.labels.set(session, label ?? null);
    this.db.narrator?.record(
      'issue',
      [session],
      label === undefined
        ? `${session} runs its setup: ${sql.trim()}`
        : `${session} runs ${label}: ${sql.trim()}`,
    );
    const work = model.runStep(sql, begin, this.isolation);
    this.active.set(session, { work, waiting: null, since: 0 });
    this.advance(session, () => work.next());
    this.pump();
  }

  async settle(): Promise<Settled> {
    const finished = this.finished;
    this.finished = [];
    return { finished, waiting: this.waitingStatements() };
  }

  async awaitProgress(): Promise<boolean> {
    const deadlock = findDeadlock(this.waitingSessions());
    const timeout = this.firstTimeout();
    if (timeout !== null && (deadlock === null || timeout.ms < this.deadlockTimeoutOf(deadlock.victim))) {
      const statement = this.active.get(timeout.session) as ActiveStatement;
      this.db.narrator?.record(
        'issue',
        [timeout.session],
        `${timeout.session}'s ${timeout.setting} (${timeout.ms} ms) runs out while it waits: the statement is cancelled and its transaction fails.`,
      );
      statement.waiting = null;
      this.advance(timeout.session, () => statement.work.throw(timeout.error));
      this.pump();
      return true;
    }
    if (deadlock === null) return false;
    if (this.reorderQueues(deadlock.cycle.map((member) => member.session))) {
      this.pump();
      return true;
    }
    const victim = this.active.get(deadlock.victim);
    if (victim === undefined) return false;
    this.db.narrator?.record(
      'deadlock',
      deadlock.cycle.map((member) => member.session),
      `The deadlock detector finds a cycle of waits (${deadlock.cycle.map((member) => member.session).join(' → ')} → ${deadlock.victim}); ${deadlock.victim}, whose deadlock_timeout ran out first, is rolled back.`,
    );
    const error = new ModelSqlError('40P01', 'deadlock detected', {
      detail: deadlock.detail,
      cause: 'deadlock',
    });
    victim.waiting = null;
    this.advance(deadlock.victim, () => victim.work.throw(error));
    this.pump();
    return true;
  }

  async finish(): Promise<void> {
    const waiting = [...this.active.entries()].sort((a, b) => a[1].since - b[1].since);
    this.labels.clear();
    if (waiting.length > 0 || [...this.sessions.values()].some((session) => session.xact !== null)) {
      this.db.narrator?.record(
        'issue',
        [],
        'After the last step, dbplay cancels what still waits and rolls back what is still open.',
      );
    }
    for (const [session, statement] of waiting) {
      const cancel = new ModelSqlError('57014', 'canceling statement due to user request', {
        cause: 'cancelled',
      });
      try {
        statement.work.throw(cancel);
      } catch (error) {
        if (!(error instanceof ModelSqlError)) throw error;
      }
      this.active.delete(session);
    }
    for (const session of this.sessions.values()) session.rollbackOpen('the permutation is over');
  }

  async finalState(): Promise<TableState[]> {
    const snapshot = takeSnapshot(this.db.xacts, null);
    const viewer = { xid: null, cid: 0, snapshot, dirty: false };
    const reader = [...this.sessions.keys()][0] ?? null;
    // As the PostgreSQL runner reads them (`select * from t`, through the first session's
    // connection): a parent with its children's rows, temporary tables left out but for that
    // session's own children of a parent; in its order, by the table's own name, then its schema.
    return [...this.db.tables.keys()]
      .map((name) => this.db.current(name))
      .filter(
        // Materialized views are not tables: the runner's list of tables leaves them out.
        (table): table is HeapTable =>
          table !== undefined &&
          !this.db.temporaryOwner.has(table.def.name) &&
          !this.db.materializedViews.has(table),
      )
      .sort((a, b) =>
        stateOrder(a.def.name) < stateOrder(b.def.name)
          ? -1
          : stateOrder(a.def.name) > stateOrder(b.def.name)
            ? 1
            : 0,
      )
      .map((table) => ({
        table: table.def.name,
        columns: table.def.columns.map((column) => column.name),
        rows: sortedRows(
          displayRows(
            rowsOfTree(this.db, table, viewer, reader),
            table.def.columns.map((column) => column.type),
            this.db.display,
          ),
        ) as Value[][],
      }));
  }

  async dispose(): Promise<void> {}

  /** What the model knows that a real engine does not show: its steps and the dependency graph. */
  details(): ModelRunDetails {
    return new RunDetails(this.db, this.registry, this.setup, this.recorder?.steps ?? []);
  }

  // ---- driving the statements --------------------------------------------------------------

  /** Runs a statement until it finishes or waits for something that has not happened yet. */
  private advance(session: string, resume: () => IteratorResult<Wait, StatementResult>): void {
    const statement = this.active.get(session);
    if (statement === undefined) return;
    let next = resume();
    for (;;) {
      if (next.done === true) {
        this.active.delete(session);
        this.finished.push({ session, result: next.value });
        this.db.narrator?.record('result', [session], describeResult(session, next.value));
        return;
      }
      if (this.satisfied(session, next.value)) {
        next = statement.work.next();
        continue;
      }
      statement.waiting = next.value;
      statement.since = this.clock++;
      this.redrawLastStep();
      return;
    }
  }

  /** Resumes, oldest wait first, every statement whose wait is over, until none is. */
  private pump(): void {
    for (;;) {
      // The statement that has waited longest among those whose wait is over (a plain loop:
      // this runs after every statement of every run).
      let session: string | null = null;
      let ready: ActiveStatement | null = null;
      for (const [name, statement] of this.active) {
        if (statement.waiting === null || (ready !== null && ready.since <= statement.since)) continue;
        if (!this.satisfied(name, statement.waiting)) continue;
        session = name;
        ready = statement;
      }
      if (session === null || ready === null) return;
      const statement = ready;
      statement.waiting = null;
      this.advance(session, () => statement.work.next());
    }
  }

  private waitingStatements(): WaitingStatement[] {
    let any = false;
    for (const statement of this.active.values()) if (statement.waiting !== null) any = true;
    if (!any) return [];
    return [...this.active.entries()]
      .filter(([, statement]) => statement.waiting !== null)
      .sort((a, b) => a[1].since - b[1].since)
      .map(([session, statement]) => ({
        session,
        waitsFor: this.blockers(session, statement.waiting as Wait),
        note:
          statement.waiting?.kind === 'safe-snapshot'
            ? 'waits for a safe snapshot: a READ ONLY DEFERRABLE transaction starts only when no concurrent serializable transaction can make its snapshot unsafe'
            : null,
      }));
  }

  private waitingSessions(): WaitingSession[] {
    return [...this.active.entries()].flatMap(([session, statement]) => {
      const wait = statement.waiting;
      if (wait === null || wait.kind === 'safe-snapshot') return [];
      return [
        {
          session,
          timeoutRank: this.deadlockTimeoutOf(session),
          since: statement.since,
          blockedBy: this.blockers(session, wait),
          lock: lockWaitedFor(wait),
        },
      ];
    });
  }

  /** The last step's internals were drawn before its wait was registered: draw them again. */
  private redrawLastStep(): void {
    const steps = this.recorder?.steps;
    const last = steps?.[steps.length - 1];
    if (steps === undefined || last === undefined) return;
    steps[steps.length - 1] = this.step(last.kind, last.touched.map(String), last.narration);
  }

  /**
   * A soft deadlock (DeadLockCheck's TopoSort in deadlock.c): each member of the cycle that waits
   * for a table-level lock only because the next member queued first goes ahead of it. Kept if
   * no cycle is left; otherwise every queue is put back and the cycle is a deadlock.
   */
  private reorderQueues(cycle: readonly string[]): boolean {
    const undo: (() => void)[] = [];
    cycle.forEach((member, i) => {
      const wait = this.active.get(member)?.waiting;
      const xact = this.session(member).xact;
      const next = this.session(cycle[(i + 1) % cycle.length] as string).xact;
      if (wait?.kind !== 'relation' || xact === null || next === null) return;
      const restore = this.db.relationLocks.moveAhead(wait.table, xact, next);
      if (restore !== null) undo.push(restore);
    });
    if (undo.length === 0) return false;
    if (findDeadlock(this.waitingSessions()) === null) {
      this.db.narrator?.record(
        'deadlock',
        [...cycle],
        `The deadlock detector finds a cycle of waits (${cycle.join(' → ')}) that only a queue's order makes: it lets the waiters behind go first, and the cycle is gone.`,
      );
      return true;
    }
    for (const restore of undo.reverse()) restore();
    return false;
  }

  /** The waiting statement whose timeout runs out first, if any session set one (wait-timeouts.ts). */
  private firstTimeout(): Timeout | null {
    return firstTimeout(
      [...this.active.entries()]
        .filter(([, statement]) => statement.waiting !== null)
        .sort((a, b) => a[1].since - b[1].since)
        .map(([session, statement]) => ({
          session,
          settings: this.session(session).settings,
          wait: statement.waiting as Wait,
        })),
    );
  }

  /** The session's deadlock_timeout in milliseconds (wait-timeouts.ts). */
  private deadlockTimeoutOf(name: string): number {
    return deadlockTimeoutMs(this.session(name).settings, [...this.sessions.keys()].indexOf(name));
  }

  /** Whether the session's wait is over (waits-for.ts). */
  private satisfied(session: string, wait: Wait): boolean {
    return waitIsOver(this.db, this.session(session), wait);
  }

  /** The sessions a wait is for (waits-for.ts). */
  private blockers(session: string, wait: Wait): string[] {
    return blockersOf(this.db, this.session(session), wait);
  }

  private session(name: string): ModelSession {
    const session = this.sessions.get(name);
    if (session === undefined) throw new RangeError(`no session ${name} in this run`);
    return session;
  }

  private step(kind: ModelStepKind, touched: readonly string[], narration: string): ModelStep {
    const views: SessionView[] = [...this.sessions.values()].map((session) => {
      const statement = this.active.get(session.name);
      const wait = statement?.waiting ?? null;
      return {
        session,
        waiting: wait === null ? null : { reason: wait.reason, holders: this.blockers(session.name, wait) },
      };
    });
    return {
      kind,
      touched,
      narration,
      snapshot: captureInternals(this.db, views),
      step: this.labels.get(touched[0] ?? '') ?? null,
    };
  }
}

/** A table's place in the final state: by its own name, then its schema (public for a bare name). */
function stateOrder(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? `${name}\u0000public` : `${name.slice(dot + 1)}\u0000${name.slice(0, dot)}`;
}

/**
 * A run's details, the dependency graph and its cycle built when first asked for: most runs
 * (replays, comparisons) never look at them. A class rather than an object literal with getters,
 * which costs more to make, and every run makes one; JSON shows what the literal showed.
 */
class RunDetails implements ModelRunDetails {
  readonly engine = 'model';
  readonly steps: readonly ModelStep[];
  readonly maintenance: ModelRunDetails['maintenance'];
  readonly #db: ModelDatabase;
  readonly #registry: TransactionRegistry;
  readonly #setup: readonly ModelTransaction[];
  #graph: DirectSerializationGraph | null = null;
  #cycle: DependencyCycle | null | undefined = undefined;

  constructor(
    db: ModelDatabase,
    registry: TransactionRegistry,
    setup: readonly ModelTransaction[],
    steps: readonly ModelStep[],
  ) {
    this.steps = steps;
    this.maintenance = db.maintenance;
    this.#db = db;
    this.#registry = registry;
    this.#setup = setup;
  }

  get dsg(): DirectSerializationGraph {
    const db = this.#db;
    this.#graph ??= buildDsg(this.#registry.all, this.#setup, (version) => describeRow(db, version));
    return this.#graph;
  }

  get cycle(): DependencyCycle | null {
    if (this.#cycle === undefined) this.#cycle = findCycle(this.dsg);
    return this.#cycle;
  }

  toJSON() {
    const { engine, steps, maintenance, dsg, cycle } = this;
    return { engine, steps, maintenance, dsg, cycle };
  }
}
