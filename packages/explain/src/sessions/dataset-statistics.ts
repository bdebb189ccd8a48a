/**
 * A dataset's statistics, shipped: what ANALYZE stored for the built dataset, restored the way
 * pg_upgrade restores a cluster's statistics since PostgreSQL 18.
 *
 * A dataset's script ends with ANALYZE, and its statistics targets make ANALYZE read every
 * row, so that the estimates an exercise grades come out the same on every machine. That
 * makes the statistics a function of the script and of the PostgreSQL that runs it, and it
 * made ANALYZE the longest step of a learner's first `dbplay explain show`: about a second,
 * most of it sorting each column's values (compute_scalar_stats in
 * src/backend/commands/analyze.c). So dbplay ships its result, as it ships initdb's
 * (engines' pglite-cluster-archive.ts): `pnpm --filter @dbplay/explain pack-statistics`
 * builds a dataset with its real ANALYZE and writes what ANALYZE stored, the rows of pg_stats
 * and pg_class's page and tuple counts, to `datasets/<name>.statistics.json`, under the
 * dataset's cache key (a hash of its script and of the PGlite version, dataset.ts). A build
 * whose key matches runs the script without its closing ANALYZE and hands the same values to
 * `pg_restore_relation_stats` and `pg_restore_attribute_stats`
 * (src/backend/statistics/relation_stats.c and attribute_stats.c), the calls pg_dump writes
 * so that a cluster upgraded by pg_upgrade plans as before without being analyzed again. A
 * script edited or a PGlite upgraded without a new file, a restore PostgreSQL refuses, and
 * `explain validate`'s second instance (which is there to check ANALYZE's sampling) run the
 * real ANALYZE. explain's dataset-statistics test checks that the file holds what ANALYZE
 * gives now, and that restoring it reproduces ANALYZE's pg_statistic rows exactly.
 *
 * What a learner can tell: nothing in pg_stats, pg_statistic or pg_class. In
 * pg_stat_user_tables, `last_analyze` is NULL and `analyze_count` 0 either way: those are
 * cumulative statistics, which a snapshot does not keep. An ANALYZE the learner runs (or an
 * exercise's fix, as in exercise 30) is PostgreSQL's own, as always.
 */
import { readFile } from 'node:fs/promises';
import { splitStatements } from '@dbplay/core';
import { freshCluster, pgliteVersion, startPglite, withTieringForLongWork } from '@dbplay/engines';
import { type Dataset, datasetKey } from './dataset.ts';

type PGlite = Awaited<ReturnType<typeof startPglite>>;

/** What ANALYZE stored for a dataset's tables and indexes, every value as PostgreSQL prints it. */
export interface DatasetStatistics {
  readonly dataset: string;
  /** The dataset's cache key (its script and the PGlite version): the file applies to that build only. */
  readonly key: string;
  /** The PGlite version whose ANALYZE made the file, for a reader (the key already covers it). */
  readonly pglite: string;
  /** pg_class's counts, one object per table and index, by column name. */
  readonly relations: readonly Readonly<Record<string, string | null>>[];
  /** pg_stats' rows, one object per column, by pg_stats' column names. */
  readonly columns: readonly Readonly<Record<string, string | null>>[];
}

/** The counts ANALYZE sets in pg_class, as pg_restore_relation_stats takes them. */
const relationFields = {
  relpages: 'integer',
  reltuples: 'real',
  relallvisible: 'integer',
  relallfrozen: 'integer',
};

/** The values of pg_stats that ANALYZE computes, as pg_restore_attribute_stats takes them (as pg_dump writes them). */
const columnFields = {
  null_frac: 'real',
  avg_width: 'integer',
  n_distinct: 'real',
  most_common_vals: 'text',
  most_common_freqs: 'real[]',
  histogram_bounds: 'text',
  correlation: 'real',
  most_common_elems: 'text',
  most_common_elem_freqs: 'real[]',
  elem_count_histogram: 'real[]',
  range_length_histogram: 'text',
  range_empty_frac: 'real',
  range_bounds_histogram: 'text',
};

