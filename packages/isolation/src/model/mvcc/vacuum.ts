/**
 * VACUUM: giving the room of dead row versions back, as PostgreSQL's lazy VACUUM does
 * (src/backend/access/heap/vacuumlazy.c, heap_vacuum_rel), in its three passes:
 *
 * 1. every page is pruned (prune-page.ts) against the removal horizon (horizon.ts): dead
 *    heap-only versions are freed, HOT chains redirected, and every other dead version leaves a
 *    `dead` line pointer behind, because an index entry may still point at it;
 * 2. the indexes are scanned and every entry pointing at a dead line pointer is deleted
 *    (ambulkdelete; btvacuumscan for the B-tree);
 * 3. the dead line pointers, now unreferenced, become `unused`, and unused ones at the end of
 *    a page's array are cut off, all but the first (lazy_vacuum_heap_page,
 *    PageTruncateLinePointerArray).
 *
 * Then empty pages at the end of the table are given back to the operating system
 * (lazy_truncate_heap), if there are enough of them (at least 1,000, or a sixteenth of the
 * table) and VACUUM can take the table's ACCESS EXCLUSIVE lock without waiting: any
 * transaction still open that has used the table holds a lock that stops it.
 *
 * What stays is reported as VACUUM VERBOSE does: "tuples: N removed, M remain, K are dead but
 * not yet removable". The last figure is the xmin horizon at work: versions that died after
 * the oldest snapshot still running began.
 *
 * PostgreSQL also skips the index pass when fewer than 2% of the pages have dead line
 * pointers (BYPASS_THRESHOLD_PAGES), leaving them for the next VACUUM; the model does the
 * same. It does not freeze (no transaction in a scenario is old enough), keep a visibility map
 * or a free space map, or ever wait for a page another backend has pinned.
 */
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable } from './heap.ts';
import { type Horizon, removalHorizon } from './horizon.ts';
import type { ModelTransaction } from './model-transaction.ts';
import { prunePage } from './prune-page.ts';

export interface VacuumReport {
  readonly table: string;
  readonly horizon: Horizon;
  /** Versions removed by this VACUUM's pruning. */
  readonly removed: number;
  /** Versions left: live ones and those a snapshot may still need. */
  readonly remain: number;
  /** Dead versions kept because the horizon is older than their deleter (RECENTLY_DEAD). */
  readonly recentlyDead: number;
  /** Index entries deleted (pointing at dead line pointers). */
  readonly indexEntriesRemoved: number;
  /** Dead line pointers left for a later VACUUM because the index pass was bypassed. */
  readonly deadItemsLeft: number;
  readonly pagesRemoved: number;
  readonly pagesRemain: number;
  /** Why the empty pages at the end were not truncated, when there were some. */
  readonly truncationSkipped: string | null;
}

/** Fewer pages with dead line pointers than this share of the table: skip the index pass. */
const bypassThresholdPages = 0.02;

