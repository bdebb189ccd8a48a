/**
 * What the model tells a learner, one sentence per internal step. The executor calls these
 * only inside `narrator?.record(…)`, so without a tracer no sentence is ever built.
 */
import type { StatementResult, Value } from '../run/outcome.ts';
import type { ModelDatabase } from './model-database.ts';
import type { TupleVersion } from './mvcc/heap.ts';
import type { ModelTransaction } from './mvcc/model-transaction.ts';
import { describeSnapshot, type Snapshot } from './mvcc/snapshot.ts';

export const narrate = {
  waitsForRow: (session: string, action: string, row: string, holder: string, xid: number, how: string) =>
    `${session} wants to ${action} ${row}, but ${holder} (xid ${xid}) has ${how} it and is still running: ${session} waits for ${holder} to commit or roll back.`,

  queuesForTuple: (session: string, key: string, ahead: string) =>
    `${session} queues for the tuple lock on ${key}, behind ${ahead}, which waits for the same row.`,

  resumes: (holder: string, committed: boolean, session: string, key: string) =>
    `${holder} has ${committed ? 'committed' : 'rolled back'}: ${session} looks at ${key} again.`,

  updated: (session: string, old: string, created: string, xid: number, heapOnly: boolean) =>
    `${session} updates ${old}: it sets xmax = ${xid} on that version and writes a new version ${created} with xmin = ${xid}${heapOnly ? ' (a heap-only tuple on the same page)' : ''}. The old version stays for transactions that still see it; xmax ${xid} is also the row lock.`,

  deleted: (session: string, row: string, xid: number) =>
    `${session} deletes ${row}: it sets xmax = ${xid}; the version stays until no snapshot can see it.`,

  locked: (session: string, row: string, mode: string, xid: number) =>
    `${session} locks ${row} (${mode}): its xid ${xid} goes into the version's xmax as a lock only.`,

  inserted: (session: string, row: string, xid: number) =>
    `${session} inserts ${row} with xmin = ${xid}: no other transaction sees it until ${session} commits.`,

  scans: (session: string, what: string, table: string, path: string) =>
    `${session}${what} reads ${table} by ${path}.`,

  firstUpdaterWins: (session: string, row: string, how: string, isolation: string) =>
    `${row} was ${how} by a transaction that committed after ${session}'s snapshot: at ${isolation} the first updater wins, and ${session} fails.`,

  deletedMeanwhile: (session: string, row: string) => `${row} was deleted meanwhile: ${session} skips it.`,

  recheck: (session: string, row: string, matches: boolean, then: string) =>
    matches
      ? `EvalPlanQual: the newest version ${row} still matches the WHERE clause, so ${session} ${then}.`
      : `EvalPlanQual: the newest version ${row} no longer matches the WHERE clause, so ${session} ${then}.`,

  committed: (xact: ModelTransaction) =>
    xact.xid === null
      ? `${xact.session} commits; it wrote nothing, so it never needed a transaction id.`
      : `${xact.session} commits: xid ${xact.xid} is marked committed, so its versions are visible to snapshots taken from now on and its row locks are released.`,

  rolledBack: (xact: ModelTransaction, why: string) =>
    xact.xid === null
      ? `${xact.session} rolls back (${why}).`
      : `${xact.session} rolls back (${why}): xid ${xact.xid} is marked aborted, its versions are dead and its locks are released.`,

  snapshotTaken: (xact: ModelTransaction, snapshot: Snapshot, dirty: boolean) =>
    xact.usesTransactionSnapshot
      ? `${xact.session} takes its transaction snapshot at its first statement (${describeSnapshot(snapshot)}); it keeps it to the end.`
      : dirty
        ? `${xact.session} reads uncommitted: it sees the newest version of each row that is not rolled back, committed or not.`
        : `${xact.session} takes a snapshot for this statement (${describeSnapshot(snapshot)}).`,

  optsOut: (session: string) =>
    `${session} is read-only and no read-write serializable transaction is running: its snapshot is safe, so SSI does not track it.`,

  safeNow: (session: string) =>
    `${session}'s snapshot is safe now: it runs without SIREAD locks and can never fail with a serialization error.`,

  unsafe: (session: string) =>
    `${session}'s snapshot turned out unsafe (a concurrent writer committed with a conflict out to an earlier transaction): it takes a new one and waits again.`,
};

/** A statement's end, as the trace tells it (model-run.ts). */
export function describeResult(session: string, result: StatementResult): string {
  if (result.error !== null)
    return `${session}'s statement fails: ${result.error.code} ${result.error.message}.`;
  const rows =
    result.rows === null
      ? ''
      : ` (${result.rows.rows.length} row${result.rows.rows.length === 1 ? '' : 's'})`;
  return `${session}'s statement finishes: ${result.command ?? 'done'}${rows}.`;
}

/**
 * A row version by its table and primary key (`accounts id=1`), or its row number when the
 * table has no key: how the trace and the dependency graph name the rows an edge is about.
 */
export function describeRow(db: ModelDatabase, version: TupleVersion): string {
  const table = db.tables.get(version.table);
  if (table === undefined || table.def.primaryKey.length === 0) return `${version.table} row ${version.row}`;
  const key = table.def.primaryKey
    .map((column) => `${table.def.columns[column]?.name}=${describeKeyValue(version.values[column] ?? null)}`)
    .join(', ');
  return `${version.table} ${key}`;
}

function describeKeyValue(value: Value): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
