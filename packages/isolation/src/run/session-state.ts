/**
 * What the scheduler (run-permutation.ts) keeps about each session of a run: whether its
 * transaction has begun, the statement it has in flight and whom that statement waits for,
 * the steps queued behind a wait, and how the session ended.
 *
 * A session's transaction policy (who begins its transaction, dbplay at the level asked for
 * or the session itself, or none and every statement commits alone:
 * spec/transaction-control.ts) is worked out once per parsed scenario, since comparisons run
 * the same scenario thousands of times.
 */
import type { ScenarioSession, ScenarioStep } from '../spec/scenario.ts';
import { type TransactionPolicy, transactionPolicy } from '../spec/transaction-control.ts';
import type { SessionStatus } from './outcome.ts';

/** A statement the engine is running for a session, from its issue until it finishes or is abandoned. */
export interface InFlight {
  readonly step: ScenarioStep;
  /** Whom it waited for when its wait began, as the transcript reports it. */
  waitedFor: readonly string[] | null;
  /**
   * Whom it waits for now: a wait can move on (woken when one blocker ends, it may wait for
   * another), and the cycle check must read every current edge, not the first one.
   */
  waitsNowFor: readonly string[];
  note: string | null;
  readonly postponedBehind: string | null;
  /** Position in `outcomes`, which follows the issue order. */
  readonly slot: number;
}

export interface SessionState {
  readonly name: string;
  readonly policy: TransactionPolicy;
  begun: boolean;
  active: InFlight | null;
  /** Steps that came up while the session still waited, oldest first. */
  readonly queue: { readonly step: ScenarioStep; readonly behind: string }[];
  status: SessionStatus;
  failed: boolean;
  endedBy: { step: string; event: number } | null;
  /**
   * Whether the session has set a timeout of its own (in its setup or a step issued so far), so
   * that a wait of its can end by itself, without another session's help.
   */
  setsTimeout: boolean;
}

/** A session as it is before its first step. */
export function newSessionState(session: ScenarioSession): SessionState {
  return {
    name: session.name,
    policy: policyOf(session),
    begun: false,
    active: null,
    queue: [],
    status: 'unfinished',
    failed: false,
    endedBy: null,
    setsTimeout: session.setup !== null && setsTimeout(session.setup.sql),
  };
}

/**
 * Whether SQL sets a timeout that ends a wait by itself: `lock_timeout` (55P03 "canceling
 * statement due to lock timeout"), `statement_timeout` (57014) or PostgreSQL 17's
 * `transaction_timeout`, by SET, SET LOCAL or set_config. A statement that only mentions one
 * (RESET, SHOW) counts too: it costs at most a wait for the run's progress timeout, where
 * missing one would report a step as waiting forever that PostgreSQL ends with an error.
 */
export function setsTimeout(sql: string): boolean {
  return /\b(lock|statement|transaction)_timeout\b/i.test(sql);
}

/** setsTimeout of a step's SQL, worked out once per parsed step (a sweep issues the same steps thousands of times). */
export function stepSetsTimeout(step: ScenarioStep): boolean {
  let sets = timeoutSetters.get(step);
  if (sets === undefined) {
    sets = setsTimeout(step.sql);
    timeoutSetters.set(step, sets);
  }
  return sets;
}

const timeoutSetters = new WeakMap<ScenarioStep, boolean>();

/** Each session's transaction policy, worked out once per parsed scenario (runs repeat it thousands of times). */
const policies = new WeakMap<ScenarioSession, TransactionPolicy>();

function policyOf(session: ScenarioSession): TransactionPolicy {
  let policy = policies.get(session);
  if (policy === undefined) {
    policy = transactionPolicy(session);
    policies.set(session, policy);
  }
  return policy;
}
