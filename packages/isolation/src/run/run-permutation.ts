/**
 * Running one permutation: the scheduler shared by every engine.
 *
 * This is the loop of PostgreSQL's isolation tester (run_permutation in
 * src/test/isolation/isolationtester.c), with the engine behind an interface:
 *
 *   1. run each session's setup block;
 *   2. for each step of the permutation, in order: start it on its session's connection,
 *      then wait until every statement in flight has either finished or is known to wait
 *      for a lock (the tester asks pg_isolation_test_session_is_blocked; engine.ts says how
 *      each engine answers). A step that waits is reported as waiting and the permutation
 *      goes on; its completion, or its error, is reported when it happens, usually in the
 *      wake of another session's commit;
 *   3. when the permutation is over and statements still wait, give the engine's deadlock
 *      detector, or the session's own lock_timeout or statement_timeout, its chance, then
 *      cancel what nothing can ever unblock;
 *   4. roll back what is still open and read the final state of the tables.
 *
 * One rule differs from the tester. When a step comes up while its own session is still
 * waiting, a real client could not send it: the tester (since PostgreSQL 14) stops and waits,
 * which hangs when the wait ends only after a later step of another session. dbplay queues
 * the step behind the wait ("postponed") and lets the other sessions go on, as independent
 * clients would; the queued step runs as soon as its session is free. That is what makes
 * SQLite's schedules, where a writer waits for another's commit, run to the end.
 */
import { BadInputError } from '@dbplay/core';
import type { BeginMode, EngineRun, IsolationEngine, Settled } from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import { findStep, type Scenario, type ScenarioStep, type StepMarker } from '../spec/scenario.ts';
import { beginModeOf } from '../spec/transaction-control.ts';
import type { PermutationOutcome, RunEvent, StatementResult, StepError, StepOutcome } from './outcome.ts';
import { newSessionState, type SessionState, stepSetsTimeout } from './session-state.ts';
import { hasWaitCycle } from './wait-cycle.ts';

export interface RunPermutationOptions {
  readonly engine: IsolationEngine;
  readonly scenario: Scenario;
  readonly level: IsolationLevel;
  /** The steps to run, by name, in order. */
  readonly permutation: readonly string[];
  /** The sessions to connect; default every session of the scenario. Replays connect only those they use. */
  readonly sessions?: readonly string[];
  /**
   * When a step comes up while its session still waits: `postpone` it until the wait ends (the
   * default, see the module comment), or `skip` the rest of the permutation, as PostgreSQL's
   * tester did before version 14 ("invalid permutation detected"), for comparisons that count
   * only the permutations a client could really issue.
   */
  readonly whenSessionWaits?: 'postpone' | 'skip';
  /** Ask the engine to record its internal steps (the model engine does; others ignore it). */
  readonly trace?: boolean;
  /**
   * After each step, let the engine's deadlock detector break a wait cycle before the next step
   * is issued, as it does for a person typing (a second is quicker than a keystroke); by default
   * steps follow each other at once and a cycle is broken after the last (the tester's way).
   */
  readonly breakCyclesEachStep?: boolean;
}

/** How long to let a deadlock detector or another engine-side resolution work before giving up. */
const progressTimeoutMs = 10_000;
/** How long the next step waits for a step a marker names (awaitMarkedSteps). */
const markerWaitMs = 200;

/** The scenario's listed permutation that is `permutation`, if it carries step markers (rare: PostgreSQL's specs). */
function markedPermutation(scenario: Scenario, permutation: readonly string[]) {
  if (!hasStepMarkers(scenario)) return undefined;
  return scenario.permutations.find(
    (p) =>
      p.steps.some((step) => step.markers.length > 0) &&
      p.steps.length === permutation.length &&
      p.steps.every((step, i) => step.name === permutation[i]),
  );
}

