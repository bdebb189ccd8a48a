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
 * writes, and two VACUUMs of one table take turns.
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { Statement } from '../sql/sql-ast.ts';
import type { ModelTransaction } from './model-transaction.ts';
import { countRelation } from './relation-size.ts';
import { describeVacuum, vacuumTable } from './vacuum.ts';

/** Runs `VACUUM [VERBOSE] [table, …]` for `session` in `own`, its transaction; returns the command tag. */
export function* vacuum(
  db: ModelDatabase,
  statement: Extract<Statement, { kind: 'vacuum' }>,
  session: string,
  own: ModelTransaction,
): Work<string> {
  // Without a list, every table of the database (vacuum.c's get_all_vacuum_rels).
  const tables =
    statement.tables.length === 0 ? [...db.tables.values()] : statement.tables.map((name) => db.table(name));
  if (!db.cleanUp) return 'VACUUM';
  for (const table of tables) {
    yield* lockRelation(db.relationLocks, table.def.name, own, 'SHARE UPDATE EXCLUSIVE');
    const report = vacuumTable(db, table, own);
    // vac_update_relstats: the planner now knows the table's size (relation-size.ts).
    countRelation(db, table);
    const description = `${session} runs ${describeVacuum(report)}.`;
    db.maintenance.push({ kind: 'vacuum', session, report, description });
    db.narrator?.record('vacuum', [session], description);
  }
  return 'VACUUM';
}
