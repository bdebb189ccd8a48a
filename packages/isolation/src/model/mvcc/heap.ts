/**
 * A table's heap: every version of every row, on numbered pages, as PostgreSQL keeps them
 * (src/backend/access/heap/heapam.c, src/include/access/htup_details.h).
 *
 * An UPDATE never overwrites a row: it stamps the old version's `xmax` with its transaction id
 * and writes a new version whose `xmin` is that id, linked from the old one (the ctid chain).
 * A DELETE only stamps `xmax`. Which version a transaction sees is decided by comparing xmin
 * and xmax with its snapshot (visibility.ts). Row locks (SELECT … FOR UPDATE) are recorded on
 * the version too, as lockers, the way PostgreSQL marks xmax "lock only".
 *
 * Placement follows heap_insert and heap_update: a new version goes on the table's last page
 * if it fits, else on a new page; an update stays on the old version's page when there is
 * room, and if it changes no indexed column it is a heap-only tuple (HOT): the index keeps
 * pointing at the chain's first version, and an index lookup follows the chain from there
 * (heap_hot_search_buffer). Pages are 8 kB; a version costs its header, its data and a line
 * pointer.
 *
 * A page is an array of line pointers (ItemIdData, src/include/storage/itemid.h), numbered
 * from 1: the offset in a ctid. A line pointer is `normal` (it holds a version), `redirect`
 * (a pruned HOT chain's root, pointing at the chain's first surviving member, so the index
 * entry that names the root still leads somewhere), `dead` (the version is gone but index
 * entries may still point here; only VACUUM, after cleaning the indexes, may reuse it), or
 * `unused` (free for the next version placed on the page). Pruning and VACUUM (prune-page.ts,
 * vacuum.ts) turn normal line pointers into the other three; nothing else does.
 */
import { lowerBound } from '@dbplay/core';
import type { Value } from '../../run/outcome.ts';
import { numericStorageBytes } from '../sql/numeric.ts';
import type { ColumnDefault, ColumnTypmod, SqlType } from '../sql/sql-ast.ts';

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  /** Its DEFAULT (sequences.ts); absent when it has none (NULL). */
  readonly default?: ColumnDefault;
  /** `numeric(p, s)`, `char(n)`, `varchar(n)`: what a value must fit (sql/column-typmod.ts). */
  readonly typmod?: ColumnTypmod;
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** Primary key columns, by position; empty when the table has none. */
  readonly primaryKey: readonly number[];
  /**
   * Columns the primary key's index stores beside the key (`INCLUDE`), by position; absent
   * when none. Changing one is not a key update (FOR KEY SHARE does not conflict with it: the
   * key columns are the unique index's key attributes only, RelationGetIndexAttrBitmap), but
   * the index holds its value, so the new version cannot be heap-only.
   */
  readonly include?: readonly number[];
  /** The primary key index's name when the constraint was named; absent: `<table>_pkey`. */
  readonly primaryKeyName?: string;
}

/** PostgreSQL's tuple lock modes (LockTupleMode in src/include/access/tableam.h), weakest first. */
export type TupleLockMode = 'key share' | 'share' | 'no key exclusive' | 'exclusive';

/** Each mode's strength: a mode of higher rank covers every weaker one. */
export const tupleLockRank: Readonly<Record<TupleLockMode, number>> = {
  'key share': 0,
  share: 1,
  'no key exclusive': 2,
  exclusive: 3,
};

/** Whether two tuple lock modes conflict (tupleLockExtraInfo and the conflict table in heapam.c). */
export function tupleLocksConflict(a: TupleLockMode, b: TupleLockMode): boolean {
  const [weak, strong] = tupleLockRank[a] <= tupleLockRank[b] ? [a, b] : [b, a];
  if (strong === 'exclusive') return true;
  if (strong === 'no key exclusive') return weak !== 'key share';
  return false;
}

export interface TupleId {
  readonly page: number;
  readonly offset: number;
}

