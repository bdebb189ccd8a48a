/**
 * Opportunistic pruning: a reader that is about to read a heap page prunes it first when that
 * is worth it, as heap_page_prune_opt does in PostgreSQL (src/backend/access/heap/pruneheap.c),
 * called by sequential scans for every page (heap_prepare_pagescan) and by index scans for
 * every heap page they move to (heapam_index_fetch_tuple).
 *
 * It is worth it when the page notes a deleter older than the removal horizon (pd_prune_xid)
 * and the page is full, or has less than a tenth of its 8 kB free. Pruning needs the page's
 * cleanup lock, which PostgreSQL only tries for (ConditionalLockBufferForCleanup): any other
 * backend pinning the page makes it give up. The model gives up whenever another session has
 * a statement in progress, since a statement waiting for a row lock keeps its page pinned.
 *
 * This is why a table updated over and over by short transactions stays small without VACUUM:
 * each page cleans itself as it fills. The index is not touched; dead line pointers wait for
 * VACUUM.
 */
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable } from './heap.ts';
import { removalHorizon } from './horizon.ts';
import { type PruneCounts, prunePageIfWorthIt } from './prune-page.ts';

export interface PruneReport {
  readonly table: string;
  readonly page: number;
  readonly horizon: number;
  readonly counts: PruneCounts;
}

/** Called by a scan before it reads `page`: prunes it if heap_page_prune_opt would. */
export function pruneOnRead(db: ModelDatabase, table: HeapTable, page: number, session: string): void {
  const hints = table.page(page);
  if (!db.cleanUp || hints === undefined || hints.pruneXid === null) return;
  for (const other of db.runningStatements) if (other !== session) return;
  const horizon = removalHorizon(db).xid;
  const counts = prunePageIfWorthIt(table, page, horizon, db.xacts);
  if (counts === null) return;
  const report: PruneReport = { table: table.def.name, page, horizon, counts };
  const description = describePrune(session, report);
  db.maintenance.push({ kind: 'prune', session, report, description });
  db.narrator?.record('prune', [session], description);
}

export function describePrune(session: string, report: PruneReport): string {
  const { counts } = report;
  return `${session} finds page ${report.page} of ${report.table} nearly full, with a deleter older than every snapshot still running (horizon ${report.horizon}), and prunes it before reading: ${counts.removed} dead version${counts.removed === 1 ? '' : 's'} removed, ${counts.recentlyDead} kept for snapshots that may still see them; ${counts.deadItems.length} dead line pointer${counts.deadItems.length === 1 ? '' : 's'} wait for VACUUM to clean the index.`;
}
