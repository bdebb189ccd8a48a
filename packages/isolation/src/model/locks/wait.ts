/**
 * What a statement waits for, when it cannot go on: the model's equivalent of a backend
 * sleeping in the lock manager (src/backend/storage/lmgr/lock.c, ProcSleep in proc.c).
 *
 * Statements are generators (see model-run.ts): where PostgreSQL's backend would sleep, the
 * model's statement yields one of these and is resumed when it is satisfied. The kinds are
 * the waits PostgreSQL has in the statements the model runs:
 *
 * - `transaction`: XactLockTableWait, a ShareLock on another transaction's id, held until it
 *   ends: how a writer waits for the transaction that last changed (or locked) a row;
 * - `tuple`: the heavyweight lock on a tuple that orders several waiters for one row
 *   (heap_acquire_tuplock): only the first waits for the transaction, the others queue;
 * - `two-phase`: a lock of the two-phase-locking model (two-phase-locking.ts);
 * - `safe-snapshot`: a READ ONLY DEFERRABLE transaction waiting until its snapshot is safe
 *   (GetSafeSnapshot in predicate.c);
 * - `relation`: a table-level lock (LOCK TABLE, and the weak locks every statement takes);
 * - `advisory`: an advisory lock another session holds (pg_advisory_lock, lockfuncs.c).
 */
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { AdvisoryMode } from './advisory-locks.ts';
import type { RelationLockMode } from './relation-locks.ts';
import type { TwoPhaseLock } from './two-phase-locking.ts';

export type Wait =
  | {
      readonly kind: 'transaction';
      readonly xid: number;
      /** What for, in a sentence: `to update test (0,1), which T1 changed`. */
      readonly reason: string;
      /**
       * Whether the transaction still holds what the statement waits for. ROLLBACK TO
       * SAVEPOINT can let go of a row before its transaction ends (PostgreSQL's waiter then
       * held the aborted subtransaction's lock); absent when only the end counts.
       */
      readonly stillHolds?: () => boolean;
    }
  | {
      readonly kind: 'tuple';
      readonly key: string;
      /** PostgreSQL's heavyweight mode for the tuple lock: ExclusiveLock … */
      readonly lockMode: string;
      readonly reason: string;
    }
  | { readonly kind: 'two-phase'; readonly lock: TwoPhaseLock; readonly reason: string }
  | { readonly kind: 'safe-snapshot'; readonly reason: string }
  /** A table-level lock another transaction holds or waits for first (relation-locks.ts). */
  | {
      readonly kind: 'relation';
      readonly table: string;
      readonly mode: RelationLockMode;
      readonly reason: string;
    }
  /** An advisory lock another session holds in a conflicting mode (advisory-locks.ts). */
  | { readonly kind: 'advisory'; readonly key: string; readonly mode: AdvisoryMode; readonly reason: string }
  /**
   * Until each of these transactions has ended: WaitForLockers and WaitForOlderSnapshots, how
   * REINDEX CONCURRENTLY waits for the transactions that used a table when it looked, without
   * queueing for a lock that would block those that come after (a wait on their virtual
   * transaction ids; src/backend/storage/lmgr/lmgr.c).
   */
  | { readonly kind: 'lockers'; readonly transactions: readonly ModelTransaction[]; readonly reason: string };

/** A statement in progress: yields waits, returns its value. */
export type Work<T> = Generator<Wait, T, void>;

/**
 * Waits until each of `transactions` has ended (WaitForLockersMultiple, WaitForOlderSnapshots):
 * no lock is queued for, so transactions that start meanwhile are not waited for and not blocked.
 */
export function* waitForTransactions(transactions: readonly ModelTransaction[], reason: string): Work<void> {
  if (transactions.every((xact) => xact.status !== 'active')) return;
  yield { kind: 'lockers', transactions, reason };
}