/** heap_vacuum_rel for one table, in VACUUM's own transaction `own` (vacuum-statement.ts). */
export function vacuumTable(db: ModelDatabase, table: HeapTable, own: ModelTransaction): VacuumReport {
  const session = own.session;
  const horizon = removalHorizon(db, session);
  const unusedNow = table.indexes.length === 0;
  let removed = 0;
  let live = 0;
  let recentlyDead = 0;
  const deadItems: { page: number; offsets: number[] }[] = [];
  for (let page = 0; page < table.pageCount; page++) {
    const counts = prunePage(table, page, horizon.xid, db.xacts, unusedNow);
    removed += counts.removed;
    live += counts.live;
    recentlyDead += counts.recentlyDead;
    if (counts.deadItems.length > 0) deadItems.push({ page, offsets: counts.deadItems });
  }
  let indexEntriesRemoved = 0;
  let deadItemsLeft = 0;
  const bypass = deadItems.length < table.pageCount * bypassThresholdPages;
  if (table.indexes.length > 0 && deadItems.length > 0 && bypass) {
    deadItemsLeft = deadItems.reduce((sum, page) => sum + page.offsets.length, 0);
  } else if (deadItems.length > 0) {
    const dead = new Set(
      deadItems.flatMap(({ page, offsets }) => offsets.map((offset) => `${page},${offset}`)),
    );
    for (const { entries } of table.indexes) {
      for (let i = entries.length - 1; i >= 0; i--) {
        const tid = entries[i]?.version.tid;
        if (tid !== undefined && dead.has(`${tid.page},${tid.offset}`)) {
          entries.splice(i, 1);
          indexEntriesRemoved++;
        }
      }
    }
    for (const { page, offsets } of deadItems) {
      const items = table.page(page)?.items;
      if (items === undefined) continue;
      for (const offset of offsets) items[offset - 1] = { state: 'unused' };
      // PageTruncateLinePointerArray never removes the first line pointer.
      while (items.length > 1 && items[items.length - 1]?.state === 'unused') items.pop();
    }
  }
  const pagesBefore = table.pageCount;
  let nonEmpty = 0;
  for (let page = 0; page < pagesBefore; page++) {
    if (table.page(page)?.items.some((item) => item.state !== 'unused')) nonEmpty = page + 1;
  }
  const freeable = pagesBefore - nonEmpty;
  let truncationSkipped: string | null = null;
  if (freeable > 0) {
    // lazy_truncate_heap's ConditionalLockRelation: every open transaction that has used the
    // table holds a lock that conflicts with ACCESS EXCLUSIVE. PostgreSQL retries for 5 s, then
    // gives up; nothing else runs in the model meanwhile, so it gives up at once.
    const lockHolder = db.relationLocks.blockers(table.def.name, own, 'ACCESS EXCLUSIVE')[0]?.session ?? null;
    if (freeable < 1000 && freeable < pagesBefore / 16) {
      truncationSkipped = `${freeable} empty page${freeable === 1 ? '' : 's'} at the end: fewer than 1,000 and than a sixteenth of the table`;
    } else if (lockHolder !== null) {
      truncationSkipped = `${lockHolder} holds a lock on the table, so VACUUM cannot take the ACCESS EXCLUSIVE lock truncation needs`;
    } else {
      table.truncate(nonEmpty);
    }
  }
  return {
    table: table.def.name,
    horizon,
    removed,
    remain: live + recentlyDead,
    recentlyDead,
    indexEntriesRemoved,
    deadItemsLeft,
    pagesRemoved: pagesBefore - table.pageCount,
    pagesRemain: table.pageCount,
    truncationSkipped,
  };
}

/** The report in VACUUM VERBOSE's words, for narration and drawings. */
export function describeVacuum(report: VacuumReport): string {
  const held =
    report.horizon.heldBy === null
      ? 'no running transaction holds the horizon back'
      : report.horizon.heldBy.by === 'snapshot'
        ? `${report.horizon.heldBy.session}'s snapshot (xmin ${report.horizon.heldBy.xid}) holds it back`
        : `${report.horizon.heldBy.session}'s running transaction ${report.horizon.heldBy.xid} holds it back`;
  const parts = [
    `VACUUM ${report.table}: removable cutoff ${report.horizon.xid} (${held})`,
    `tuples: ${report.removed} removed, ${report.remain} remain, ${report.recentlyDead} are dead but not yet removable`,
    `index entries removed: ${report.indexEntriesRemoved}`,
    `pages: ${report.pagesRemoved} removed, ${report.pagesRemain} remain`,
  ];
  if (report.deadItemsLeft > 0)
    parts.push(
      `${report.deadItemsLeft} dead line pointer${report.deadItemsLeft === 1 ? '' : 's'} left: fewer than 2% of the pages have any, so the index pass was skipped`,
    );
  if (report.truncationSkipped !== null) parts.push(`not truncated: ${report.truncationSkipped}`);
  return parts.join('; ');
}
