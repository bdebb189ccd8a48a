/**
 * The VACUUM statement (ExecVacuum and vacuum() in src/backend/commands/vacuum.c): which
 * tables it vacuums, one after the other, each with vacuum.ts, and what it tells a tracer.
 * VACUUM cannot run inside a transaction block (model-session.ts refuses it with 25001, as
 * PreventInTransactionBlock does), since it commits as it goes and must not hold a snapshot
 * that would hold its own horizon back.
 *
 * It runs in a transaction of its own that never gets an id or holds a snapshot the horizon
 * counts (PROC_IN_VACUUM), and takes each table's SHARE UPDATE EXCLUSIVE lock first
 * (vacuum_rel): it waits behind LOCK TABLE … SHARE or a running ALTER, never behind reads and
 * writes, and two VACUUMs of one table take turns. vacuum_rel commits after each table, so the
 * lock goes as soon as that table is done, and a table dropped while VACUUM waited is skipped.
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { Statement } from '../sql/sql-ast.ts';
import type { ModelTransaction } from './model-transaction.ts';
import { countRelation } from './relation-size.ts';
import { describeVacuum, vacuumTable } from './vacuum.ts';

/**
 * The tables VACUUM or ANALYZE of `named` works on (expand_vacuum_rel): each, and after a
 * partitioned table its partitions, once each.
 */
export function relationsToProcess(db: ModelDatabase, named: readonly string[]): string[] {
  return [...new Set(named.flatMap((name) => [name, ...partitionsOf(db, name)]))];
}

/** A partitioned table's partitions, at every level, as the catalog last committed lists them. */
function partitionsOf(db: ModelDatabase, table: string): string[] {
  if (!db.hierarchy.isPartitioned(table)) return [];
  const committed = (xid: number) => db.xacts.statusOf(xid) === 'committed';
  return db.hierarchy
    .children(table, committed)
    .flatMap((link) => [link.child, ...partitionsOf(db, link.child)]);
}

/** Runs `VACUUM [VERBOSE] [table, …]` for `session` in `own`, its transaction; returns the command tag. */
export function* vacuum(
  db: ModelDatabase,
  statement: Extract<Statement, { kind: 'vacuum' }>,
  session: string,
  own: ModelTransaction,
): Work<string> {
  // Without a list, every table of the database (vacuum.c's get_all_vacuum_rels); a partitioned
  // table stands for itself and its partitions (expand_vacuum_rel), which have the rows.
  const named =
    statement.tables.length === 0
      ? [...db.tables.keys()]
      : statement.tables.map((name) => db.table(name).def.name);
  const names = relationsToProcess(db, named);
  if (!db.cleanUp) return 'VACUUM';
  for (const name of names) {
    yield* lockRelation(db.relationLocks, name, own, 'SHARE UPDATE EXCLUSIVE');
    // Dropped while VACUUM waited for it: skipped (with a WARNING when it was named).
    const table = db.current(name);
    // vacuum_rel runs each table in a transaction of its own: its lock goes when it is done.
    if (table === undefined || db.hierarchy.isPartitioned(name)) {
      db.relationLocks.release(name, own);
      continue;
    }
    const report = vacuumTable(db, table, own);
    // vac_update_relstats: the planner now knows the table's size (relation-size.ts).
    countRelation(db, table);
    const description = `${session} runs ${describeVacuum(report)}.`;
    db.maintenance.push({ kind: 'vacuum', session, report, description });
    db.narrator?.record('vacuum', [session], description);
    db.relationLocks.release(name, own);
  }
  return 'VACUUM';
}
