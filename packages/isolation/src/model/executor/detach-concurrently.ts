/**
 * ALTER TABLE parent DETACH PARTITION p CONCURRENTLY: taking a partition out of its table
 * without the ACCESS EXCLUSIVE lock on the parent that a plain DETACH holds until it commits
 * (src/backend/commands/tablecmds.c: ATExecDetachPartition, MarkInheritDetached,
 * DetachPartitionFinalize, ATDetachCheckNoForeignKeyRefs; the visibility rule is
 * find_inheritance_children_extended in src/backend/catalog/pg_inherits.c).
 *
 * A plain DETACH must stop every query on the parent while it runs, because a query plans
 * with a list of partitions and must not find the list changed under it. CONCURRENTLY splits
 * the work in two transactions, so it cannot run in a transaction block (25001):
 *
 * 1. With SHARE UPDATE EXCLUSIVE on the parent and on the partition (queries and writes go
 *    on), it marks the pg_inherits row "detach pending" (inhdetachpending), checks that no
 *    foreign key still references the partition's rows (with SHARE on each referencing
 *    table), and commits. From now on a query whose snapshot sees that commit plans without
 *    the partition, and so does a foreign key's check on the parent; an INSERT at read
 *    committed routes no row into it (at repeatable read it still does: its snapshot is older).
 * 2. In a new transaction it waits until every transaction that held a lock on the parent when
 *    it looked has ended (WaitForLockersMultiple, without queueing for a lock: newcomers are not
 *    blocked), since those may have planned with the partition; then it takes SHARE UPDATE
 *    EXCLUSIVE on the parent and ACCESS EXCLUSIVE on the partition, removes the pg_inherits
 *    row, and commits.
 *
 * If the second transaction is cancelled, the partition stays "detach pending";
 * `DETACH PARTITION p FINALIZE` completes it, after waiting for the transactions whose
 * snapshots are older than its own (WaitForOlderSnapshots). While one partition of a table is
 * pending, neither another CONCURRENTLY on that table nor a plain DETACH of it can start.
 */