/** The statistics of the tables and indexes in `public`, read from a running instance. */
const readStatisticsQueries = {
  relations: `select relname, ${Object.keys(relationFields)
    .map((field) => `${field}::text`)
    .join(', ')}
    from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'i', 'p') order by relname`,
  columns: `select tablename, attname, inherited::text, ${Object.keys(columnFields)
    .map((field) => `${field}::text`)
    .join(', ')}
    from pg_stats where schemaname = 'public' order by tablename, attname, inherited`,
} as const;

/**
 * A dataset's script run to its end, its ANALYZE included, in a PGlite on this thread (for
 * pack-statistics and the test of the shipped files); the caller closes it.
 */
export async function runDatasetScript(dataset: Dataset, cacheDir: string): Promise<PGlite> {
  return withTieringForLongWork(async () => {
    const cluster = await freshCluster({ cacheDir });
    const db = await startPglite(
      typeof cluster === 'string' ? { snapshotDir: cluster } : { snapshot: cluster },
    );
    for (const statement of splitStatements(dataset.sql)) await db.exec(statement.text);
    return db;
  });
}

/** What ANALYZE stored for a dataset, read from an instance that ran its script. */
export async function readStatistics(db: PGlite, dataset: Dataset): Promise<DatasetStatistics> {
  const rows = async (sql: string) => (await db.query<Record<string, string | null>>(sql)).rows;
  return {
    dataset: dataset.name,
    key: datasetKey(dataset, pgliteVersion()),
    pglite: pgliteVersion(),
    relations: await rows(readStatisticsQueries.relations),
    columns: await rows(readStatisticsQueries.columns),
  };
}

/** Where a dataset's shipped statistics are: beside its script. */
export function statisticsFile(dataset: Dataset): string {
  return dataset.file.replace(/\.sql$/, '.statistics.json');
}

/** The dataset's shipped statistics, if a file made for this very build (`key`) is there; else undefined. */
export async function shippedStatistics(
  dataset: Dataset,
  key: string,
): Promise<DatasetStatistics | undefined> {
  try {
    const statistics = JSON.parse(await readFile(statisticsFile(dataset), 'utf8')) as DatasetStatistics;
    return statistics.key === key ? statistics : undefined;
  } catch {
    return undefined; // none shipped: the build runs ANALYZE
  }
}

/**
 * One SELECT restoring every relation's and column's statistics, returning one boolean per
 * call (false where PostgreSQL refused a value, with a warning).
 */
export function restoreStatisticsSql(statistics: DatasetStatistics): string {
  const calls = [
    ...statistics.relations.map(
      (relation) =>
        `pg_restore_relation_stats(${named('schemaname', 'public', 'text')}, ${named('relname', relation.relname, 'text')}${values(relation, relationFields)})`,
    ),
    ...statistics.columns.map(
      (column) =>
        `pg_restore_attribute_stats(${named('schemaname', 'public', 'text')}, ${named('relname', column.tablename, 'text')}, ${named('attname', column.attname, 'text')}, ${named('inherited', column.inherited, 'boolean')}${values(column, columnFields)})`,
    ),
  ];
  return `select array[\n  ${calls.join(',\n  ')}\n]::boolean[]`;
}

/** The `, 'name', 'value'::type` pairs of the fields that have a value. */
function values(
  row: Readonly<Record<string, string | null>>,
  fields: Readonly<Record<string, string>>,
): string {
  return Object.entries(fields)
    .filter(([field]) => row[field] !== null && row[field] !== undefined)
    .map(([field, type]) => `, ${named(field, row[field] ?? null, type)}`)
    .join('');
}

function named(name: string, value: string | null | undefined, type: string): string {
  if (value === null || value === undefined) throw new Error(`statistics file: no ${name}`);
  return `'${name}', ${literal(value)}::${type}`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
