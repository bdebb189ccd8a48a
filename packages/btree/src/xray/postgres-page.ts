/**
 * One real PostgreSQL index page, item by item (`bt_page_items`), so a learner sees what a
 * B-tree page holds: the high key, then entries pointing at heap rows (a leaf), or
 * separator keys with downlinks to child pages (an internal page), the first of which has
 * no key at all and stands for "minus infinity" (src/backend/access/nbtree/README).
 */
import { BadInputError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';
import { xrayIndex } from './postgres-shape.ts';

export interface PageItem {
  /** The item's number on the page (its line pointer), from 1. */
  readonly offset: number;
  /** For an entry, the heap row; for a downlink, `(child block, …)`. */
  readonly ctid: string;
  readonly length: number;
  /** The int4 key decoded from the item's bytes; null for a downlink with no key (−∞). */
  readonly key: number | null;
  readonly role: 'high key' | 'entry' | 'downlink';
  /** What the item means, in words. */
  readonly meaning: string;
}

export interface PostgresPage {
  readonly block: number;
  readonly type: 'leaf' | 'internal' | 'root';
  readonly level: number;
  /** The right sibling's block, or null on the rightmost page of its level. */
  readonly rightLink: number | null;
  readonly items: readonly PageItem[];
}

interface ItemRow {
  itemoffset: number;
  ctid: string;
  itemlen: number;
  data: string;
}

/** Decodes the little-endian int4 at the start of an item's data (`'e8 03 00 00 …'`). */
function decodeInt4(data: string): number | null {
  const bytes =
    data.trim() === ''
      ? []
      : data
          .trim()
          .split(/\s+/)
          .map((byte) => Number.parseInt(byte, 16));
  if (bytes.length < 4) return null;
  return new DataView(Uint8Array.from(bytes.slice(0, 4)).buffer).getInt32(0, true);
}

function childBlock(ctid: string): string {
  return ctid.replace(/^\((\d+),.*$/, '$1');
}

export async function postgresPage(db: PGlite, block: number, pages: number): Promise<PostgresPage> {
  if (!Number.isInteger(block) || block < 1 || block > pages) {
    throw new BadInputError(
      `--show-page ${block}: the index has pages 1 to ${pages} (block 0 is the metapage, not a B-tree page)`,
    );
  }
  const stats = await db.query<{ type: string; btpo_next: number; btpo_level: number }>(
    `select type, btpo_next, btpo_level from bt_page_stats('${xrayIndex}', ${block})`,
  );
  const page = stats.rows[0];
  if (page === undefined) throw new Error(`bt_page_stats returned no row for block ${block}`);
  const rows = await db.query<ItemRow>(
    `select itemoffset, ctid::text as ctid, itemlen, data from bt_page_items('${xrayIndex}', ${block})`,
  );
  const rightmost = Number(page.btpo_next) === 0;
  const leaf = page.type === 'l';
  const items = rows.rows.map((row): PageItem => {
    const key = decodeInt4(row.data);
    const base = { offset: row.itemoffset, ctid: row.ctid, length: row.itemlen, key };
    if (row.itemoffset === 1 && !rightmost) {
      return {
        ...base,
        role: 'high key',
        meaning: `high key: every key on this page is < ${key ?? '?'}; the right sibling is block ${page.btpo_next}`,
      };
    }
    if (leaf) return { ...base, role: 'entry', meaning: `key ${key} is in the heap row at ${row.ctid}` };
    return {
      ...base,
      role: 'downlink',
      meaning:
        key === null
          ? `keys below the next separator are in block ${childBlock(row.ctid)} (no key: minus infinity)`
          : `keys ≥ ${key} are in block ${childBlock(row.ctid)}`,
    };
  });
  return {
    block,
    type: leaf ? 'leaf' : page.type === 'r' ? 'root' : 'internal',
    level: page.btpo_level,
    rightLink: rightmost ? null : Number(page.btpo_next),
    items,
  };
}
