/**
 * The constraints the model enforces, as PostgreSQL does: NOT NULL (ExecConstraints in
 * src/backend/executor/execMain.c, checked before a row is written) and the primary key's
 * uniqueness (_bt_check_unique in src/backend/access/nbtree/nbtinsert.c, checked as the key
 * enters the index, in _bt_doinsert).
 *
 * The uniqueness check looks at every version with the same key that is not dead, with a
 * "dirty" snapshot that sees uncommitted work: a version inserted or deleted by a transaction
 * still running makes the writer wait for that transaction and look again; a live one is a
 * unique violation (23505). A serializable transaction first checks the index page for
 * rw-conflicts, so that two transactions that both saw the key missing get 40001 rather than
 * 23505 (PostgreSQL's read-write-unique tests). A key that passes is a write to the index page
 * all the same: it conflicts with index scans that looked for it and found nothing (the
 * phantom case).
 */
import type { Value } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { HeapTable, PrimaryKeyIndex, TupleVersion } from '../mvcc/heap.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import type { LockTarget } from '../ssi/predicate-locks.ts';
import type { StatementContext } from './statement-context.ts';

/** ExecConstraints: a NOT NULL column may not become null (23502). */
export function checkNotNull(
  table: string,
  columns: readonly { readonly name: string; readonly notNull: boolean }[],
  values: readonly Value[],
): void {
  columns.forEach((column, i) => {
    if (column.notNull && values[i] === null) {
      throw new ModelSqlError(
        '23502',
        `null value in column "${column.name}" of relation "${table}" violates not-null constraint`,
        {
          detail: `Failing row contains (${values.map((value) => (value === null ? 'null' : String(value))).join(', ')}).`,
        },
      );
    }
  });
}

/**
 * _bt_doinsert: a version's key enters the primary key's index, once it is unique, and after
 * serializable snapshot isolation has checked the write to the index page (`what` says it).
 */
export function* insertIndexEntry(
  context: StatementContext,
  table: HeapTable,
  version: TupleVersion,
  what: string,
): Work<void> {
  const index = table.index;
  if (index !== null) {
    yield* checkUnique(context, table, version);
    context.db.ssi.checkConflictIn(context.xact, indexPageTargets(index, version.values), what);
    index.add(table.keyOf(version.values), version);
  }
  // The other indexes take the version too (ExecInsertIndexTuples), each write checked against
  // the SIREAD locks on the page it goes to.
  for (const other of table.secondary) {
    // A partial index takes only the versions its WHERE holds for (and so meets no reader then).
    if (!other.covers(version.values)) continue;
    const key = other.keyOf(version.values);
    context.db.ssi.checkConflictIn(
      context.xact,
      indexPageTargets(other, version.values),
      `enters key ${key.map(String).join(', ')} in ${other.name}`,
    );
    other.add(key, version);
  }
}

/**
 * The SIREAD lock targets a write to an index meets: the page the key goes to (a B-tree's one
 * leaf, a hash index's bucket), and the index.
 */
function indexPageTargets(index: PrimaryKeyIndex, values: readonly Value[]): LockTarget[] {
  return [
    { kind: 'page', relation: index.name, page: index.pageOf(index.keyOf(values)) },
    { kind: 'relation', relation: index.name },
  ];
}

/**
 * _bt_check_unique with a dirty snapshot: waits for a transaction that inserted or deleted a
 * version with the same key and is still running, then looks again; fails on a live one.
 */
function* checkUnique(context: StatementContext, table: HeapTable, mine: TupleVersion): Work<void> {
  const { db, xact } = context;
  const index = table.index;
  if (index === null) return;
  const key = table.keyOf(mine.values);
  const live = yield* awaitConflict(context, table, key, mine);
  if (live !== null) {
    db.ssi.checkConflictIn(
      xact,
      indexPageTargets(index, mine.values),
      `tries to insert key ${describeKey(table, mine)} into ${index.name}`,
    );
    const columns = table.def.primaryKey.map((column) => table.def.columns[column]?.name ?? '').join(', ');
    throw new ModelSqlError('23505', `duplicate key value violates unique constraint "${index.name}"`, {
      detail: `Key (${columns})=(${key.map((value) => String(value)).join(', ')}) already exists.`,
    });
  }
}

/**
 * The live version that already holds `key` in the primary key's index, looked for as with a
 * dirty snapshot: a version inserted or deleted by a transaction still running makes the
 * statement wait for that transaction and look again. Null when the key is free. `mine` (the
 * version being entered) is not a conflict with itself. ON CONFLICT asks the same question
 * before it inserts (check_exclusion_or_unique_constraint in execIndexing.c).
 */
export function* awaitConflict(
  context: StatementContext,
  table: HeapTable,
  key: readonly Value[],
  mine: TupleVersion | null,
): Work<TupleVersion | null> {
  const { db, xact } = context;
  const index = table.index;
  // NULLs are distinct in a unique index: a key with a NULL never conflicts.
  if (index === null || key.some((value) => value === null)) return null;
  const described = key.map((value) => String(value)).join(', ');
  for (;;) {
    let found: TupleVersion | null = null;
    let waitFor: number | null = null;
    let waitOn: TupleVersion | null = null;
    for (const entry of index.entries) {
      if (!entry.key.every((value, i) => value === key[i])) continue;
      for (let version = table.chainStart(entry.version); version !== null; ) {
        if (version !== mine) {
          const creator = db.xacts.statusOf(version.xmin);
          const deleter =
            version.xmax !== null && db.xacts.statusOf(version.xmax) !== 'aborted' ? version.xmax : null;
          if (creator === 'in progress' && version.xmin !== xact.xid) waitFor = version.xmin;
          else if (creator !== 'aborted') {
            if (deleter === null) found = version;
            else if (deleter !== xact.xid && db.xacts.isRunning(deleter)) waitFor = deleter;
          }
          if (waitFor !== null) waitOn = version;
          if (waitFor !== null || found !== null) break;
        }
        version = version.next?.heapOnly ? version.next : null;
      }
      if (waitFor !== null || found !== null) break;
    }
    if (waitFor === null) return found;
    const holder = db.xacts.sessionOf(waitFor);
    db.narrator?.record(
      'block',
      [xact.session, holder],
      `${xact.session}'s key ${described} is also in a row ${holder} (xid ${waitFor}) wrote and has not committed: whether it is a duplicate depends on ${holder}, so ${xact.session} waits.`,
    );
    yield {
      kind: 'transaction',
      xid: waitFor,
      reason: `${holder} (xid ${waitFor}), which wrote the same key ${described}`,
      // ROLLBACK TO SAVEPOINT can undo the insert or the delete before the transaction ends.
      stillHolds: () =>
        waitOn !== null && (waitOn.xmin === waitFor ? db.xacts.isRunning(waitFor) : waitOn.xmax === waitFor),
    };
  }
}

export function describeKey(table: HeapTable, version: TupleVersion): string {
  return table
    .keyOf(version.values)
    .map((value) => String(value))
    .join(', ');
}