/** Whether any listed permutation of the scenario marks a step, worked out once per parsed scenario. */
function hasStepMarkers(scenario: Scenario): boolean {
  let marked = markedScenarios.get(scenario);
  if (marked === undefined) {
    marked = scenario.permutations.some((p) => p.steps.some((step) => step.markers.length > 0));
    markedScenarios.set(scenario, marked);
  }
  return marked;
}

const markedScenarios = new WeakMap<Scenario, boolean>();

export async function runPermutation(options: RunPermutationOptions): Promise<PermutationOutcome> {
  const { engine, scenario, level, permutation } = options;
  const sessionNames = options.sessions ?? scenario.sessions.map((session) => session.name);
  const shared = sharedSkippedRun(options, sessionNames);
  if (shared !== null) return { ...shared, permutation: [...permutation] };
  const run = await engine.open(scenario, level, sessionNames, options.trace === true ? { trace: true } : {});
  try {
    const scheduler = new Scheduler(engine, run, scenario, sessionNames);
    const outcome = await scheduler.execute(
      permutation,
      options.whenSessionWaits ?? 'postpone',
      options.breakCyclesEachStep === true,
    );
    if (scheduler.skippedAt !== null && mayShareSkippedRuns(options)) {
      lastSkipped.set(engine, {
        scenario,
        level,
        sessions: [...sessionNames],
        breakCycles: options.breakCyclesEachStep === true,
        prefix: permutation.slice(0, scheduler.skippedAt + 1),
        outcome,
      });
    }
    return outcome;
  } finally {
    await run.dispose();
  }
}

/**
 * Runs that must end alike share one run. With `whenSessionWaits: 'skip'`, a permutation stops
 * at its first step whose session still waits, and its outcome depends only on the steps up to
 * that one: every permutation that begins with the same steps stops at the same step with the
 * same outcome. Every interleaving in the tester's order comes depth-first (interleavings.ts),
 * so such permutations come one after another; on an engine whose runs are deterministic (the
 * model), the last skipped run of each engine answers for the permutations after it that begin
 * as it did, instead of running the same steps again. (In the catalog's sweep of every
 * interleaving at every level, that is more than half the permutations.) A spec whose listed
 * permutations carry step markers is left out, since a marker changes how a step is awaited.
 */
interface SkippedRun {
  readonly scenario: Scenario;
  readonly level: IsolationLevel;
  readonly sessions: readonly string[];
  readonly breakCycles: boolean;
  /** The steps up to and including the one that was skipped. */
  readonly prefix: readonly string[];
  readonly outcome: PermutationOutcome;
}

const lastSkipped = new WeakMap<IsolationEngine, SkippedRun>();

function mayShareSkippedRuns(options: RunPermutationOptions): boolean {
  return (
    options.engine.deterministic === true &&
    options.whenSessionWaits === 'skip' &&
    options.trace !== true &&
    !hasStepMarkers(options.scenario)
  );
}

/** The outcome of the engine's last skipped run, when this permutation must end as it did. */
function sharedSkippedRun(
  options: RunPermutationOptions,
  sessions: readonly string[],
): PermutationOutcome | null {
  const last = lastSkipped.get(options.engine);
  if (last === undefined || !mayShareSkippedRuns(options)) return null;
  const { permutation } = options;
  if (
    last.scenario !== options.scenario ||
    last.level !== options.level ||
    last.breakCycles !== (options.breakCyclesEachStep === true) ||
    last.sessions.length !== sessions.length ||
    !beginsWith(sessions, last.sessions) ||
    !beginsWith(permutation, last.prefix)
  )
    return null;
  return last.outcome;
}

