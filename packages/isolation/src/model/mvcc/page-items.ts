/**
 * A heap page's line pointers as pageinspect's heap_page_items shows them
 * (contrib/pageinspect/heapfuncs.c): what a learner compares with the real PostgreSQL, item by
 * item, after the same history (`select lp, lp_flags, lp_off, t_xmin, t_xmax, t_ctid from
 * heap_page_items(get_raw_page('t', 0))`).
 */
import { formatTid, type HeapTable } from './heap.ts';

export interface PageItem {
  readonly lp: number;
  /** 0 unused, 1 normal, 2 redirect, 3 dead (LP_UNUSED … LP_DEAD in itemid.h). */
  readonly lpFlags: 0 | 1 | 2 | 3;
  /** A redirect's target offset (heap_page_items shows it as lp_off); null otherwise. */
  readonly redirectTo: number | null;
  /** Null unless the line pointer holds a version. */
  readonly xmin: number | null;
  /** 0 when no transaction deleted, replaced or locked the version. */
  readonly xmax: number | null;
  /** The version itself, or its successor's ctid once updated: `(0,2)`. */
  readonly ctid: string | null;
}

export function pageItems(table: HeapTable, page: number): PageItem[] {
  return (table.page(page)?.items ?? []).map((item, i): PageItem => {
    const lp = i + 1;
    switch (item.state) {
      case 'unused':
        return { lp, lpFlags: 0, redirectTo: null, xmin: null, xmax: null, ctid: null };
      case 'dead':
        return { lp, lpFlags: 3, redirectTo: null, xmin: null, xmax: null, ctid: null };
      case 'redirect':
        return { lp, lpFlags: 2, redirectTo: item.to, xmin: null, xmax: null, ctid: null };
      default: {
        const version = item.version;
        return {
          lp,
          lpFlags: 1,
          redirectTo: null,
          xmin: version.xmin,
          // A row lock alone also sets t_xmax (HEAP_XMAX_LOCK_ONLY), and stays after its locker
          // ends; several lockers share a MultiXactId, which the model does not number.
          xmax: version.xmax ?? (version.lockers.length === 1 ? (version.lockers[0]?.xid ?? 0) : 0),
          ctid: formatTid(version.next?.tid ?? version.tid),
        };
      }
    }
  });
}