export interface TupleVersion {
  /** A number for drawings: v1, v2 … in the order versions were written. */
  readonly id: number;
  readonly table: string;
  /** The logical row this is a version of (the DSG's object), shared along the chain. */
  readonly row: number;
  readonly tid: TupleId;
  readonly values: readonly Value[];
  /** The creating transaction; an aborted id once ROLLBACK TO SAVEPOINT undid it (executor/savepoint-undo.ts). */
  xmin: number;
  readonly cmin: number;
  /** The transaction that updated or deleted this version, or null. */
  xmax: number | null;
  cmax: number | null;
  /**
   * How xmax ended this version: `moved` is an UPDATE that moved the row to another partition,
   * a delete here and an insert there (the ctid marks it, ItemPointerSetMovedPartitions).
   */
  ending: 'update' | 'delete' | 'moved' | null;
  /** The update changed a key column (PostgreSQL's HEAP_KEYS_UPDATED): it held the exclusive mode. */
  keysUpdated: boolean;
  /** The next version in the ctid chain, written by xmax's update. */
  next: TupleVersion | null;
  /** A heap-only tuple: no index entry points at it; lookups reach it along the chain. */
  readonly heapOnly: boolean;
  /** Row locks taken on this version (SELECT … FOR UPDATE/SHARE, and EvalPlanQual's lock). */
  lockers: { readonly xid: number; readonly mode: TupleLockMode }[];
  /** Its size on the page, header and data, aligned (MAXALIGN(t_len)); the line pointer is apart. */
  readonly length: number;
}

/** One line pointer's state (lp_flags: LP_UNUSED 0, LP_NORMAL 1, LP_REDIRECT 2, LP_DEAD 3). */
export type LinePointer =
  | { readonly state: 'normal'; readonly version: TupleVersion }
  | { readonly state: 'redirect'; readonly to: number }
  | { readonly state: 'dead' }
  | { readonly state: 'unused' };

/** A heap page: its line pointers and the two hints pruning reads (bufpage.h's PageHeaderData). */
export interface HeapPage {
  readonly items: LinePointer[];
  /**
   * pd_prune_xid: the oldest transaction that deleted or updated a version here, or null. Once
   * it is older than every snapshot still in use, the page may have something to prune.
   */
  pruneXid: number | null;
  /** PD_PAGE_FULL: an UPDATE found no room here for its new version (it went to another page). */
  full: boolean;
}

/** Line pointers the page can hold at most (MaxHeapTuplesPerPage for 8 kB pages). */
const maxItemsPerPage = 291;
const linePointerBytes = 4;

const pageBytes = 8192;
const pageHeaderBytes = 24;

export interface IndexEntry {
  readonly key: readonly Value[];
  /** The chain's first version (a HOT chain's root). */
  readonly version: TupleVersion;
}

/**
 * An index on a table, reduced to its entries in the index's order. A B-tree is one leaf page
 * in the model (block 1; PostgreSQL's first leaf of a small index). A hash index keeps its
 * entries in buckets, each bucket a primary page, blocks 1 to n after the metapage (hash.c);
 * the bucket count is fixed when the index is built (see hashBucketCount), as nothing in the
 * model's histories grows an index far enough to split one.
 *
 * The primary key is a unique B-tree (the table's `index`); CREATE INDEX adds others (the
 * table's `secondary`, executor/execute-index-ddl.ts).
 */
