/**
 * Pruning a heap page: taking out the row versions no transaction can see any more, as
 * PostgreSQL's src/backend/access/heap/pruneheap.c does (heap_page_prune_and_freeze), both
 * when a reader finds the page nearly full (heap_page_prune_opt, "opportunistic pruning") and
 * as the first thing VACUUM does to each page (vacuum.ts).
 *
 * Which versions are gone for good depends on the *horizon* (horizon.ts): the oldest
 * transaction id some snapshot still running might need. A version deleted or replaced by a
 * transaction that committed before the horizon is DEAD; one replaced after it is RECENTLY
 * DEAD and must stay, however old it looks, because a snapshot taken before that commit still
 * sees it. A version written by a transaction that aborted is dead at once.
 *
 * Pruning works chain by chain. A HOT chain (heap.ts) starts at a root, the version the index
 * points at, and continues through heap-only versions on the same page. When the chain's first
 * versions are dead, the heap-only ones among them become `unused` (nothing points at them),
 * and the root's line pointer becomes a `redirect` to the first version still needed: the
 * index keeps its entry, and it still leads to the row. When the whole chain is dead, the
 * root becomes `dead` (`unused` instead when VACUUM runs on a table without indexes, since no
 * index entry can point there). A dead line pointer costs 4 bytes and waits for VACUUM, which
 * must first remove the index entries that point to it (vacuum.ts). Pruning never touches the
 * indexes: that is what makes it cheap enough to do on the fly.
 */
import type { HeapTable, TupleVersion } from './heap.ts';
import type { TransactionTable } from './transaction-table.ts';
import { type VacuumState, vacuumState } from './visibility.ts';

/** What pruning one page did and found (PruneFreezeResult, reduced). */
export interface PruneCounts {
  /** Versions taken off the page by this pruning (ndeleted). */
  removed: number;
  /** Versions kept because a snapshot may still need them (recently_dead_tuples). */
  recentlyDead: number;
  /** Versions kept as live (live_tuples: live, and those whose deletion is in progress). */
  live: number;
  /** Offsets of the line pointers left dead, old and new: the index entries VACUUM must remove. */
  readonly deadItems: number[];
  /** The oldest transaction among the kept versions' deleters (the page's new pd_prune_xid). */
  oldestDeleter: number | null;
}

/**
 * heap_page_prune_and_freeze without the freezing: prunes one page against `horizon`.
 * `unusedNow` is VACUUM's mark_unused_now, true when the table has no index.
 */
