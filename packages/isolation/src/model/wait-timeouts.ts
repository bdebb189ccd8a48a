/**
 * What ends a wait other than the lock being granted: a timeout the session set, or the
 * deadlock detector, which runs when a waiter's deadlock_timeout has passed.
 *
 * PostgreSQL arms these as timers when a backend starts to sleep (ProcSleep in
 * src/backend/storage/lmgr/proc.c enables the deadlock timeout; lock_timeout and
 * statement_timeout are timeouts of src/backend/utils/misc/timeout.c) and acts on them in
 * ProcessInterrupts (src/backend/tcop/postgres.c), which reports the lock timeout when both
 * fire at once. The model has no clock that runs while a statement waits: all its waits begin
 * at the same moment, so the shortest setting fires first (model-run.ts, awaitProgress).
 */
import type { Wait } from './locks/wait.ts';
import type { SessionSettings } from './session-settings.ts';
import { ModelSqlError } from './sql/sql-error.ts';

/** A timeout that ends a session's wait: which setting, after how long, and the error it raises. */
export interface Timeout {
  readonly session: string;
  readonly ms: number;
  readonly setting: string;
  readonly error: ModelSqlError;
}

/**
 * The waiting statement whose timeout runs out first, if any session set one, from the waits
 * oldest first: lock_timeout ends a wait for a lock, statement_timeout any statement.
 */
export function firstTimeout(
  waiting: readonly { readonly session: string; readonly settings: SessionSettings; readonly wait: Wait }[],
): Timeout | null {
  let first: Timeout | null = null;
  for (const { session, settings, wait } of waiting) {
    // A safe-snapshot wait sleeps on a latch, not in the lock manager: lock_timeout does not apply.
    const lock = wait.kind === 'safe-snapshot' ? null : settings.durationMs('lock_timeout');
    const whole = settings.durationMs('statement_timeout');
    const candidate =
      lock !== null && (whole === null || lock <= whole)
        ? {
            session,
            ms: lock,
            setting: 'lock_timeout',
            error: new ModelSqlError('55P03', 'canceling statement due to lock timeout'),
          }
        : whole !== null
          ? {
              session,
              ms: whole,
              setting: 'statement_timeout',
              error: new ModelSqlError('57014', 'canceling statement due to statement timeout'),
            }
          : null;
    if (candidate !== null && (first === null || candidate.ms < first.ms)) first = candidate;
  }
  return first;
}

/**
 * A session's deadlock_timeout in milliseconds: its own SET, else what dbplay's PostgreSQL
 * runner gives the session at `position` when it connects (400 ms for the first session,
 * 300 ms more for each next; postgres-engine.ts), so that the same session is the victim.
 */
export function deadlockTimeoutMs(settings: SessionSettings, position: number): number {
  return settings.durationMs('deadlock_timeout') ?? 400 + 300 * position;
}
