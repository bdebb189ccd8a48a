/**
 * Where a console session is, as psql's prompt shows it: `a=>` idle, `a=*>` in a transaction,
 * `a=!>` in a failed one (psql's `%x` in PROMPT1, src/bin/psql/prompt.c), and, since the
 * console shows what a second window would, `waiting` for a lock.
 *
 * The console holds no connection between statements (it reruns the schedule), so a session's
 * state is read from the last run: its steps in order, each beginning, ending or failing the
 * transaction. From the same reading the console decides whether a statement typed into an
 * idle session needs a begin first (console-schedule.ts says why a begin is a step of its own).
 */
import type { PermutationOutcome } from '../run/outcome.ts';
import {
  beginsTransaction,
  endsTransaction,
  runsOutsideTransactionBlock,
} from '../spec/transaction-control.ts';
import type { ConsoleSession } from './console-schedule.ts';

/** Where a session is, as psql's prompt shows it (`a=>`, `a=*>`, `a=!>`). */
export type SessionState = 'idle' | 'in transaction' | 'failed' | 'waiting';

/** Where `session` is after `outcome` (the last run; undefined before any). */
export function sessionState(session: ConsoleSession, outcome: PermutationOutcome | undefined): SessionState {
  let state: SessionState = setupBegins(session) ? 'in transaction' : 'idle';
  if (outcome === undefined) return state;
  let first = true;
  for (const step of outcome.steps) {
    if (step.session !== session.name) continue;
    // The runner began the first transaction before the first step (see IsolationConsole.append).
    if (first && !runsOutsideTransactionBlock(step.sql)) state = 'in transaction';
    first = false;
    if (step.status === 'waiting') return 'waiting';
    if (step.error !== null) {
      // A failed COMMIT (40001 at commit) ends the transaction; other errors leave it to roll back.
      state = endsTransaction(step.sql) || state === 'idle' ? 'idle' : 'failed';
    } else if (endsTransaction(step.sql) || step.command === 'ROLLBACK') {
      state = 'idle';
    } else if (beginsTransaction(step.sql)) {
      state = 'in transaction';
    }
  }
  return state;
}

/**
 * Whether the console must begin the session's transaction before `sql`: the session is idle
 * (never used, or its last transaction ended) and `sql` does not begin one itself. A session
 * never used is begun by the runner, at the run's level, as for the catalog.
 */
export function needsBegin(
  session: ConsoleSession,
  sql: string,
  permutation: readonly string[],
  outcome: PermutationOutcome | undefined,
): boolean {
  // VACUUM runs on its own, outside any transaction block, as in psql's autocommit.
  if (beginsTransaction(sql) || runsOutsideTransactionBlock(sql) || !hasRun(session, permutation))
    return false;
  const state = sessionState(session, outcome);
  if (state !== 'waiting') return state === 'idle';
  // Still waiting: the session will be idle after its queued statements if the last ends a transaction.
  const queued = permutation.filter((name) => session.steps.some((s) => s.name === name));
  const lastSql = session.steps.find((s) => s.name === queued[queued.length - 1])?.sql ?? '';
  return endsTransaction(lastSql);
}

/** Whether a loaded scenario's session setup block begins a transaction itself. */
export function setupBegins(session: ConsoleSession): boolean {
  return session.setup !== null && beginsTransaction(session.setup);
}

/** Whether any of the session's steps is in the schedule yet. */
export function hasRun(session: ConsoleSession, permutation: readonly string[]): boolean {
  return permutation.some((name) => session.steps.some((step) => step.name === name));
}