export class TableIndex {
  readonly name: string;
  /** The key columns, by position in the table. */
  readonly columns: readonly number[];
  readonly method: 'btree' | 'hash';
  readonly unique: boolean;
  /** The primary key's index (which DROP INDEX cannot drop), not a unique index standing for one. */
  readonly primary: boolean;
  /** Columns stored beside the key (INCLUDE), by position. */
  readonly include: readonly number[];
  /** A hash index's buckets (a power of two); 0 for a B-tree. */
  readonly buckets: number;
  /** An expression index's keys, each computed from the row; absent when every key is a column. */
  readonly keyFunctions?: readonly ((values: readonly Value[]) => Value)[];
  /**
   * Each key's name as ON CONFLICT names it: a column's name, an expression's parse tree as
   * JSON text (execute-on-conflict.ts); absent when every key is a column.
   */
  readonly keyNames?: readonly string[];
  /** A partial index's condition: only the versions it holds for have entries. */
  readonly predicate?: { readonly holds: (values: readonly Value[]) => boolean; readonly text: string };
  /**
   * Every column the index reads: its keys' (an expression's too), INCLUDE's and its WHERE's.
   * Changing one of them needs new index entries (heap_update's HOT test).
   */
  readonly touches: readonly number[];
  readonly entries: IndexEntry[] = [];
  /**
   * pg_index.indisvalid: false once DROP INDEX CONCURRENTLY has marked it (executor/
   * drop-index-concurrently.ts): the planner no longer chooses it, writes still maintain it.
   */
  valid = true;

  constructor(
    name: string,
    shape: {
      columns: readonly number[];
      method?: 'btree' | 'hash';
      unique?: boolean;
      primary?: boolean;
      include?: readonly number[];
      buckets?: number;
      keyFunctions?: readonly ((values: readonly Value[]) => Value)[];
      keyNames?: readonly string[];
      predicate?: { readonly holds: (values: readonly Value[]) => boolean; readonly text: string };
      /** The columns an expression key or the predicate reads, beyond `columns` and `include`. */
      reads?: readonly number[];
    },
  ) {
    this.name = name;
    this.columns = shape.columns;
    this.method = shape.method ?? 'btree';
    this.unique = shape.unique ?? true;
    this.primary = shape.primary ?? false;
    this.include = shape.include ?? [];
    this.buckets = this.method === 'hash' ? (shape.buckets ?? 2) : 0;
    if (shape.keyFunctions !== undefined) this.keyFunctions = shape.keyFunctions;
    if (shape.keyNames !== undefined) this.keyNames = shape.keyNames;
    if (shape.predicate !== undefined) this.predicate = shape.predicate;
    this.touches = [...new Set([...this.columns, ...this.include, ...(shape.reads ?? [])])];
  }

  /** The key an entry for a version with these values holds. */
  keyOf(values: readonly Value[]): Value[] {
    if (this.keyFunctions !== undefined) return this.keyFunctions.map((key) => key(values));
    return this.columns.map((column) => values[column] ?? null);
  }

  /** Whether a version with these values has an entry: always, unless the index is partial. */
  covers(values: readonly Value[]): boolean {
    return this.predicate === undefined || this.predicate.holds(values);
  }

  /** The page a key is entered on and searched in: the B-tree's one leaf, or the key's bucket page. */
  pageOf(key: readonly Value[]): number {
    if (this.method === 'btree') return 1;
    return hashBucket(key[0] ?? null, this.buckets) + 1;
  }

  /** Enters a key at its place in the page, found by binary search as _bt_binsrch finds it. */
  add(key: readonly Value[], version: TupleVersion): void {
    const entry: IndexEntry = { key, version };
    this.entries.splice(lowerBound(this.entries, entry, compareIndexEntries), 0, entry);
  }
}

/** The name the model gave the primary key's index before it had others. */
export type PrimaryKeyIndex = TableIndex;

/**
 * The bucket of an integer key in a hash index of `buckets` buckets: hashint4 is
 * hash_bytes_uint32 (Bob Jenkins' lookup3 final mix, src/common/hashfn.c), and
 * _hash_hashkey2bucket masks it with the bucket count (a NULL is not entered in a hash index;
 * the model puts it in bucket 0).
 */
export function hashBucket(value: Value, buckets: number): number {
  if (typeof value !== 'number') return 0;
  return hashInt4(value) & (buckets - 1);
}

