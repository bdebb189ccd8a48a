/**
 * The system views the model keeps, and their columns: a few of PostgreSQL's, as far as a
 * query about locks and sessions reads them (src/backend/catalog/system_views.sql,
 * src/backend/utils/adt/lockfuncs.c for pg_locks, pgstatfuncs.c for pg_stat_activity;
 * pg_class is the catalog table itself, src/include/catalog/pg_class.h).
 *
 * - pg_locks: one row per lock mode a session holds or waits for on a relation (a table or an
 *   index), from the model's lock table (locks/relation-locks.ts). PostgreSQL's also has
 *   rows for transaction ids, virtual transaction ids, tuples, advisory locks and the catalogs
 *   a query opens; the model's has relation locks only;
 * - pg_class: one row per table and index, with its oid and name, its kind (`r` a table, `p` a
 *   partitioned table, `i` an index, `I` a partitioned index) and relhasindex;
 * - pg_settings: the settings the model keeps, for the asking session (executor/settings-view.ts);
 * - pg_stat_activity: one row per session, with the text of the last query it was sent
 *   (the current one while it runs) and its state.
 *
 * The rows are computed by executor/catalog-views.ts; the parser reads only the names, to know
 * which FROM clauses may JOIN.
 */
import type { SqlType } from '../sql/sql-ast.ts';

export interface SystemViewColumn {
  readonly name: string;
  readonly type: SqlType;
}

export const systemViews = {
  pg_locks: [
    { name: 'locktype', type: 'text' },
    { name: 'relation', type: 'integer' },
    { name: 'pid', type: 'integer' },
    { name: 'mode', type: 'text' },
    { name: 'granted', type: 'boolean' },
  ],
  pg_class: [
    { name: 'oid', type: 'integer' },
    { name: 'relname', type: 'text' },
    { name: 'relkind', type: 'text' },
    { name: 'relhasindex', type: 'boolean' },
  ],
  pg_stat_activity: [
    { name: 'pid', type: 'integer' },
    { name: 'state', type: 'text' },
    { name: 'query', type: 'text' },
  ],
  pg_settings: [
    { name: 'name', type: 'text' },
    { name: 'setting', type: 'text' },
  ],
} as const satisfies Record<string, readonly SystemViewColumn[]>;

export type SystemViewName = keyof typeof systemViews;

/** Whether `name` (as FROM names it) is one of the views the model keeps. */
export function isCatalogView(name: string): name is SystemViewName {
  return Object.hasOwn(systemViews, name);
}
