/**
 * Crashes at the moments that matter: a writer with `sync` on kills itself (SIGKILL) at a
 * named point inside a log append, a flush, a compaction or a manifest update, for every
 * strategy; reopening must recover every acknowledged write and nothing that was not
 * written. A crash right after a log append is also replayed with the record torn.
 *
 * 3 strategies × (8 sync points × 2 hit counts + 2 torn appends) = 54 rounds, each a real
 * process killed.
 */
import { SeededRandom } from '@dbplay/core';
import { describe, expect, it } from 'vitest';
import { type SyncPointName, syncPointNames } from '../src/store/sync-points.ts';
import { crashRound } from './crash-round.ts';
import { type CrashStrategy, crashStrategies } from './crash-workload.ts';
import { tempDir } from './temp-dir.ts';

describe.each(Object.keys(crashStrategies) as CrashStrategy[])(
  'a %s store killed at a sync point',
  (strategy) => {
    const random = new SeededRandom(`points-${strategy}`);

    // Opening's lock point comes before any write: lock-race.test.ts is its test.
    const writePoints = syncPointNames.filter((point) => !point.startsWith('lock:'));
    const cases = writePoints.flatMap((point): [SyncPointName, string][] => [
      [point, 'early'],
      [point, 'later'],
    ]);

    it.each(cases)('recovers every acknowledged write after a crash at %s (%s)', async (point, when) => {
      // The log is appended on every write, the rest every few dozen writes.
      const [low, high] = point === 'wal:appended' ? [1, 400] : when === 'early' ? [1, 3] : [4, 12];
      const hit = random.int(low, high);
      const outcome = await crashRound({
        dir: tempDir('crash'),
        seed: random.int(1, 1e6),
        strategy,
        point,
        hit,
      });
      // A manifest write also happens when the store is created, before any write: hit 1 may crash there.
      if (point === 'wal:appended') expect(outcome.acknowledged).toBe(hit - 1);
    });

    it.each(['first', 'second'])(
      'drops a log record torn by the crash, and keeps every one before it (%s)',
      async () => {
        const outcome = await crashRound({
          dir: tempDir('crash'),
          seed: random.int(1, 1e6),
          strategy,
          point: 'wal:appended',
          hit: random.int(50, 400),
          tearLastRecord: true,
        });
        expect(outcome.inFlightSurvived).toBe(false);
      },
    );
  },
);
