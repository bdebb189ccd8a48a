/**
 * DROP INDEX CONCURRENTLY: dropping an index without blocking the table's readers and writers
 * (src/backend/catalog/index.c, index_drop with `concurrent`).
 *
 * A plain DROP INDEX takes ACCESS EXCLUSIVE on the table: it waits for every transaction that
 * has the table open, and everyone waits for it. The concurrent form takes only SHARE UPDATE
 * EXCLUSIVE (so two of them, or a VACUUM, take turns, while reads and writes go on) and gets
 * rid of the index in steps, each committed before the next, waiting between them for the
 * transactions that might still be using the index:
 *
 * 1. the index is marked invalid (`indisvalid = false`): no query planned from now on uses it,
 *    but every write still maintains it, since a query planned before may be reading it;
 * 2. it waits for every transaction that holds any lock on the table when it looks
 *    (WaitForLockers with AccessExclusiveLock, which conflicts with every mode): the ones that
 *    may have planned with the index. It does not queue for a lock, so nobody waits behind it,
 *    and it does not wait for transactions that come later;
 * 3. the index is marked not ready (`indisready = false`): writes stop maintaining it;
 * 4. it waits for the table's lockers again, then takes ACCESS EXCLUSIVE on the index itself
 *    (a queued lock, this one: every query still opens all of a table's indexes, valid or not,
 *    get_relation_info, so it waits for those that came after it started too) and removes it.
 *
 * It cannot run in a transaction block (it commits as it goes): 25001. PostgreSQL's
 * drop-index-concurrently-1 test shows it waiting for an open transaction that read the table,
 * while another transaction's INSERT and a prepared statement's index scan go on beside it.
 *
 * The model runs it in one transaction of its own, which holds the table's and the index's SHARE
 * UPDATE EXCLUSIVE throughout as PostgreSQL's session-level locks do; writes maintain the index
 * until it goes (step 3 changes nothing a history can see). A partitioned index cannot be
 * dropped concurrently (0A000), an index attached to one goes only with it (2BP01). Not modelled:
 * PostgreSQL moves serializable transactions' SIREAD locks on the index to the table
 * (TransferPredicateLocksToHeapRelation), which the model's DROP INDEX does not do either.
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { indexNamed } from './execute-index-ddl.ts';
import { dropIndexObject, refuseAttached } from './partitioned-indexes.ts';

/** DROP INDEX CONCURRENTLY, in `own`, a transaction of its own outside any block. */
export function* dropIndexConcurrently(
  db: ModelDatabase,
  own: ModelTransaction,
  statement: Statement & { kind: 'drop-index' },
): Work<string> {
  const found = indexNamed(db, statement.index);
  if (found === null) {
    if (statement.ifExists) return 'DROP INDEX'; // NOTICE: index "…" does not exist, skipping
    throw new ModelSqlError('42704', `index "${statement.index}" does not exist`);
  }
  const { table, index } = found;
  const name = table.def.name;
  if (db.hierarchy.isPartitioned(name))
    throw new ModelSqlError('0A000', `cannot drop partitioned index "${index.name}" concurrently`);
  refuseAttached(index);
  yield* lockRelation(db.relationLocks, name, own, 'SHARE UPDATE EXCLUSIVE');
  yield* lockRelation(db.relationLocks, index.name, own, 'SHARE UPDATE EXCLUSIVE');
  if (index === table.index && index.primary)
    throw new ModelSqlError(
      '2BP01',
      `cannot drop index ${index.name} because constraint ${index.name} on table ${name} requires it`,
    );
  // 1: invalid, so that no query planned from now on uses it.
  index.valid = false;
  table.reshaped();
  db.narrator?.record(
    'lock',
    [own.session],
    `${own.session} marked ${index.name} invalid: new queries plan without it. It waits for the transactions using ${name} now.`,
  );
  // 2: the transactions that may have planned with it; 3 and 4: those using the table then.
  yield* waitForLockers(
    db.relationLocks.holders(name, own, 'ACCESS EXCLUSIVE'),
    `the transactions using ${name}`,
  );
  yield* waitForLockers(
    db.relationLocks.holders(name, own, 'ACCESS EXCLUSIVE'),
    `the transactions using ${name}`,
  );
  yield* lockRelation(db.relationLocks, index.name, own, 'ACCESS EXCLUSIVE');
  dropIndexObject(own, table, index, () => {
    if (index === table.index) {
      table.index = null;
      table.def = { ...table.def, primaryKey: [] };
    } else table.secondary.splice(table.secondary.indexOf(index), 1);
  });
  return 'DROP INDEX';
}

/**
 * WaitForLockers: until each transaction holding a lock when it looked has ended, one after
 * the other (a wait on each one's virtual transaction id, VirtualXactLock), so that it waits
 * for one at a time, in the order the lock table lists them (the model's: the order they took
 * their locks).
 */
function* waitForLockers(transactions: readonly ModelTransaction[], reason: string): Work<void> {
  for (const xact of transactions)
    if (xact.status === 'active') yield { kind: 'lockers', transactions: [xact], reason };
}