import type { HierarchyLink } from '../catalog/table-hierarchy.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import { type Work, waitForTransactions } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { type Snapshot, takeSnapshot, xidInSnapshot } from '../mvcc/snapshot.ts';
import type { Viewer } from '../mvcc/visibility.ts';
import type { Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { removeLink } from './execute-hierarchy.ts';
import { foreignKeysSeenBy } from './foreign-keys.ts';
import { referencedKeyOn } from './partition-foreign-keys.ts';
import type { StatementContext } from './statement-context.ts';
import { catalogView, rowsOfTree } from './table-members.ts';

type Detach = Statement & { kind: 'detach-partition' };

/** Whether the link's partition is marked detach pending by a transaction that committed. */
function pendingDetach(db: ModelDatabase, link: HierarchyLink): number | null {
  const xid = link.detachPendingBy ?? null;
  return xid !== null && db.xacts.statusOf(xid) === 'committed' ? xid : null;
}

/**
 * Whether a query planned with `snapshot` leaves out a partition being detached: it does when
 * the detach's first transaction committed before the snapshot was taken. `snapshot` is null
 * for a snapshot taken now (read committed, and a foreign key's check on a partitioned table),
 * which sees every commit.
 */
export function plansWithout(db: ModelDatabase, link: HierarchyLink, snapshot: Snapshot | null): boolean {
  const xid = pendingDetach(db, link);
  return xid !== null && (snapshot === null || !xidInSnapshot(xid, snapshot));
}

/**
 * Whether an INSERT's tuple routing leaves out a partition being detached: at read committed
 * it does (a row for it then finds no partition), at repeatable read and serializable it does
 * not (ExecInitPartitionDispatchInfo: `!IsolationUsesXactSnapshot()`).
 */
export function routesWithout(db: ModelDatabase, xact: ModelTransaction, link: HierarchyLink): boolean {
  return !xact.usesTransactionSnapshot && pendingDetach(db, link) !== null;
}

/** The partition link of `partition` under `parent`, as the transaction's catalog shows it (42P01 if none). */
function partitionLink(context: StatementContext, statement: Detach): HierarchyLink {
  const { db, xact } = context;
  const link = db.hierarchy
    .children(statement.table, catalogView(db, xact))
    .find((candidate) => candidate.child === statement.partition && candidate.bound !== null);
  if (link === undefined)
    throw new ModelSqlError(
      '42P01',
      `relation "${statement.partition}" is not a partition of relation "${statement.table}"`,
    );
  return link;
}

/**
 * ATDetachCheckNoForeignKeyRefs: no row of a table whose foreign key references the parent may
 * reference a row of the partition, or it would be left referencing nothing. Each referencing
 * table is locked in SHARE until the transaction ends, so no one adds such a row meanwhile;
 * the rows are read with a snapshot taken now (RI_PartitionRemove_Check). 23503 names the
 * foreign key's constraint on the partition, `<name>_n`.
 */
function* checkNotReferenced(context: StatementContext, partition: HeapTable): Work<void> {
  const { db, xact } = context;
  for (const key of foreignKeysSeenBy(db, xact)) {
    const acting = referencedKeyOn(db, xact, key, partition.def.name);
    if (acting === null || acting.referencedTable !== partition.def.name) continue;
    yield* lockRelation(db.relationLocks, key.table, xact, 'SHARE');
    const viewer: Viewer = {
      xid: xact.xid,
      cid: context.cid,
      snapshot: takeSnapshot(db.xacts, xact.xid),
      dirty: false,
    };
    const keyOf = (values: readonly unknown[], columns: readonly number[]) =>
      JSON.stringify(columns.map((column) => values[column] ?? null));
    const present = new Set(
      rowsOfTree(db, partition, viewer).map((values) => keyOf(values, acting.referencedColumns)),
    );
    const referencing = db.table(key.table);
    for (const values of rowsOfTree(db, referencing, viewer)) {
      const keyValues = acting.columns.map((column) => values[column] ?? null);
      if (keyValues.some((value) => value === null) || !present.has(keyOf(values, acting.columns))) continue;
      const names = acting.referencedColumns.map((column) => partition.def.columns[column]?.name ?? '');
      throw new ModelSqlError(
        '23503',
        `removing partition "${partition.def.name}" violates foreign key constraint "${acting.name}"`,
        {
          detail: `Key (${names.join(', ')})=(${keyValues.map(String).join(', ')}) is still referenced from table "${key.table}".`,
        },
      );
    }
  }
}

/**
 * DetachPartitionFinalize: the constraints through which foreign keys on the parent acted on
 * the partition (`<name>_n`) are dropped, and dropping a constraint takes ACCESS EXCLUSIVE on
 * its table, the referencing one (RemoveConstraintById): the detach waits for every
 * transaction that has written or locked it.
 */
function* dropReferencedConstraints(context: StatementContext, partition: string): Work<void> {
  const { db, xact } = context;
  for (const key of foreignKeysSeenBy(db, xact)) {
    const acting = referencedKeyOn(db, xact, key, partition);
    if (acting === null || acting.referencedTable !== partition) continue;
    yield* lockRelation(db.relationLocks, key.table, xact, 'ACCESS EXCLUSIVE');
  }
}

/** A plain DETACH of a partition that is detach pending, or a second pending one: 55000. */
function refusePending(
  db: ModelDatabase,
  statement: Detach,
  link: HierarchyLink,
  sees: HierarchyLink[],
): void {
  if (pendingDetach(db, link) !== null)
    throw new ModelSqlError('55000', `cannot detach partition "${statement.partition}"`, {
      // HINT: Use ALTER TABLE ... DETACH PARTITION ... FINALIZE to complete the pending detach operation.
      detail: 'The partition is being detached concurrently or has an unfinished detach.',
    });
  const other = sees.find((sibling) => sibling !== link && pendingDetach(db, sibling) !== null);
  if (other !== undefined && statement.mode === 'concurrently')
    throw new ModelSqlError(
      '55000',
      `partition "${other.child}" already pending detach in partitioned table "public.${statement.table}"`,
    );
}

/**
 * A plain DETACH (ACCESS EXCLUSIVE on both, the link removed in this transaction), or the first
 * transaction of CONCURRENTLY (SHARE UPDATE EXCLUSIVE on both, the link marked pending; the
 * session commits it and runs `finishDetach` in a second one).
 */
export function* detachPartition(context: StatementContext, statement: Detach): Work<string> {
  if (statement.mode === 'finalize') return yield* finishDetach(context, statement, 'older snapshots');
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  const mode = statement.mode === 'concurrently' ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
  db.table(statement.table);
  yield* lockRelation(db.relationLocks, statement.table, xact, mode);
  const partition = db.table(statement.partition);
  yield* lockRelation(db.relationLocks, statement.partition, xact, mode);
  const link = partitionLink(context, statement);
  const siblings = db.hierarchy.children(statement.table, catalogView(db, xact));
  refusePending(db, statement, link, siblings);
  if (statement.mode === 'concurrently' && siblings.some((sibling) => sibling.bound?.kind === 'default'))
    throw new ModelSqlError('55000', 'cannot detach partitions concurrently when a default partition exists');
  yield* checkNotReferenced(context, partition);
  if (statement.mode === 'concurrently') {
    link.detachPendingBy = xid;
    db.narrator?.record(
      'write',
      [xact.session],
      `${xact.session} marks ${statement.partition} "detach pending" and commits: queries whose snapshot sees that commit plan without it. It now waits for every transaction that has ${statement.table} open.`,
    );
    return 'ALTER TABLE';
  }
  yield* dropReferencedConstraints(context, statement.partition);
  removeLink(xact, link, xid);
  return 'ALTER TABLE';
}

/**
 * The second transaction of CONCURRENTLY (`wait` = lockers), or FINALIZE (`wait` = older
 * snapshots): the wait, the locks, and the pg_inherits row removed.
 */
export function* finishDetach(
  context: StatementContext,
  statement: Detach,
  wait: 'lockers' | 'older snapshots',
): Work<string> {
  const { db, xact } = context;
  const xid = db.assignXid(xact);
  if (wait === 'lockers') {
    const lockers = db.relationLocks.holders(statement.table, xact, 'ACCESS EXCLUSIVE');
    yield* waitForTransactions(lockers, `the transactions that have ${statement.table} open`);
  }
  if (db.current(statement.table) === undefined)
    throw new ModelSqlError('42P01', `partitioned table "${statement.table}" was removed concurrently`);
  yield* lockRelation(db.relationLocks, statement.table, xact, 'SHARE UPDATE EXCLUSIVE');
  if (db.current(statement.partition) === undefined)
    throw new ModelSqlError('42P01', `partition "${statement.partition}" was removed concurrently`);
  yield* lockRelation(db.relationLocks, statement.partition, xact, 'ACCESS EXCLUSIVE');
  const link = partitionLink(context, statement);
  if (pendingDetach(db, link) === null)
    throw new ModelSqlError('55000', `cannot complete detaching partition "${statement.partition}"`, {
      detail: "There's no pending concurrent detach.",
    });
  if (wait === 'older snapshots') {
    const own = takeSnapshot(db.xacts, xact.xid);
    // Those holding a snapshot (a repeatable-read one, or a statement's that is running) whose
    // xmin is not after this one's (GetCurrentVirtualXIDs with limitXmin).
    const older = [...db.openTransactions].filter(
      (other) =>
        other !== xact &&
        other.snapshot !== null &&
        (other.usesTransactionSnapshot || db.runningStatements.has(other.session)) &&
        other.snapshot.xmin <= own.xmin,
    );
    yield* waitForTransactions(older, 'the transactions with older snapshots');
  }
  yield* dropReferencedConstraints(context, statement.partition);
  link.removedBy = xid;
  return 'ALTER TABLE';
}
