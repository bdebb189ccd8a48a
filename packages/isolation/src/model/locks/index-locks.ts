/**
 * The locks a statement takes on indexes: the same mode as on their table, since the planner
 * opens every index of each table it plans a scan of (get_relation_info in
 * src/backend/optimizer/util/plancat.c: "we get the same type of lock that the executor will
 * need"), and the executor opens the indexes of each table it inserts into or updates
 * (ExecOpenIndices). A SELECT takes ACCESS SHARE on each, an INSERT, UPDATE or DELETE ROW
 * EXCLUSIVE.
 *
 * These weak locks never make a statement wait on their own in the statements the model runs:
 * what conflicts with them (DROP INDEX's ACCESS EXCLUSIVE) first locks the index's table,
 * which the statement has locked already. They show in pg_locks (executor/catalog-views.ts),
 * and they are what DROP INDEX of a partitioned index must wait for once it reaches them.
 */
import type { HeapTable } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { lockRelation, type RelationLockMode, type RelationLockTable } from './relation-locks.ts';
import type { Work } from './wait.ts';

/**
 * Takes `mode` on every index of `table` that nothing stands in the way of, and says whether
 * that was all of them; `lockIndexes` waits for the others. Plain code for the common case,
 * which every query meets: no generator made per statement.
 */
export function grantIndexLocks(
  locks: RelationLockTable,
  table: HeapTable,
  xact: ModelTransaction,
  mode: RelationLockMode,
): boolean {
  let all = true;
  for (const index of table.indexes) if (!locks.tryGrant(index.name, xact, mode)) all = false;
  return all;
}

/** Takes `mode` on every index of `table`, as its table's lock was taken, waiting if it must. */
export function* lockIndexes(
  locks: RelationLockTable,
  table: HeapTable,
  xact: ModelTransaction,
  mode: RelationLockMode,
): Work<void> {
  if (grantIndexLocks(locks, table, xact, mode)) return;
  for (const index of table.indexes) yield* lockRelation(locks, index.name, xact, mode);
}
