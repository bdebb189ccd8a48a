/**
 * SQLite's side of the x-ray: the keys go into a table with an index in an in-memory
 * database (better-sqlite3), and the index's pages are read back from the `dbstat` virtual
 * table (src/dbstat.c, compiled into better-sqlite3 with SQLITE_ENABLE_DBSTAT_VTAB): one
 * row per page with its `path` from the root (`/`, `/000/`, `/000/001/` …), its type
 * (`internal`, `leaf`, `overflow`), its cell count and its unused bytes.
 *
 * An SQLite index is a B-tree, not a B+tree: its interior pages hold entries too, so the
 * leaves hold slightly fewer than all n entries. Fill is in bytes: used over usable, where
 * usable is the page less its 8-byte leaf header (the file format's "b-tree page header").
 */
import type { openSqlite } from '@dbplay/engines';
import type { IndexShape } from './index-shape.ts';
import { xrayIndex, xrayTable } from './postgres-shape.ts';

const leafHeaderBytes = 8;

/** A better-sqlite3 database, as `openSqlite` from @dbplay/engines opens it. */
type Database = Awaited<ReturnType<typeof openSqlite>>;

interface PageRow {
  path: string;
  pagetype: string;
  ncell: number;
  unused: number;
  pgsize: number;
}

export interface SqliteShape extends IndexShape {
  /** Entries held in interior pages, which a B+tree would keep in leaves only. */
  readonly interiorEntries: number;
}

export function sqliteShape(db: Database, keys: readonly number[]): SqliteShape {
  db.exec(
    `drop table if exists ${xrayTable}; create table ${xrayTable} (k integer not null); create index ${xrayIndex} on ${xrayTable} (k);`,
  );
  const insert = db.prepare(`insert into ${xrayTable} (k) values (?)`);
  db.transaction((batch: readonly number[]) => {
    for (const key of batch) insert.run(key);
  })(keys);
  const pages = db
    .prepare(`select path, pagetype, ncell, unused, pgsize from dbstat where name = ? order by path`)
    .all(xrayIndex) as PageRow[];
  const leaves = pages.filter((page) => page.pagetype === 'leaf');
  const internal = pages.filter((page) => page.pagetype === 'internal');
  // The depth of a page is the number of steps in its path: '/' is the root, level 1.
  const height = Math.max(
    1,
    ...pages.map((page) => page.path.split('/').filter((part) => part !== '').length + 1),
  );
  let used = 0;
  let usable = 0;
  let items = 0;
  for (const page of leaves) {
    const room = page.pgsize - leafHeaderBytes;
    usable += room;
    used += room - page.unused;
    items += page.ncell;
  }
  return {
    height,
    leafPages: leaves.length,
    internalPages: internal.length,
    avgLeafFill: usable === 0 ? 0 : used / usable,
    fillMeasure: 'bytes',
    avgLeafItems: leaves.length === 0 ? 0 : items / leaves.length,
    avgEntryBytes: items === 0 ? 0 : used / items,
    pageSize: pages[0]?.pgsize ?? 4096,
    source: `dbstat: select * from dbstat where name = '${xrayIndex}'`,
    interiorEntries: internal.reduce((sum, page) => sum + page.ncell, 0),
  };
}
