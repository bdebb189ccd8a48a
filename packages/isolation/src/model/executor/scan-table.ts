/**
 * Reading a table's rows along an access path (choose-access-path.ts), as PostgreSQL's scans
 * do, with the SIREAD locks and conflict checks serializable snapshot isolation adds to them:
 *
 * - Seq Scan (heapam.c, heap_beginscan and heap_prepare_pagescan): a SIREAD lock on the whole
 *   relation; then page by page, the visibility of every version on the page is decided at
 *   once, each checked for a conflict out to the transaction that wrote or replaced it;
 * - Index Scan (nbtsearch.c, then heap_hot_search_buffer): a SIREAD lock on the index page
 *   searched, then for each matching entry the heap-only-tuple chain is followed until a
 *   visible version, which gets a tuple SIREAD lock;
 * - Bitmap Heap Scan: the same index page lock, then the matching chains in physical order.
 *
 * The scans are lazy (generators), so that an UPDATE interleaves reading and writing as the
 * executor does, one row at a time.
 */

import type { Value } from '../../run/outcome.ts';
import type { HeapTable, IndexEntry, TupleVersion } from '../mvcc/heap.ts';
import { pruneOnRead } from '../mvcc/prune-on-read.ts';
import { isVisible, type Viewer } from '../mvcc/visibility.ts';
import type { AccessPath } from './choose-access-path.ts';
import type { StatementContext } from './statement-context.ts';

export function* scanTable(
  context: StatementContext,
  table: HeapTable,
  path: AccessPath,
  viewer: Viewer,
): Generator<TupleVersion> {
  const { db, xact } = context;
  if (path.kind === 'seq-scan') {
    db.ssi.lock(xact, { kind: 'relation', relation: table.def.name });
    const pages = table.pageCount;
    for (let page = 0; page < pages; page++) {
      db.ssi.checkDoomedForRead(xact);
      pruneOnRead(db, table, page, xact.session);
      const visible: TupleVersion[] = [];
      // The page's normal line pointers, in offset order (pageVersions, without a list made for it).
      for (const item of table.page(page)?.items ?? []) {
        if (item.state !== 'normal') continue;
        const version = item.version;
        const sees = isVisible(version, viewer, db.xacts);
        db.ssi.checkConflictOut(xact, viewer, version, sees);
        if (sees) visible.push(version);
      }
      yield* visible;
    }
    return;
  }
  const index = table.indexes.find((candidate) => candidate.name === path.index);
  if (index === undefined) return;
  // The SIREAD lock on what the search read: the index page (a B-tree's one leaf, each looked-up
  // key's hash bucket); an index that has never had an entry has no such page yet, and
  // _bt_first locks the whole relation.
  const keys = path.keys ?? null;
  if (index.method === 'hash' && keys !== null) {
    for (const page of new Set(keys.map((key) => index.pageOf(key))))
      db.ssi.lock(xact, { kind: 'page', relation: index.name, page });
  } else {
    db.ssi.lock(
      xact,
      index.entries.length === 0 && index.method === 'btree'
        ? { kind: 'relation', relation: index.name }
        : { kind: 'page', relation: index.name, page: 1 },
    );
  }
  if (path.kind === 'index-scan') {
    const { matches } = path;
    const entries =
      path.keys === null
        ? (path.descending ? [...index.entries].reverse() : [...index.entries]).filter(
            (entry) => matches === undefined || matches(entry.key),
          )
        : entriesWithKeys(index.entries, path.keys);
    let lastPage: number | null = null;
    for (const entry of entries) {
      // heapam_index_fetch_tuple prunes each heap page it moves to.
      if (entry.version.tid.page !== lastPage) {
        lastPage = entry.version.tid.page;
        pruneOnRead(db, table, lastPage, xact.session);
      }
      const found = followChain(context, entry.version, viewer);
      if (found !== null) yield found;
    }
    return;
  }
  const roots = index.entries
    .filter((entry) => path.matches(entry.key))
    .map((entry) => entry.version)
    .sort((a, b) => a.tid.page - b.tid.page || a.tid.offset - b.tid.offset);
  for (let i = 0; i < roots.length; ) {
    const page = roots[i]?.tid.page;
    if (page !== undefined) pruneOnRead(db, table, page, xact.session);
    const visible: TupleVersion[] = [];
    for (; i < roots.length && roots[i]?.tid.page === page; i++) {
      const found = followChain(context, roots[i] as TupleVersion, viewer);
      if (found !== null) visible.push(found);
    }
    yield* visible;
  }
}

/** heap_hot_search_buffer: the visible version of a heap-only-tuple chain, or null. */
function followChain(context: StatementContext, root: TupleVersion, viewer: Viewer): TupleVersion | null {
  const { db, xact } = context;
  for (let version = db.table(root.table).chainStart(root); version !== null; ) {
    const sees = isVisible(version, viewer, db.xacts);
    db.ssi.checkConflictOut(xact, viewer, version, sees);
    if (sees) {
      db.ssi.lock(
        xact,
        { kind: 'tuple', relation: version.table, page: version.tid.page, offset: version.tid.offset },
        version.xmin,
        xact.xid,
      );
      return version;
    }
    version = version.next?.heapOnly ? version.next : null;
  }
  return null;
}

/** The entries whose key is one of `keys`, key by key, each in the index's order (plain loops: every lookup by key runs this). */
function entriesWithKeys(entries: readonly IndexEntry[], keys: readonly (readonly Value[])[]): IndexEntry[] {
  const found: IndexEntry[] = [];
  for (const key of keys) {
    for (const entry of entries) {
      let equal = true;
      for (let i = 0; i < entry.key.length; i++) {
        if (entry.key[i] !== key[i]) {
          equal = false;
          break;
        }
      }
      if (equal) found.push(entry);
    }
  }
  return found;
}
