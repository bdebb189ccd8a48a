/**
 * PostgreSQL's side of the x-ray: the keys go into a real table with a B-tree index in
 * PGlite, and the index's pages are read back with `pageinspect`:
 *
 * - `bt_metap(index)`: the metapage (block 0), whose `level` is the root's level, so the
 *   tree has `level + 1` levels;
 * - `bt_multi_page_stats(index, 1, -1)`: every other page, with its type (`l` leaf, `i`
 *   internal, `r` root), live items, free bytes and right-link (`btpo_next`);
 * - `bt_page_items(index, block)`: the items of one page.
 *
 * On every page but the rightmost of its level, item 1 is the "high key", an upper bound
 * for the page (Lehman & Yao), not an entry; the averages below leave it out. Fill is in
 * bytes: used over usable, where usable is the page less its 24-byte header and 16-byte
 * special space (see page-sizing.ts).
 */
import type { PGlite } from '@electric-sql/pglite';
import { btreeSpecialBytes, pageHeaderBytes } from '../tree/page-sizing.ts';
import type { IndexShape } from './index-shape.ts';

export const xrayTable = 'dbplay_xray';
export const xrayIndex = 'dbplay_xray_k';

/** Creates the table and its index, and inserts `keys` in the order given, in batches. */
export async function loadPostgres(db: PGlite, keys: readonly number[]): Promise<void> {
  await db.exec(
    `drop table if exists ${xrayTable}; create table ${xrayTable} (k int4 not null); create index ${xrayIndex} on ${xrayTable} (k);`,
  );
  const batch = 10_000;
  for (let start = 0; start < keys.length; start += batch) {
    // unnest hands out the array's elements in order, so rows are inserted in key order given.
    await db.query(`insert into ${xrayTable} (k) select unnest($1::int4[])`, [
      keys.slice(start, start + batch),
    ]);
  }
}

interface PageStats {
  blkno: number;
  type: string;
  live_items: number;
  free_size: number;
  page_size: number;
  btpo_next: number;
  btpo_level: number;
}

export interface PostgresShape extends IndexShape {
  /** The root's block number and level, from `bt_metap`. */
  readonly rootBlock: number;
  readonly rootLevel: number;
  /** Blocks 1 to `pages` hold the index's pages (block 0 is the metapage). */
  readonly pages: number;
}

export async function postgresShape(db: PGlite): Promise<PostgresShape> {
  const meta = await db.query<{ root: number; level: number }>(
    `select root, level from bt_metap('${xrayIndex}')`,
  );
  const stats = await db.query<PageStats>(
    `select blkno, type, live_items, free_size, page_size, btpo_next, btpo_level from bt_multi_page_stats('${xrayIndex}', 1, -1)`,
  );
  const root = meta.rows[0];
  if (root === undefined) throw new Error('bt_metap returned no row');
  const pages = stats.rows;
  const leaves = pages.filter((page) => page.type === 'l');
  const internal = pages.filter((page) => page.type === 'i' || page.type === 'r');
  let used = 0;
  let usable = 0;
  let items = 0;
  let tuples = 0;
  for (const page of leaves) {
    const room = page.page_size - pageHeaderBytes - btreeSpecialBytes;
    usable += room;
    used += room - page.free_size;
    items += page.live_items - (Number(page.btpo_next) === 0 ? 0 : 1);
    tuples += page.live_items;
  }
  return {
    height: root.level + 1,
    leafPages: leaves.length,
    internalPages: internal.length,
    avgLeafFill: usable === 0 ? 0 : used / usable,
    fillMeasure: 'bytes',
    avgLeafItems: leaves.length === 0 ? 0 : items / leaves.length,
    avgEntryBytes: tuples === 0 ? 0 : used / tuples,
    pageSize: pages[0]?.page_size ?? 8192,
    source: `pageinspect: bt_metap('${xrayIndex}'), bt_multi_page_stats('${xrayIndex}', 1, -1)`,
    rootBlock: root.root,
    rootLevel: root.level,
    pages: pages.length,
  };
}