/** Whether `list` begins with `prefix` (a plain loop: it runs for every permutation). */
function beginsWith(list: readonly string[], prefix: readonly string[]): boolean {
  if (list.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
  return true;
}

class Scheduler {
  private readonly states = new Map<string, SessionState>();
  private readonly outcomes: (StepOutcome | null)[] = [];
  private readonly events: RunEvent[] = [];
  private readonly commitOrder: string[] = [];
  private readonly setupErrors: { session: string; error: StepError }[] = [];
  /** Postponed steps across all sessions, in the order they came up. */
  private readonly postponed: { readonly session: string; readonly step: ScenarioStep }[] = [];
  /** The sessions whose statements wait, in the order they started waiting. */
  private readonly waitOrder: string[] = [];
  /**
   * The step to name as what a waiting step finished "after": the step just issued, or,
   * when waits end by themselves after the last step (a deadlock detector's victim), the
   * step that finished before it.
   */
  private trigger: string | null = null;
  /** Set once the steps are all issued and waits are left to end by themselves. */
  private resolving = false;
  /** Where the permutation stopped because its step's session still waited (`skip`), or null. */
  skippedAt: number | null = null;
  private readonly engine: IsolationEngine;
  private readonly run: EngineRun;
  private readonly scenario: Scenario;

  constructor(engine: IsolationEngine, run: EngineRun, scenario: Scenario, sessions: readonly string[]) {
    this.engine = engine;
    this.run = run;
    this.scenario = scenario;
    for (const session of scenario.sessions) {
      if (!sessions.includes(session.name)) continue;
      this.states.set(session.name, newSessionState(session));
    }
  }

  async execute(
    permutation: readonly string[],
    whenSessionWaits: 'postpone' | 'skip',
    breakCyclesEachStep = false,
  ): Promise<PermutationOutcome> {
    await this.runSessionSetups();
    let skipped: PermutationOutcome['skipped'] = null;
    const listed = markedPermutation(this.scenario, permutation);
    for (const [position, name] of permutation.entries()) {
      const step = this.stepNamed(name);
      const state = this.stateOf(step.session);
      if (state.active !== null && whenSessionWaits === 'skip') {
        skipped = { step: step.name, behind: state.active.step.name };
        this.skippedAt = position;
        break;
      }
      if (state.active !== null || state.queue.length > 0) {
        const behind = state.queue[state.queue.length - 1]?.step.name ?? state.active?.step.name ?? '';
        state.queue.push({ step, behind });
        this.postponed.push({ session: step.session, step });
        this.events.push({ kind: 'postpone', step: step.name, behind });
        continue;
      }
      this.issue(step, null);
      await this.drain();
      if (listed !== undefined) await this.awaitMarkedSteps(listed.steps[position]?.markers ?? []);
      if (breakCyclesEachStep) await this.breakWaitCycles();
    }
    if (skipped === null) {
      await this.finishWaits();
    } else {
      for (const state of this.states.values()) this.abandon(state);
    }
    await this.run.finish();
    const final = await this.run.finalState();
    const details = this.run.details?.();
    for (const state of this.states.values()) {
      if (state.status === 'unfinished' && state.failed) state.status = 'aborted';
    }
    return {
      permutation: [...permutation],
      steps: this.outcomes.filter((outcome): outcome is StepOutcome => outcome !== null),
      events: this.events,
      sessions: [...this.states.values()].map((state) => ({
        session: state.name,
        status: state.status,
        endedBy: state.endedBy,
      })),
      commitOrder: this.commitOrder,
      final,
      setupErrors: this.setupErrors,
      skipped,
      ...(details === undefined ? {} : { details }),
    };
  }

  /** Each session's setup block, one at a time, before the first step (as the tester does). */
  private async runSessionSetups(): Promise<void> {
    for (const session of this.scenario.sessions) {
      const state = this.states.get(session.name);
      if (state === undefined || session.setup === null) continue;
      this.run.issue(session.name, session.setup.sql, null);
      for (;;) {
        const settled = await this.run.settle();
        for (const { session: name, result } of settled.finished) {
          if (result.error !== null) this.setupErrors.push({ session: name, error: result.error });
        }
        if (!settled.waiting.some((w) => w.session === session.name)) break;
        if (!(await this.run.awaitProgress(progressTimeoutMs))) {
          throw new BadInputError(
            `session ${session.name}'s setup waits for a lock that no other session will release`,
            { location: { file: this.scenario.file, line: session.setup.line } },
          );
        }
      }
    }
  }

  private issue(step: ScenarioStep, postponedBehind: string | null): void {
    const state = this.stateOf(step.session);
    let begin: BeginMode = null;
    if (!state.begun) {
      begin = beginModeOf(state.policy);
      state.begun = true;
    }
    const slot = this.outcomes.length;
    this.outcomes.push(null);
    state.active = { step, waitedFor: null, waitsNowFor: [], note: null, postponedBehind, slot };
    if (stepSetsTimeout(step)) state.setsTimeout = true;
    this.trigger = step.name;
    this.run.issue(step.session, step.sql, begin, step.name);
  }

  /**
   * Settles the engine, records what finished and what now waits, and starts postponed steps
   * whose sessions became free (oldest first), settling after each, until nothing changes.
   */
  private async drain(): Promise<void> {
    for (;;) {
      this.record(await this.run.settle());
      const next = this.postponed.find((p) => {
        const state = this.stateOf(p.session);
        return state.active === null && state.queue[0]?.step === p.step;
      });
      if (next === undefined) return;
      this.postponed.splice(this.postponed.indexOf(next), 1);
      const queued = this.stateOf(next.session).queue.shift();
      this.issue(next.step, queued?.behind ?? null);
    }
  }

  private record(settled: Settled): void {
    // The step just issued first (it finished at once), then earlier waiters in the order they began waiting.
    const finished = [...settled.finished].sort(
      (a, b) => this.finishRank(a.session) - this.finishRank(b.session),
    );
    for (const { session, result } of finished) this.complete(session, result);
    for (const waiting of settled.waiting) {
      const active = this.stateOf(waiting.session).active;
      if (active !== null) active.waitsNowFor = waiting.waitsFor;
      if (active === null || active.waitedFor !== null) continue;
      active.waitedFor = waiting.waitsFor;
      active.note = waiting.note;
      this.waitOrder.push(waiting.session);
      this.events.push({ kind: 'wait', step: active.step.name, waitsFor: waiting.waitsFor });
    }
  }

  private finishRank(session: string): number {
    const active = this.stateOf(session).active;
    if (active === null || active.waitedFor === null) return -1;
    return this.waitOrder.indexOf(session);
  }

  private complete(session: string, result: StatementResult): void {
    const state = this.stateOf(session);
    const active = state.active;
    if (active === null) return;
    state.active = null;
    const waited = active.waitedFor !== null;
    if (waited) this.waitOrder.splice(this.waitOrder.indexOf(session), 1);
    this.outcomes[active.slot] = {
      step: active.step.name,
      session,
      sql: active.step.sql,
      status: result.error !== null ? 'error' : waited ? 'resumed' : 'ok',
      rows: result.rows,
      command: result.command,
      error: result.error,
      waitedFor: active.waitedFor ?? [],
      finishedAfter: waited ? this.trigger : null,
      postponedBehind: active.postponedBehind,
      note: active.note,
    };
    this.events.push(
      waited ? { kind: 'finish', step: active.step.name } : { kind: 'step', step: active.step.name },
    );
    if (waited && this.resolving) this.trigger = active.step.name;
    if (result.error !== null) state.failed = true;
    const event = { step: active.step.name, event: this.events.length - 1 };
    if (result.ended === 'commit') {
      state.status = 'committed';
      state.endedBy = event;
      this.commitOrder.push(session);
    } else if (result.ended === 'rollback') {
      state.status = state.failed ? 'aborted' : 'rolled-back';
      state.endedBy = event;
    } else if (state.policy === 'autocommit' && result.error === null && state.status === 'unfinished') {
      // Every statement of an autocommit session commits by itself; the verdicts treat the
      // session as one transaction, committed at its first statement.
      state.status = 'committed';
      state.endedBy = event;
      this.commitOrder.push(session);
    }
  }

  /**
   * After the last step: while statements wait, let the engine resolve what it can (a
   * deadlock detector breaks a wait cycle), then cancel whatever nothing can ever unblock.
   */
  /**
   * A step marked `s1cancel(s2detach)` in a spec's permutation is, to PostgreSQL's tester, not
   * complete until s2detach is (src/test/isolation/README, "Permutation step markers"), so the
   * next step waits for it. Specs mark a step that releases another this way (a
   * pg_cancel_backend of it): the released step finishes a moment after the releasing one
   * returns, and is reported after it, not after the next step. dbplay gives it a moment.
   */
  private async awaitMarkedSteps(markers: readonly StepMarker[]): Promise<void> {
    const names = new Set(markers.flatMap((marker) => (marker.kind === 'after-step' ? [marker.step] : [])));
    if (names.size === 0) return;
    const inFlight = () =>
      [...this.states.values()].some((state) => names.has(state.active?.step.name ?? ''));
    if (inFlight() && (await this.run.awaitProgress(markerWaitMs))) await this.drain();
  }

  private async finishWaits(): Promise<void> {
    for (;;) {
      await this.drain();
      const waiting = [...this.states.values()].filter((state) => state.active !== null);
      if (waiting.length === 0) return;
      // A detector breaks a cycle; a session's own lock_timeout ends its wait (the tester waits for both).
      if ((this.engine.resolvesDeadlocks && this.waitCycleExists()) || waiting.some((s) => s.setsTimeout)) {
        this.resolving = true;
        if (await this.run.awaitProgress(progressTimeoutMs)) continue;
      }
      for (const state of waiting) this.abandon(state);
      return;
    }
  }

  /** Lets the engine break wait cycles (its deadlock detector) until none is left. */
  private async breakWaitCycles(): Promise<void> {
    // A victim fails "after" the step that closed the cycle; what it releases, after the victim.
    this.resolving = true;
    try {
      while (this.engine.resolvesDeadlocks && this.waitCycleExists()) {
        if (!(await this.run.awaitProgress(progressTimeoutMs))) return;
        await this.drain();
      }
    } finally {
      this.resolving = false;
    }
  }

  private abandon(state: SessionState): void {
    const active = state.active;
    if (active === null) return;
    state.active = null;
    this.events.push({ kind: 'abandon', step: active.step.name });
    this.outcomes[active.slot] = {
      step: active.step.name,
      session: state.name,
      sql: active.step.sql,
      status: 'waiting',
      rows: null,
      command: null,
      error: null,
      waitedFor: active.waitedFor ?? [],
      finishedAfter: null,
      postponedBehind: active.postponedBehind,
      note: active.note,
    };
    // The steps queued behind it never ran.
    for (const queued of state.queue.splice(0)) {
      this.outcomes.push({
        step: queued.step.name,
        session: state.name,
        sql: queued.step.sql,
        status: 'waiting',
        rows: null,
        command: null,
        error: null,
        waitedFor: [],
        finishedAfter: null,
        postponedBehind: queued.behind,
        note: null,
      });
    }
  }

  /** Whether the waits-for edges between waiting sessions form a cycle (a deadlock to detect). */
  private waitCycleExists(): boolean {
    const edges = new Map<string, readonly string[]>();
    for (const state of this.states.values()) {
      if (state.active !== null) edges.set(state.name, state.active.waitsNowFor);
    }
    return hasWaitCycle(edges);
  }

  private stepNamed(name: string): ScenarioStep {
    const step = findStep(this.scenario, name);
    if (step === undefined) throw new RangeError(`scenario ${this.scenario.id} has no step ${name}`);
    if (!this.states.has(step.session)) {
      throw new RangeError(`step ${name} belongs to session ${step.session}, which this run did not open`);
    }
    return step;
  }

  private stateOf(session: string): SessionState {
    const state = this.states.get(session);
    if (state === undefined) throw new RangeError(`no session ${session} in this run`);
    return state;
  }
}
