/**
 * Why the three trees differ: a few sentences built from the figures just measured, for
 * the insert order used. The reasons are the engines' split and balance rules:
 *
 * - the toy tree splits every full node 50/50, the textbook rule;
 * - PostgreSQL splits 50/50 too, except the rightmost page of a level, where the left half
 *   keeps 90% (the leaf fillfactor; `_bt_findsplitloc` in
 *   src/backend/access/nbtree/nbtsplitloc.c), betting that keys keep ascending;
 * - SQLite's `balance_nonroot` (src/btree.c) redistributes the cells of up to three
 *   neighbouring pages whenever one overflows, so pages stay fuller than after a split;
 * - both engines leave descending keys' pages about half full, since the new keys keep
 *   going to the left half of each split and the right half is never touched again.
 */

import { formatCount } from '@dbplay/core';
import type { IndexShape } from './index-shape.ts';
import type { InsertOrder } from './insert-order.ts';

const percent = (fill: number): string => `${(fill * 100).toFixed(1)}%`;

export interface ShapesToExplain {
  readonly n: number;
  readonly insertOrder: InsertOrder;
  readonly toy: IndexShape;
  readonly postgres: IndexShape;
  readonly sqlite: IndexShape & { readonly interiorEntries: number };
}

export function explainShapes({ n, insertOrder, toy, postgres, sqlite }: ShapesToExplain): string[] {
  const notes: string[] = [];
  const fills = `toy ${percent(toy.avgLeafFill)}, PostgreSQL ${percent(postgres.avgLeafFill)}, SQLite ${percent(sqlite.avgLeafFill)}`;
  if (toy.leafPages === 1 && postgres.leafPages === 1 && sqlite.leafPages === 1) {
    // Nothing split, so no split rule has shaped the leaves yet: the fill is just n over a page's room.
    notes.push(
      `${formatCount(n)} keys fit in a single leaf page in every tree, so nothing has split yet and each fill is simply the keys over what one page holds (${fills}); the split rules show once leaves overflow: try --n 10000.`,
    );
  } else if (insertOrder === 'sequential') {
    notes.push(
      `Ascending keys always go to the rightmost leaf. The toy tree splits it 50/50, so every leaf it leaves behind stays about half full; PostgreSQL splits the rightmost page so that the left page keeps 90% (its leaf fillfactor), so ascending keys leave its leaves nearly full; SQLite's balance_nonroot shares cells among up to three siblings, packing the left ones (${fills}).`,
    );
  } else if (insertOrder === 'random') {
    notes.push(
      `Random keys split leaves anywhere, and a leaf split 50/50 fills again only slowly, so trees that split 50/50 (the toy tree, and PostgreSQL, whose 90% rule is for the rightmost page only) average about ln 2 ≈ 69% full in the long run, more or less at a given moment as leaves fill and split in waves. SQLite's balance_nonroot redistributes cells among three siblings whenever one overflows, which keeps its pages fuller (${fills}).`,
    );
  } else {
    notes.push(
      `Descending keys always go to the leftmost leaf. Each split leaves the right half behind for good, and a 50/50 split leaves it half full; PostgreSQL's 90% rule is for the rightmost page only, and SQLite's balancing cannot refill pages nobody inserts into, so all three end up about half full (${fills}).`,
    );
  }
  const bytes = (shape: IndexShape) => shape.avgEntryBytes.toFixed(1);
  notes.push(
    `Page size: PostgreSQL and the toy tree use ${postgres.pageSize / 1024} KiB pages, SQLite ${sqlite.pageSize / 1024} KiB (PRAGMA page_size). An entry takes ${bytes(postgres)} bytes in a PostgreSQL leaf (a tuple of heap TID and key, padded to 8, plus a 4-byte line pointer) but ${bytes(sqlite)} in SQLite's (a record of the key and the rowid as varints, plus a 2-byte cell pointer), so SQLite's smaller pages still hold about ${sqlite.avgLeafItems.toFixed(0)} entries each against PostgreSQL's ${postgres.avgLeafItems.toFixed(0)}.`,
  );
  const heights = new Set([toy.height, postgres.height, sqlite.height]);
  notes.push(
    heights.size === 1
      ? `Height: all three trees have ${toy.height} ${toy.height === 1 ? 'level' : 'levels'} for ${formatCount(n)} keys: with hundreds of entries per page, the fanout is so high that even a million keys need only 3.`
      : `Height: the toy tree has ${toy.height} levels, PostgreSQL ${postgres.height} and SQLite ${sqlite.height}: more or fuller pages per level change where the next level is needed.`,
  );
  notes.push(
    `SQLite's index is a B-tree rather than a B+tree: ${formatCount(sqlite.interiorEntries)} of the entries sit in interior pages, so its leaves hold the rest. PostgreSQL's leaf items exclude the high key (item 1 on every page but the rightmost), an upper bound used by concurrent searches.`,
  );
  notes.push(
    'Fill is in keys for the toy tree and in bytes for the engines; with fixed 20-byte int4 entries in PostgreSQL the two measures agree.',
  );
  return notes;
}