/** hashint4(k): hash_bytes_uint32 of the integer, as PostgreSQL prints it (a signed int4). */
export function hashInt4(value: number): number {
  const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  let a = (0x9e3779b9 + 4 + 3923095) >>> 0;
  let b = a;
  let c = a;
  a = (a + (value >>> 0)) >>> 0;
  c = ((c ^ b) - rot(b, 14)) >>> 0;
  a = ((a ^ c) - rot(c, 11)) >>> 0;
  b = ((b ^ a) - rot(a, 25)) >>> 0;
  c = ((c ^ b) - rot(b, 16)) >>> 0;
  a = ((a ^ c) - rot(c, 4)) >>> 0;
  b = ((b ^ a) - rot(a, 14)) >>> 0;
  c = ((c ^ b) - rot(b, 24)) >>> 0;
  return c | 0;
}

/** The index's order: by key (NULL last), then by heap tid, as nbtree orders equal keys. */
export function compareIndexEntries(x: IndexEntry, y: IndexEntry): number {
  return (
    compareKeys(x.key, y.key) ||
    x.version.tid.page - y.version.tid.page ||
    x.version.tid.offset - y.version.tid.offset
  );
}

/** Two keys in the index's order, column by column, NULL after every value. */
export function compareKeys(x: readonly Value[], y: readonly Value[]): number {
  for (let i = 0; i < y.length; i++) {
    const a = x[i] ?? null;
    const b = y[i] ?? null;
    if (a !== b) {
      if (a === null) return 1;
      if (b === null) return -1;
      return a < b ? -1 : 1;
    }
  }
  return 0;
}

/** A new table's signature: its definition as JSON, made once per definition (shared by every run of a setup). */
function signatureOf(def: TableDef): string {
  let signature = signatures.get(def);
  if (signature === undefined) {
    signature = JSON.stringify(def);
    signatures.set(def, signature);
  }
  return signature;
}

const signatures = new WeakMap<TableDef, string>();

export class HeapTable {
  /** Replaced, never changed in place, when ALTER TABLE adds a primary key. */
  def: TableDef;
  /**
   * The definition and the indexes as a string: statements analysed against one table serve
   * every table like it. Recomputed when an index comes or goes.
   */
  signature: string;
  /** The primary key's index (or the one unique index standing for it); null when none. */
  index: TableIndex | null;
  /** The other indexes, in the order they were created (CREATE INDEX). */
  readonly secondary: TableIndex[] = [];
  /** How full INSERT packs a page, in percent (the fillfactor storage parameter). */
  fillfactor = 100;
  /**
   * pg_class's relpages and reltuples once something has counted them, or null while the
   * table has never been counted (reltuples -1), when the planner assumes ten pages. Building
   * an index on a table with rows counts them (index_update_stats); the model's VACUUM does not
   * record them.
   */
  counted: { readonly pages: number; readonly tuples: number } | null = null;
  /**
   * What pg_stat_user_tables counts of the table's updates (n_tup_upd, n_tup_hot_upd): every
   * update attempted, committed or not, and those that were HOT.
   */
  readonly statistics = { updates: 0, hotUpdates: 0 };
  private readonly pages: HeapPage[] = [];
  private allIndexes: readonly TableIndex[] = [];
  private nextRow = 1;
  private nextVersion = 1;

  constructor(def: TableDef) {
    this.def = def;
    this.signature = signatureOf(def);
    this.index =
      def.primaryKey.length > 0
        ? new TableIndex(def.primaryKeyName ?? `${def.name}_pkey`, {
            columns: def.primaryKey,
            include: def.include ?? [],
            primary: true,
          })
        : null;
    this.allIndexes = this.index === null ? [] : [this.index];
  }

  /** Every index of the table, the primary key's first (kept by reshaped()). */
  get indexes(): readonly TableIndex[] {
    return this.allIndexes;
  }

