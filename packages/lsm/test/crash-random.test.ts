/**
 * Crashes at random moments: a writer with `sync` on is killed with SIGKILL from outside at
 * a random time while it writes, flushes and compacts; reopening must recover every
 * acknowledged write and nothing that was not written.
 *
 * 3 strategies × 12 rounds = 36 rounds, each a real process killed.
 */
import { SeededRandom } from '@dbplay/core';
import { describe, expect, it } from 'vitest';
import { crashRound } from './crash-round.ts';
import { type CrashStrategy, crashStrategies } from './crash-workload.ts';
import { tempDir } from './temp-dir.ts';

const rounds = 12;

describe.each(Object.keys(crashStrategies) as CrashStrategy[])(
  'a %s store killed at random moments',
  (strategy) => {
    it(`recovers every acknowledged write, ${rounds} times`, async () => {
      const random = new SeededRandom(`random-${strategy}`);
      let acknowledged = 0;
      for (let round = 0; round < rounds; round++) {
        const outcome = await crashRound({
          dir: tempDir('crash'),
          seed: random.int(1, 1e6),
          strategy,
          killAfterMs: random.int(0, 600),
        });
        acknowledged += outcome.acknowledged;
      }
      // The kills landed while the writer was busy, not before it started.
      expect(acknowledged).toBeGreaterThan(rounds * 10);
    }, 300_000); // twelve writer processes start through tsx: slow on a busy machine
  },
);