export function prunePage(
  table: HeapTable,
  pageNumber: number,
  horizon: number,
  xacts: TransactionTable,
  unusedNow: boolean,
): PruneCounts {
  const counts: PruneCounts = { removed: 0, recentlyDead: 0, live: 0, deadItems: [], oldestDeleter: null };
  const page = table.page(pageNumber);
  if (page === undefined) return counts;
  const items = page.items;
  const state = new Map<number, VacuumState>();
  items.forEach((item, i) => {
    if (item.state === 'normal') state.set(i + 1, vacuumState(item.version, horizon, xacts));
  });
  const processed = new Set<number>();
  const changes = new Map<number, (typeof items)[number]>();
  const keep = (offset: number, version: TupleVersion) => {
    switch (state.get(offset)) {
      case 'recently-dead':
        counts.recentlyDead++;
        noteDeleter(counts, version.xmax);
        break;
      case 'delete-in-progress':
        counts.live++;
        noteDeleter(counts, version.xmax);
        break;
      case 'live':
        counts.live++;
        break;
      default:
        break; // insert in progress: counted by its transaction when it commits
    }
  };
  for (let root = 1; root <= items.length; root++) {
    const rootItem = items[root - 1];
    if (rootItem === undefined || rootItem.state === 'unused' || rootItem.state === 'dead') continue;
    if (rootItem.state === 'normal' && rootItem.version.heapOnly) continue; // reached from its root
    // Walk the chain: the versions from the root (or the redirect's target) on, in order.
    const chain: number[] = [];
    let offset = rootItem.state === 'redirect' ? rootItem.to : root;
    let priorXmax: number | null = null;
    let deadUpTo = 0; // chain[0 … deadUpTo-1] are dead
    for (;;) {
      const item = items[offset - 1];
      if (item === undefined || item.state !== 'normal' || processed.has(offset)) break;
      const version = item.version;
      if (offset !== root && !version.heapOnly) break;
      if (priorXmax !== null && version.xmin !== priorXmax) break;
      chain.push(offset);
      processed.add(offset);
      const status = state.get(offset);
      if (status === 'dead') deadUpTo = chain.length;
      else if (status !== 'recently-dead') break;
      const next = version.next;
      // HeapTupleHeaderIsHotUpdated: the successor is a heap-only version on this page.
      if (next === null || !next.heapOnly || next.tid.page !== pageNumber) break;
      if (xacts.statusOf(version.xmin) === 'aborted') break;
      priorXmax = version.xmax;
      offset = next.tid.offset;
    }
    const versionAt = (at: number) => (items[at - 1] as { readonly version: TupleVersion }).version;
    const rootIsNormal = rootItem.state === 'normal';
    if (deadUpTo === 0) {
      for (const member of chain) keep(member, versionAt(member));
    } else if (deadUpTo === chain.length) {
      // The whole chain is dead: the root's line pointer dies, the heap-only members are freed.
      changes.set(root, unusedNow ? { state: 'unused' } : { state: 'dead' });
      if (!unusedNow) counts.deadItems.push(root);
      if (rootIsNormal) counts.removed++;
      for (const member of chain) {
        if (member === root) continue;
        changes.set(member, { state: 'unused' });
        counts.removed++;
      }
    } else {
      // Redirect the root to the first version still needed; free the dead ones before it.
      changes.set(root, { state: 'redirect', to: chain[deadUpTo] as number });
      if (rootIsNormal) counts.removed++;
      for (let i = 0; i < deadUpTo; i++) {
        const member = chain[i] as number;
        if (member === root) continue;
        changes.set(member, { state: 'unused' });
        counts.removed++;
      }
      for (let i = deadUpTo; i < chain.length; i++) keep(chain[i] as number, versionAt(chain[i] as number));
    }
  }
  // Heap-only versions no chain reached: a dead one (its inserter aborted) is freed.
  for (let offset = 1; offset <= items.length; offset++) {
    const item = items[offset - 1];
    if (item?.state !== 'normal' || processed.has(offset) || !item.version.heapOnly) continue;
    if (state.get(offset) === 'dead') {
      changes.set(offset, { state: 'unused' });
      counts.removed++;
    } else keep(offset, item.version);
  }
  for (const [offset, item] of changes) items[offset - 1] = item;
  // Line pointers already dead before this pruning still wait for VACUUM.
  items.forEach((item, i) => {
    if (item.state === 'dead' && !counts.deadItems.includes(i + 1)) counts.deadItems.push(i + 1);
  });
  counts.deadItems.sort((a, b) => a - b);
  page.pruneXid = counts.oldestDeleter;
  page.full = false;
  return counts;
}

function noteDeleter(counts: PruneCounts, xid: number | null): void {
  if (xid !== null && (counts.oldestDeleter === null || xid < counts.oldestDeleter))
    counts.oldestDeleter = xid;
}

/** The room a reader wants on a page before it bothers to prune (heap_page_prune_opt: BLCKSZ / 10). */
export const pruneWhenFreeBelow = 8192 / 10;

/**
 * heap_page_prune_opt: before reading a page, prune it if a deleter noted on it (pd_prune_xid)
 * is older than the horizon and the page is full or has less than a tenth free. Returns the
 * counts when it pruned, null when it left the page alone.
 */
export function prunePageIfWorthIt(
  table: HeapTable,
  pageNumber: number,
  horizon: number,
  xacts: TransactionTable,
): PruneCounts | null {
  const page = table.page(pageNumber);
  if (page === undefined || page.pruneXid === null || page.pruneXid >= horizon) return null;
  if (!page.full && table.freeSpace(pageNumber) >= pruneWhenFreeBelow) return null;
  return prunePage(table, pageNumber, horizon, xacts, false);
}
