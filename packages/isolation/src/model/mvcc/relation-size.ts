/**
 * pg_class's relpages and reltuples: the size of a table as the planner last heard it. A new
 * table has never been counted (reltuples -1), and the planner then assumes ten pages
 * (table_block_relation_estimate_size in src/backend/access/table/tableam.c). VACUUM and
 * ANALYZE count it (vac_update_relstats), and so does building an index on it
 * (index_update_stats in src/backend/catalog/index.c), except that an index built on an empty,
 * never-counted table leaves it uncounted. What the count changes is the access path the
 * planner chooses (executor/choose-access-path.ts).
 */
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TupleVersion } from './heap.ts';

/** Records the table's pages and live rows as its pg_class counts. */
export function countRelation(db: ModelDatabase, table: HeapTable, building = false): void {
  const tuples = liveVersions(db, table).length;
  if (building && tuples === 0 && table.counted === null) return;
  table.counted = { pages: table.pageCount, tuples };
  table.reshaped();
}

/** The table's versions neither deleted nor replaced nor aborted: the rows a count finds. */
export function liveVersions(db: ModelDatabase, table: HeapTable): TupleVersion[] {
  return [...table.versions()].filter(
    (version) => db.xacts.statusOf(version.xmin) !== 'aborted' && version.xmax === null,
  );
}
