/**
 * Building a dataset's snapshot (sessions/dataset-cache.ts): the progress a build reports
 * (what the CLI's progress bar draws), and what the snapshot holds for learner SQL.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type BuildProgress, describeBuild, PgliteSessionFactory } from '../src/index.ts';
import { PgliteWorkerClient } from '../src/sessions/pglite-worker-client.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'dbplay-build-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const tiny = {
  name: 'tiny',
  file: 'tiny.sql',
  description: 'two tables',
  sql: `-- two tables
create table a (id int primary key);
insert into a select g from generate_series(1, 3000) g;
create table b (id int primary key, a_id int not null);
insert into b select g, 1 + g % 3000 from generate_series(1, 1000) g;
analyze;`,
};

describe('a dataset build', () => {
  it('reports the cluster, then rows as they load, then VACUUM; the learner role owns the tables', async () => {
    const reports: BuildProgress[] = [];
    const factory = new PgliteSessionFactory({
      datasets: new Map([['tiny', tiny]]),
      cacheDir,
      onBuild: (progress) => reports.push(progress),
    });
    const session = await factory.open('tiny');
    try {
      expect(reports.map((report) => report.phase).filter((p, i, all) => p !== all[i - 1])).toEqual([
        'cluster',
        'load',
        'vacuum',
      ]);
      const fractions = reports.map((report) => report.fraction);
      expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
      expect(reports.at(-1)?.rows).toBe(4000);
      // The statements are weighted by the rows they generate: the 3,000-row insert moves the bar most.
      const loads = reports.filter((report) => report.phase === 'load').map((report) => report.fraction);
      const steps = loads.slice(1).map((fraction, i) => fraction - (loads[i] ?? 0));
      expect(Math.max(...steps)).toBe(steps[1]);
      // ANALYZE reads the 4,000 rows back: it moves the bar more than the 1,000-row insert.
      expect(steps[4]).toBeGreaterThan(steps[3] ?? 0);
      expect(describeBuild(reports.at(-1) as BuildProgress)).toBe(
        '[██████████████████░░]  90% building dataset tiny (first use; later runs reuse it): VACUUM · 4,000 rows',
      );
      const owners = await session.query(
        "select string_agg(tableowner, ',' order by tablename) from pg_tables where schemaname = 'public'",
      );
      expect(owners.rows[0]?.[0]).toBe('dbplay_learner,dbplay_learner');
    } finally {
      await session.close();
      await factory.close();
    }
    // The factory's close waits for the snapshot's write: it is whole in the cache, nothing half-written beside it.
    expect(readdirSync(join(cacheDir, 'explain', 'datasets'))).toEqual([
      expect.stringMatching(/^tiny-[0-9a-f]{16}$/),
    ]);
  });

  it('opens the session on a dataset it has just built from the files in memory; a snapshot it could not write is the close’s error', async () => {
    const unwritable = mkdtempSync(join(tmpdir(), 'dbplay-build-test-unwritable-'));
    try {
      // A file where the datasets' folder should be: the write fails, the build and the session do not.
      mkdirSync(join(unwritable, 'explain'));
      writeFileSync(join(unwritable, 'explain', 'datasets'), '');
      const factory = new PgliteSessionFactory({ datasets: new Map([['tiny', tiny]]), cacheDir: unwritable });
      const session = await factory.open('tiny');
      const counted = await session.query('select count(*)::int from a');
      expect(counted.rows[0]?.[0]).toBe(3000);
      await session.close();
      await expect(factory.close()).rejects.toThrow(/EEXIST|ENOTDIR/);
    } finally {
      rmSync(unwritable, { recursive: true, force: true });
    }
  });

  it('restarts once when requests find the worker gone during a restart: one new worker, not one each', async () => {
    const factory = new PgliteSessionFactory({ datasets: new Map([['tiny', tiny]]), cacheDir });
    const session = await factory.open('tiny');
    const starts = vi.spyOn(PgliteWorkerClient, 'start');
    try {
      // As at the shell's Ctrl-C: a restart, and meanwhile the interrupted caller's last request
      // (which, starting a worker of its own, replaced the first under the learner's next statement).
      await Promise.all([session.restart(), session.exec('reset role'), session.restart()]);
      expect(starts).toHaveBeenCalledTimes(1);
      await session.exec('set role dbplay_learner');
      expect((await session.query('select current_user::text')).rows).toEqual([['dbplay_learner']]);
    } finally {
      starts.mockRestore();
      await session.close();
      await factory.close();
    }
  });

  it("in another cache (validate's second instance) starts from the first cache's fresh cluster: no second initdb", async () => {
    const second = mkdtempSync(join(tmpdir(), 'dbplay-build-test-second-'));
    try {
      const factory = new PgliteSessionFactory({
        datasets: new Map([['tiny', tiny]]),
        cacheDir: second,
        clusterCacheDir: cacheDir,
      });
      await factory.prepare(['tiny']);
      await factory.close();
      expect(readdirSync(join(second, 'explain', 'datasets'))).toEqual([
        expect.stringMatching(/^tiny-[0-9a-f]{16}$/),
      ]);
      expect(existsSync(join(second, 'pglite'))).toBe(false);
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });
});
