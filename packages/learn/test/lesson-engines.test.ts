/**
 * SQL lessons start PGlite from the cluster the x-ray keeps in dbplay's cache, so only the
 * first start on a machine pays for initdb (about 4 s of CPU): the lesson engines hand their
 * cache folder to the x-ray's start.
 */
import { LessonEngines } from '@dbplay/learn';
import { describe, expect, it, vi } from 'vitest';

const started = vi.hoisted(() => [] as unknown[]);
vi.mock('@dbplay/btree', () => ({
  startPgliteWithPageinspect: (options: unknown) => {
    started.push(options);
    return Promise.resolve({ close: () => Promise.resolve() });
  },
}));

describe('LessonEngines.sqlEngine', () => {
  it("starts PGlite from the kept cluster in the environment's cache, once per process", async () => {
    const engines = new LessonEngines({
      exercisesDir: 'exercises',
      cacheDir: '/tmp/dbplay-cache-for-lessons',
    });
    await engines.sqlEngine();
    await engines.sqlEngine();
    expect(started).toEqual([{ cacheDir: '/tmp/dbplay-cache-for-lessons' }]);
    await engines.close();
  });
});
