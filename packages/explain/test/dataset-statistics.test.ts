/**
 * A dataset's shipped statistics (sessions/dataset-statistics.ts): the file holds what the
 * dataset's own ANALYZE stores with the installed PGlite, restoring it gives PostgreSQL the
 * very same catalog rows, and a file that does not fit is not used.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteVersion } from '@dbplay/engines';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteSessionFactory } from '../src/index.ts';
import { datasetKey, loadDatasets } from '../src/sessions/dataset.ts';
import {
  type DatasetStatistics,
  readStatistics,
  restoreStatisticsSql,
  runDatasetScript,
  shippedStatistics,
  statisticsFile,
} from '../src/sessions/dataset-statistics.ts';

const scratch = mkdtempSync(join(tmpdir(), 'dbplay-statistics-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const datasets = await loadDatasets(new URL('../../../exercises/explain/datasets', import.meta.url).pathname);

/** Everything ANALYZE stores for the tables in `public`: pg_statistic's rows, whole, and pg_class's counts. */
const storedByAnalyze = `select
  (select md5(string_agg(s::text, E'\\n' order by s.starelid, s.staattnum, s.stainherit))
     from pg_statistic s join pg_class c on c.oid = s.starelid where c.relnamespace = 'public'::regnamespace) as pg_statistic,
  (select string_agg(concat_ws(' ', relname, relpages, reltuples, relallvisible, relallfrozen), ', ' order by relname)
     from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'i')) as pg_class`;

describe("the shop dataset's shipped statistics", () => {
  it('are what its ANALYZE stores now, and restoring them gives back the same pg_statistic rows and pg_class counts', async () => {
    const shop = datasets.get('shop');
    if (shop === undefined) throw new Error('no shop dataset');
    const shipped = JSON.parse(await readFile(statisticsFile(shop), 'utf8')) as DatasetStatistics;
    // Made for this script and this PGlite: after an edit or an upgrade, run
    // `pnpm --filter @dbplay/explain pack-statistics` (until then builds run ANALYZE).
    expect(
      shipped.key,
      'the statistics file is out of date: run pnpm --filter @dbplay/explain pack-statistics',
    ).toBe(datasetKey(shop, pgliteVersion()));
    const db = await runDatasetScript(shop, scratch);
    try {
      expect(await readStatistics(db, shop)).toEqual(shipped);
      const analyzed = (await db.query(storedByAnalyze)).rows[0];
      // Forget them, then restore the file's.
      await db.exec(`select pg_clear_relation_stats('public', relname) from pg_class
        where relnamespace = 'public'::regnamespace and relkind in ('r', 'i')`);
      await db.exec(`select pg_clear_attribute_stats('public', tablename, attname, inherited)
        from pg_stats where schemaname = 'public'`);
      expect(
        (
          await db.query<{ n: number }>('select count(*)::int as n from pg_stats where schemaname = $1', [
            'public',
          ])
        ).rows,
      ).toEqual([{ n: 0 }]);
      const restored = (await db.query<{ array: boolean[] }>(restoreStatisticsSql(shipped))).rows[0]?.array;
      expect(restored).toEqual(new Array(shipped.relations.length + shipped.columns.length).fill(true));
      expect((await db.query(storedByAnalyze)).rows[0]).toEqual(analyzed);
    } finally {
      await db.close();
    }
  });
});

describe('a statistics file that does not fit', () => {
  const folder = join(scratch, 'datasets');
  const script = `-- one table
create table t (id int primary key, k int not null);
insert into t select g, g % 7 from generate_series(1, 500) g;
analyze;`;
  const dataset = { name: 't', file: join(folder, 't.sql'), description: 'one table', sql: script };
  const file = (statistics: DatasetStatistics) => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 't.sql'), script);
    writeFileSync(join(folder, 't.statistics.json'), JSON.stringify(statistics));
  };
  const key = datasetKey(dataset, pgliteVersion());
  const made = { dataset: 't', key, pglite: pgliteVersion(), relations: [], columns: [] };

  it('is not used when it was made for another script or PGlite', async () => {
    file({ ...made, key: '0123456789abcdef' });
    expect(await shippedStatistics(dataset, key)).toBeUndefined();
    file(made);
    expect(await shippedStatistics(dataset, key)).toEqual(made);
  });

  it('that PostgreSQL cannot restore leaves the build to the script’s own ANALYZE', async () => {
    file({
      ...made,
      relations: [
        { relname: 'no_such_table', relpages: '1', reltuples: '1', relallvisible: '0', relallfrozen: '0' },
      ],
    });
    const factory = new PgliteSessionFactory({
      datasets: new Map([['t', dataset]]),
      cacheDir: join(scratch, 'cache'),
    });
    const session = await factory.open('t');
    try {
      const stats = await session.query(
        "select n_distinct::text from pg_stats where tablename = 't' and attname = 'k'",
      );
      expect(stats.rows).toEqual([['7']]);
    } finally {
      await session.close();
      await factory.close();
    }
  });
});
