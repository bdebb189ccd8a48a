/**
 * A picture of the model's internals at one moment (model-step.ts says what is in it), taken
 * for each traced step. Only built when a tracer is attached.
 */

import { describeMode } from '../executor/row-operations.ts';
import { describeTwoPhaseLock } from '../locks/acquire-two-phase-lock.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { ModelSession } from '../model-session.ts';
import { formatTid, type HeapTable } from '../mvcc/heap.ts';
import { pageItems } from '../mvcc/page-items.ts';
import { isVisible, type Viewer } from '../mvcc/visibility.ts';
import type { ModelInternals, SessionInternals, TableInternals, VersionInternals } from './model-step.ts';

export interface SessionView {
  readonly session: ModelSession;
  /** What its statement waits for, in words, and whom; null when it does not wait. */
  readonly waiting: { readonly reason: string; readonly holders: readonly string[] } | null;
}

export function captureInternals(db: ModelDatabase, sessions: readonly SessionView[]): ModelInternals {
  const viewers = sessions.flatMap(({ session }) => {
    const xact = session.xact;
    if (xact === null || xact.status !== 'active' || xact.snapshot === null) return [];
    const viewer: Viewer = {
      xid: xact.xid,
      cid: xact.cid + 1,
      snapshot: xact.snapshot,
      dirty: xact.dirtyReads,
    };
    return [{ session: session.name, viewer }];
  });
  const who = (xid: number) => db.xacts.sessionOf(xid);
  const tables: TableInternals[] = [...db.tables.values()].map((table) => ({
    ...maintenanceOf(db, table),
    table: table.def.name,
    columns: table.def.columns.map((column) => column.name),
    versions: [...table.versions()].map(
      (version): VersionInternals => ({
        id: `v${version.id}`,
        tid: formatTid(version.tid),
        values: version.values,
        xmin: version.xmin,
        createdBy: who(version.xmin),
        xminStatus: db.xacts.statusOf(version.xmin),
        xmax: version.xmax,
        deletedBy: version.xmax === null ? null : who(version.xmax),
        xmaxStatus: version.xmax === null ? null : db.xacts.statusOf(version.xmax),
        ending: version.ending === null ? null : version.ending === 'update' ? 'updated' : 'deleted',
        locks: version.lockers
          .filter((lock) => db.xacts.isRunning(lock.xid))
          .map((lock) => `${who(lock.xid)} ${describeMode(lock.mode)}`),
        visibleTo: viewers
          .filter(({ viewer }) => isVisible(version, viewer, db.xacts))
          .map(({ session }) => session),
      }),
    ),
    index:
      table.index === null
        ? null
        : {
            name: table.index.name,
            entries: table.index.entries.map((entry) => ({
              key: entry.key.map(String).join(', '),
              tid: formatTid(entry.version.tid),
            })),
          },
  }));
  const sessionInternals: SessionInternals[] = sessions.map(({ session, waiting }) => {
    const xact = session.xact;
    return {
      session: session.name,
      state: session.block,
      isolation:
        xact === null ? null : xact.usesTwoPhaseLocking ? 'serializable (two-phase locking)' : xact.isolation,
      xid: xact?.xid ?? null,
      snapshot: xact?.snapshot ?? null,
      waiting: waiting?.reason ?? null,
    };
  });
  const rowLocks: { table: string; tid: string; holder: string; mode: string }[] = [];
  for (const table of db.tables.values()) {
    for (const version of table.versions()) {
      if (version.xmax !== null && db.xacts.isRunning(version.xmax)) {
        rowLocks.push({
          table: table.def.name,
          tid: formatTid(version.tid),
          holder: who(version.xmax),
          mode:
            version.ending === 'delete'
              ? 'its DELETE, in FOR UPDATE mode'
              : version.ending === 'moved'
                ? 'its UPDATE moving the row to another partition, in FOR UPDATE mode'
                : version.keysUpdated
                  ? 'its UPDATE of the key, in FOR UPDATE mode'
                  : 'its UPDATE, in FOR NO KEY UPDATE mode',
        });
      }
      for (const lock of version.lockers) {
        if (db.xacts.isRunning(lock.xid)) {
          rowLocks.push({
            table: table.def.name,
            tid: formatTid(version.tid),
            holder: who(lock.xid),
            mode: describeMode(lock.mode),
          });
        }
      }
    }
  }
  const conflicts = db.ssi.conflicts();
  const pivots: { tin: string; pivot: string; tout: string }[] = [];
  for (const { reader: tin, writer: pivot } of conflicts) {
    for (const { reader, writer: tout } of conflicts) {
      if (reader === pivot) pivots.push({ tin: tin.session, pivot: pivot.session, tout: tout.session });
    }
  }
  return {
    tables,
    sessions: sessionInternals,
    rowLocks,
    waitsFor: sessions.flatMap(({ session, waiting }) =>
      waiting === null ? [] : [{ waiter: session.name, holders: waiting.holders, reason: waiting.reason }],
    ),
    sireadLocks: db.ssi.locks
      .all()
      .flatMap(({ target, holders }) => holders.map((holder) => ({ holder: holder.session, target }))),
    rwConflicts: conflicts.map(({ reader, writer }) => ({ reader: reader.session, writer: writer.session })),
    pivots,
    twoPhaseLocks: db.twoPhase
      .all()
      .map((lock) => ({ holder: lock.owner, lock: describeTwoPhaseLock(lock) })),
    transactions: db.xacts
      .all()
      .map((record) => ({ xid: record.xid, session: record.session, status: record.status })),
  };
}

/** What pruning and VACUUM left in the table: its freed line pointers and its last clean-up. */
function maintenanceOf(
  db: ModelDatabase,
  table: HeapTable,
): Pick<TableInternals, 'linePointers' | 'maintenance'> {
  const linePointers: string[] = [];
  for (let page = 0; page < table.pageCount; page++) {
    for (const item of pageItems(table, page)) {
      const tid = formatTid({ page, offset: item.lp });
      if (item.lpFlags === 2)
        linePointers.push(`${tid} redirect to ${formatTid({ page, offset: item.redirectTo ?? 0 })}`);
      else if (item.lpFlags === 3) linePointers.push(`${tid} dead`);
      else if (item.lpFlags === 0) linePointers.push(`${tid} unused`);
    }
  }
  const last = db.maintenance.findLast((event) => event.report.table === table.def.name);
  return {
    ...(linePointers.length > 0 ? { linePointers } : {}),
    ...(last === undefined ? {} : { maintenance: last.description }),
  };
}
