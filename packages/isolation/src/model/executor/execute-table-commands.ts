/**
 * TRUNCATE, REINDEX … CONCURRENTLY and CLUSTER: commands that work on a whole table
 * (src/backend/commands/tablecmds.c ExecuteTruncate, indexcmds.c ReindexRelationConcurrently,
 * cluster.c). What they teach is how they lock:
 *
 * - TRUNCATE checks the current role's privilege, then takes ACCESS EXCLUSIVE (it waits for
 *   every reader and blocks every reader), and gives the table a new, empty file. It is not
 *   MVCC-safe: once it commits, a transaction whose snapshot is older finds the table empty,
 *   where a DELETE would have left it the rows it saw (PostgreSQL's docs, "TRUNCATE"). If it
 *   rolls back, the old file is the table again.
 * - REINDEX … CONCURRENTLY builds a new index beside the old one without blocking reads or
 *   writes. It holds SHARE UPDATE EXCLUSIVE on the table (so two of them, or a VACUUM, take
 *   turns) and, between its phases, waits for the transactions that were writing the table
 *   (WaitForLockers with ShareLock), for those whose snapshot could still need the old index
 *   (WaitForOlderSnapshots), and finally for every transaction that has the table open
 *   (WaitForLockers with AccessExclusiveLock) before the old index goes. It waits for those
 *   that were there when it looked, not for newcomers, and queues for no lock, so it never
 *   blocks anyone itself. It cannot run inside a transaction block: it commits between phases.
 * - CLUSTER rewrites the table in the index's order under ACCESS EXCLUSIVE. The model takes the
 *   lock and leaves the rows where they are (no result the model shows depends on their order).
 */

import { lockRelation } from '../locks/relation-locks.ts';
import { type Work, waitForTransactions } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import { HeapTable } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { catalogView } from './table-members.ts';

export function* truncate(
  db: ModelDatabase,
  xact: ModelTransaction,
  role: string,
  statement: Statement & { kind: 'truncate' },
): Work<string> {
  for (const name of statement.tables) {
    // Checked before the lock is asked for (RangeVarCallbackForTruncate): no waiting to be refused.
    db.table(name);
    db.roles.check(role, name, 'truncate');
    yield* lockRelation(db.relationLocks, name, xact, 'ACCESS EXCLUSIVE');
    // Without ONLY, its children too, each under ACCESS EXCLUSIVE; another session's temporary
    // child is left alone (ExecuteTruncate, RELATION_IS_OTHER_TEMP).
    const root = db.table(name);
    const members = statement.only ? [root] : yield* truncatedMembers(db, xact, root);
    db.assignXid(xact);
    for (const old of members) {
      const member = old.def.name;
      // A new, empty file for the table and for each of its indexes (RelationSetNewRelfilenumber).
      const fresh = new HeapTable(old.def);
      fresh.index = old.index?.emptied() ?? null;
      fresh.secondary.push(...old.secondary.map((index) => index.emptied()));
      fresh.fillfactor = old.fillfactor;
      fresh.reshaped();
      db.tables.set(member, fresh);
      xact.onAbort.push(() => db.tables.set(member, old));
      db.narrator?.record(
        'write',
        [xact.session],
        `${xact.session} truncates ${member}: the table gets a new, empty file; the old one is kept until ${xact.session} commits, and comes back if it rolls back.`,
      );
    }
  }
  return 'TRUNCATE TABLE';
}

/**
 * The table and its children at every level (inheritance or partitions), each locked ACCESS
 * EXCLUSIVE; another session's temporary child is neither locked nor truncated.
 */
function* truncatedMembers(db: ModelDatabase, xact: ModelTransaction, root: HeapTable): Work<HeapTable[]> {
  const sees = catalogView(db, xact);
  const members = [root];
  let level = [root.def.name];
  while (level.length > 0) {
    const next: string[] = [];
    for (const parent of level) {
      for (const link of db.hierarchy.children(parent, sees)) {
        const owner = db.temporaryOwner.get(link.child);
        if (owner !== undefined && owner !== xact.session) continue;
        yield* lockRelation(db.relationLocks, link.child, xact, 'ACCESS EXCLUSIVE');
        const child = db.current(link.child);
        if (child === undefined) continue;
        members.push(child);
        next.push(link.child);
      }
    }
    level = next;
  }
  return members;
}

export function* cluster(
  db: ModelDatabase,
  xact: ModelTransaction,
  role: string,
  statement: Statement & { kind: 'cluster' },
): Work<string> {
  const table = db.table(statement.table).def.name;
  if (!db.roles.owns(role, table)) throw new ModelSqlError('42501', `permission denied for table ${table}`);
  yield* lockRelation(db.relationLocks, table, xact, 'ACCESS EXCLUSIVE');
  return 'CLUSTER';
}

/**
 * The tables REINDEX works on: the table, the index's table, or a schema's tables in the
 * order they were made (PostgreSQL's scan of pg_class), each taken in turn.
 */
export function reindexTargets(
  db: ModelDatabase,
  role: string,
  statement: Statement & { kind: 'reindex' },
): string[] {
  if (statement.target === 'schema') {
    if (!db.schemas.has(statement.name))
      throw new ModelSqlError('3F000', `schema "${statement.name}" does not exist`);
    return [...db.tables.keys()].filter((table) => table.startsWith(`${statement.name}.`));
  }
  const table =
    statement.target === 'table'
      ? db.table(statement.name).def.name
      : [...db.tables.values()].find((heap) => heap.index?.name === statement.name)?.def.name;
  if (table === undefined) throw new ModelSqlError('42P01', `relation "${statement.name}" does not exist`);
  if (!db.roles.owns(role, table)) throw new ModelSqlError('42501', `must be owner of table ${table}`);
  return [table];
}

/**
 * REINDEX TABLE without CONCURRENTLY. PostgreSQL takes SHARE on the table and ACCESS EXCLUSIVE
 * on each of its indexes; every query on the table waits for the latter, since the planner
 * opens all of a table's indexes (get_relation_info), and every write, which updates them.
 * The model does not lock indexes, and takes ACCESS EXCLUSIVE on the table instead: the same
 * waits for every statement, though not for LOCK TABLE in a weak mode.
 */
export function* reindexTable(db: ModelDatabase, xact: ModelTransaction, table: string): Work<void> {
  if (db.current(table) === undefined) return; // dropped while REINDEX SCHEMA waited for another table
  yield* lockRelation(db.relationLocks, table, xact, 'ACCESS EXCLUSIVE');
}

/** REINDEX … CONCURRENTLY of one table, in `own`, a transaction that is not in a block. */
export function* reindexConcurrently(db: ModelDatabase, own: ModelTransaction, table: string): Work<void> {
  if (db.current(table) === undefined) return;
  yield* lockRelation(db.relationLocks, table, own, 'SHARE UPDATE EXCLUSIVE');
  // Phases 2 and 3: the transactions writing the table (their locks conflict with SHARE) …
  yield* waitForTransactions(
    db.relationLocks.holders(table, own, 'SHARE'),
    `the transactions writing ${table}`,
  );
  // … those whose snapshot could still see rows the new index was built without …
  const older = [...db.openTransactions].filter(
    (xact) => xact !== own && xact.usesTransactionSnapshot && xact.snapshot !== null,
  );
  yield* waitForTransactions(older, 'the transactions with older snapshots');
  // Phases 5 and 6: every transaction that has the table open, before the old index goes.
  yield* waitForTransactions(
    db.relationLocks.holders(table, own, 'ACCESS EXCLUSIVE'),
    `the transactions using ${table}`,
  );
}
