/**
 * The shape of an LSM-tree: which SSTables are live, and in which level or tier.
 *
 * This is what the manifest records and what a compaction strategy reads and rewrites;
 * it holds table ids only (what is known about each table is looked up by id). It follows
 * mini-lsm's `LsmStorageState` (`l0_sstables`, `levels`), so the controllers read like the
 * course's:
 *
 * - Leveled strategies: `l0` holds freshly flushed tables, oldest first (their key ranges
 *   overlap, so each is a sorted run of its own and a newer one shadows an older one);
 *   `levels[i]` is level i + 1, one sorted run of tables with disjoint key ranges, ordered
 *   by key.
 * - Tiered: `l0` stays empty; `levels` are the tiers, newest first, each one sorted run,
 *   named by the id of its first table (as mini-lsm names them).
 */

/** One sorted run: a level (id = level number) or a tier (id = its first table's id). */
export interface SortedRun {
  readonly id: number;
  /** Table ids, in key order. */
  readonly tables: readonly number[];
}

export interface LsmShape {
  /** L0 table ids, oldest first. */
  readonly l0: readonly number[];
  readonly levels: readonly SortedRun[];
}

/** What a compaction strategy may know about a table. */
export interface TableMeta {
  readonly id: number;
  /** Bytes on disk. */
  readonly size: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
}

/** Finds a live table's metadata by id. */
export type TableLookup = (id: number) => TableMeta;

/** The shape of an empty leveled tree: L0 and `levels` levels below it, holding no tables. */
export function emptyLeveledShape(levels: number): LsmShape {
  return { l0: [], levels: Array.from({ length: levels }, (_, i) => ({ id: i + 1, tables: [] })) };
}

/** Level `id` of a leveled shape (1 for L1). */
export function level(shape: LsmShape, id: number): SortedRun {
  const run = shape.levels[id - 1];
  if (run === undefined) throw new RangeError(`the tree has no level ${id}`);
  return run;
}

/** Every table id in the shape: L0 first, then each level or tier. */
export function allTables(shape: LsmShape): number[] {
  return [...shape.l0, ...shape.levels.flatMap((run) => run.tables)];
}

/**
 * Sorted runs a read must consult: each L0 table, plus each non-empty level or tier. This is
 * the read amplification mini-lsm's simulator reports.
 */
export function sortedRunCount(shape: LsmShape): number {
  return shape.l0.length + shape.levels.filter((run) => run.tables.length > 0).length;
}

/**
 * How a sorted run is named wherever a learner sees it (steps, drawings, metrics, the
 * simulator): `L2` for a level, `tier 7` for a tier (named by its first table's id).
 */
export function runName(tiers: boolean, id: number): string {
  return tiers ? `tier ${id}` : `L${id}`;
}
