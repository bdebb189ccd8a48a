/**
 * LevelDB's figures in `dbplay btree-vs-lsm --real`: the log size computed from LevelDB's
 * format against the log file LevelDB itself writes, and the write amplification measured
 * from the kernel's count of bytes written, against what must be in it (the log, and at
 * least one flushed table once the workload outgrows the write buffer).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchShape, buildWorkload, bytesWrittenByProcess, leveldbLogBytes } from '@dbplay/learn';
import { ClassicLevel } from 'classic-level';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLevelDb } from '../src/amplification/real-engines.ts';

describe("LevelDB's log size", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dbplay-leveldb-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('equals the .log file LevelDB writes for the same batches (property)', async () => {
    let store = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 40_000 })), {
            minLength: 1,
            maxLength: 5,
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (batches: BatchShape[]) => {
          const location = join(dir, String(store++));
          // A write buffer larger than anything generated: every batch stays in the one log.
          const db = new ClassicLevel<string, string>(location);
          await db.open({ writeBufferSize: 64 * 1024 * 1024 });
          try {
            let key = 0;
            for (const batch of batches) {
              await db.batch(
                batch.map(([keyBytes, valueBytes]) => ({
                  type: 'put' as const,
                  // Distinct keys of the given length: the log holds every put whatever the key.
                  key: String(key++).padStart(keyBytes, 'k').slice(-keyBytes),
                  value: 'v'.repeat(valueBytes),
                })),
              );
            }
            const logs = (await readdir(location)).filter((name) => name.endsWith('.log'));
            expect(logs).toHaveLength(1);
            expect((await stat(join(location, logs[0] as string))).size).toBe(leveldbLogBytes(batches));
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

const measurable = bytesWrittenByProcess() !== undefined;

describe("LevelDB's write amplification, measured from /proc/self/io", () => {
  it.runIf(measurable)(
    'random inserts: the log once, and more for the tables flushed and compacted',
    async () => {
      const workload = buildWorkload('insert', 3000);
      const figures = await measureLevelDb(workload.load, workload.measured);
      const user = 3000 * (16 + 100);
      const logShare =
        leveldbLogBytes(
          Array.from({ length: 30 }, () => Array.from({ length: 100 }, () => [16, 100] as const)),
        ) / user;
      // 348 kB of puts through a 256 KiB write buffer: at least one table of ~256 KiB is flushed.
      expect(figures.writeAmplification).toBeGreaterThan(logShare + 0.5);
      expect(figures.writeAmplification).toBeLessThan(20);
      expect(figures.notes.join(' ')).toContain(`${logShare.toFixed(2)}× of it is the log`);
      expect(figures.spaceAmplification).toBeGreaterThan(0.9);
    },
  );

  it.runIf(measurable)('lookups put nothing: no write amplification to report', async () => {
    const workload = buildWorkload('lookup', 500);
    const figures = await measureLevelDb(workload.load, workload.measured);
    expect(figures.writeAmplification).toBeNull();
    expect(figures.notes.join(' ')).toContain('no puts in the measured phase');
  });

  it.runIf(!measurable)('without /proc/self/io, says so instead of a figure', async () => {
    const workload = buildWorkload('insert', 300);
    const figures = await measureLevelDb(workload.load, workload.measured);
    expect(figures.writeAmplification).toBeNull();
    expect(figures.notes.join(' ')).toContain('/proc/self/io');
  });
});
