/**
 * Replaying a schedule serially, for a verdict: the general way and an engine's shortcut.
 *
 * The general way is a permutation like any other (run-permutation.ts): a fresh copy of the
 * setup, a connection per session, the steps one after another. An engine may offer a
 * shortcut for schedules that run one transaction at a time, which a serial replay does:
 * PostgreSQL runs the whole replay on one connection inside a transaction it then rolls back,
 * each replayed transaction a savepoint, so no database has to be copied (postgres-replay.ts).
 * A shortcut may decline (return null) whenever it could differ from the general way, and the
 * general way runs instead; either way the verdict sees the same PermutationOutcome.
 */
import type {
  BeginMode,
  IsolationEngine,
  SerialReplayPlan,
  SerialReplayResult,
  SerialReplayStep,
} from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import type { PermutationOutcome, RunEvent, SessionOutcome } from '../run/outcome.ts';
import { runPermutation } from '../run/run-permutation.ts';
import { findStep, type Scenario } from '../spec/scenario.ts';
import { beginModeOf, transactionPolicy } from '../spec/transaction-control.ts';

export async function replaySerially(
  engine: IsolationEngine,
  scenario: Scenario,
  level: IsolationLevel,
  steps: readonly string[],
  sessions: readonly string[],
): Promise<PermutationOutcome> {
  if (engine.replayInOneTransaction !== undefined) {
    const plan = replayPlan(scenario, steps, sessions);
    const replayed = await engine.replayInOneTransaction(scenario, plan);
    if (replayed !== null) return asOutcome(plan.steps, replayed, steps, sessions);
  }
  return runPermutation({ engine, scenario, level, permutation: steps, sessions });
}

/** The session setups and the steps, each with how the runner would begin its transaction. */
function replayPlan(
  scenario: Scenario,
  steps: readonly string[],
  sessions: readonly string[],
): SerialReplayPlan {
  const used = scenario.sessions.filter((session) => sessions.includes(session.name));
  const begun = new Set<string>();
  return {
    setups: used.flatMap((session) =>
      session.setup === null ? [] : [{ session: session.name, sql: session.setup.sql }],
    ),
    steps: steps.map((name) => {
      const step = findStep(scenario, name);
      const session = used.find((s) => s.name === step?.session);
      if (session === undefined || step === undefined)
        throw new RangeError(`no step ${name} in the replayed sessions`);
      let begin: BeginMode = null;
      if (!begun.has(session.name)) {
        begun.add(session.name);
        begin = beginModeOf(transactionPolicy(session));
      }
      return { name, session: session.name, sql: step.sql, begin };
    }),
  };
}

function asOutcome(
  plan: readonly SerialReplayStep[],
  replayed: SerialReplayResult,
  permutation: readonly string[],
  sessions: readonly string[],
): PermutationOutcome {
  const events: RunEvent[] = plan.map((step) => ({ kind: 'step', step: step.name }));
  const commitOrder: string[] = [];
  const ended = new Map<string, SessionOutcome>();
  replayed.results.forEach((result, i) => {
    const step = plan[i];
    if (step === undefined || result.ended === null) return;
    if (result.ended === 'commit') commitOrder.push(step.session);
    ended.set(step.session, {
      session: step.session,
      status: result.ended === 'commit' ? 'committed' : 'rolled-back',
      endedBy: { step: step.name, event: i },
    });
  });
  return {
    permutation: [...permutation],
    steps: plan.map((step, i) => {
      const result = replayed.results[i];
      return {
        step: step.name,
        session: step.session,
        sql: step.sql,
        status: result?.error === null ? 'ok' : 'error',
        rows: result?.rows ?? null,
        command: result?.command ?? null,
        error: result?.error ?? null,
        waitedFor: [],
        finishedAfter: null,
        postponedBehind: null,
        note: null,
      };
    }),
    events,
    sessions: sessions.map(
      (session) => ended.get(session) ?? { session, status: 'unfinished', endedBy: null },
    ),
    commitOrder,
    final: replayed.final,
    setupErrors: [],
    skipped: null,
  };
}