  /** Recomputes the index list and the signature after the definition or the indexes changed. */
  reshaped(): void {
    this.allIndexes = this.index === null ? [...this.secondary] : [this.index, ...this.secondary];
    const indexes = this.indexes.map((index) => [
      index.name,
      index.method,
      index.unique,
      index.columns,
      index.include,
      index.touches,
      index.predicate?.text ?? null,
      index.valid,
    ]);
    this.signature = JSON.stringify([this.def, indexes, this.fillfactor, this.counted]);
  }

  /**
   * Whether changing these columns' values needs new index entries: a column some index
   * holds, as key or INCLUDE (heap_update's HOT test over RelationGetIndexAttrBitmap).
   */
  isIndexed(column: number): boolean {
    return this.indexes.some((index) => index.touches.includes(column));
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Every version on every page, in physical order (what a sequential scan reads). */
  *versions(): Generator<TupleVersion> {
    for (let page = 0; page < this.pages.length; page++) yield* this.pageVersions(page);
  }

  /** The versions on one page, by offset: what its normal line pointers hold. */
  pageVersions(page: number): readonly TupleVersion[] {
    const versions: TupleVersion[] = [];
    for (const item of this.pages[page]?.items ?? [])
      if (item.state === 'normal') versions.push(item.version);
    return versions;
  }

  /** The page itself, line pointers and hints, for pruning, VACUUM and drawings. */
  page(page: number): HeapPage | undefined {
    return this.pages[page];
  }

  /**
   * Where an index entry for `root` leads now: the root itself, or, once pruning has redirected
   * the root's line pointer, the first version of its HOT chain still on the page; null when
   * the line pointer is dead (the whole chain is gone). Lookups start here, as
   * heap_hot_search_buffer follows a redirect, never from versions pruning took away.
   */
  chainStart(root: TupleVersion): TupleVersion | null {
    const items = this.pages[root.tid.page]?.items;
    let item = items?.[root.tid.offset - 1];
    if (item?.state === 'redirect') item = items?.[item.to - 1];
    return item?.state === 'normal' ? item.version : null;
  }

  /** VACUUM's truncation: empty pages at the end of the table are given back. */
  truncate(pages: number): void {
    this.pages.length = Math.min(this.pages.length, pages);
  }

  /** PageSetPrunable: heap_update and heap_delete mark the old version's page for pruning. */
  markPrunable(version: TupleVersion, xid: number): void {
    const page = this.pages[version.tid.page];
    if (page !== undefined && (page.pruneXid === null || xid < page.pruneXid)) page.pruneXid = xid;
  }

  /**
   * PageGetHeapFreeSpace: the room for one more version, less the line pointer it may need;
   * none when the page has as many line pointers as it may and none is unused.
   */
  freeSpace(page: number): number {
    const at = this.pages[page];
    if (at === undefined) return 0;
    const used = at.items.reduce(
      (bytes, item) => bytes + (item.state === 'normal' ? item.version.length : 0),
      0,
    );
    const space = pageBytes - pageHeaderBytes - linePointerBytes * at.items.length - used - linePointerBytes;
    if (at.items.length >= maxItemsPerPage && !at.items.some((item) => item.state === 'unused')) return 0;
    return Math.max(0, space);
  }

  keyOf(values: readonly Value[]): Value[] {
    if (this.index !== null) return this.index.keyOf(values);
    return this.def.primaryKey.map((column) => values[column] ?? null);
  }

  /** heap_insert: a new row's first version (the caller enters it in the index after its checks). */
  insert(values: readonly Value[], xmin: number, cmin: number): TupleVersion {
    return this.place(values, xmin, cmin, this.nextRow++, null, false);
  }

  /**
   * heap_update's placement: the new version of `old`, on old's page if it fits. It is a
   * heap-only tuple (no new index entry) when it stays on the page and keeps its key;
   * otherwise the caller enters it in the index after its checks.
   */
  update(old: TupleVersion, values: readonly Value[], xmin: number, cmin: number): TupleVersion {
    const keyChanged = values.some((value, column) => value !== old.values[column] && this.isIndexed(column));
    const samePage = this.fits(old.tid.page, values);
    // heap_update: "if (newbuf == buffer) … use_hot_update" when no indexed column changed. A
    // table without an index has no indexed column, so every same-page update is HOT there.
    const heapOnly = samePage && !keyChanged;
    // No room on the old version's page: heap_update marks it full, which invites pruning.
    if (!samePage) {
      const page = this.pages[old.tid.page];
      if (page !== undefined) page.full = true;
    }
    this.statistics.updates++;
    if (heapOnly) this.statistics.hotUpdates++;
    return this.place(values, xmin, cmin, old.row, samePage ? old.tid.page : null, heapOnly);
  }

  private fits(page: number, values: readonly Value[]): boolean {
    return this.freeSpace(page) >= tupleLength(this.def, values);
  }

  private place(
    values: readonly Value[],
    xmin: number,
    cmin: number,
    row: number,
    preferredPage: number | null,
    heapOnly: boolean,
  ): TupleVersion {
    const length = tupleLength(this.def, values);
    let pageNumber = preferredPage;
    if (pageNumber === null) {
      // RelationGetBufferForTuple keeps the fillfactor's share of a page free for later updates.
      const saveFreeSpace = Math.floor((pageBytes * (100 - this.fillfactor)) / 100);
      const last = this.pages.length - 1;
      pageNumber = last >= 0 && this.freeSpace(last) >= length + saveFreeSpace ? last : this.pages.length;
    }
    let page = this.pages[pageNumber];
    if (page === undefined) {
      page = { items: [], pruneXid: null, full: false };
      this.pages.push(page);
      pageNumber = this.pages.length - 1;
    }
    // PageAddItem: the first unused line pointer if pruning or VACUUM left one, else a new one.
    let slot = page.items.findIndex((item) => item.state === 'unused');
    if (slot === -1) slot = page.items.length;
    const version: TupleVersion = {
      id: this.nextVersion++,
      table: this.def.name,
      row,
      tid: { page: pageNumber, offset: slot + 1 },
      values,
      xmin,
      cmin,
      xmax: null,
      cmax: null,
      ending: null,
      keysUpdated: false,
      next: null,
      heapOnly,
      lockers: [],
      length,
    };
    page.items[slot] = { state: 'normal', version };
    return version;
  }
}

/** A version's size on its page: header and data, aligned as PostgreSQL aligns them (heap_form_tuple). */
function tupleLength(def: TableDef, values: readonly Value[]): number {
  const hasNulls = values.some((value) => value === null);
  const header = align(23 + (hasNulls ? Math.ceil(def.columns.length / 8) : 0), 8);
  let data = 0;
  def.columns.forEach((column, i) => {
    const value = values[i] ?? null;
    if (value === null) return;
    switch (column.type) {
      case 'integer':
        data = align(data, 4) + 4;
        break;
      case 'bigint':
      case 'double precision':
      case 'timestamp':
      case 'timestamptz':
        data = align(data, 8) + 8;
        break;
      case 'date':
        data = align(data, 4) + 4;
        break;
      case 'boolean':
        data += 1;
        break;
      case 'numeric':
        // A short varlena: no alignment (numeric.c, NumericShort).
        data += numericStorageBytes(value);
        break;
      case 'text': {
        const length = Buffer.byteLength(String(value));
        data = length < 127 ? data + 1 + length : align(data, 4) + 4 + length;
        break;
      }
    }
  });
  return align(header + data, 8);
}

function align(bytes: number, to: number): number {
  return Math.ceil(bytes / to) * to;
}

/** `(0,3)`, as PostgreSQL prints a ctid. */
export function formatTid(tid: TupleId): string {
  return `(${tid.page},${tid.offset})`;
}
