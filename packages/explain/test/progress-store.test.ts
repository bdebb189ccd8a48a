/**
 * The progress store's read-modify-write under a lock: many updates at once, none lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgress, recordAttempt, updateProgress } from '../src/grading/progress-store.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dbplay-progress-store-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('updateProgress', () => {
  it('loses none of 40 concurrent updates', async () => {
    const file = join(folder, 'progress.json');
    const now = new Date();
    await Promise.all(
      Array.from({ length: 40 }, () =>
        updateProgress(file, now, (progress) => recordAttempt(progress, 'loops', 0, 1)),
      ),
    );
    const { progress } = await loadProgress(file, now);
    expect(progress.exercises.loops?.attempts).toBe(40);
  });

  it('takes over the lock of a process that is gone', async () => {
    const file = join(folder, 'stale.json');
    const { writeFile } = await import('node:fs/promises');
    // A pid far above any pid_max: no such process.
    await writeFile(`${file}.lock`, '999999999');
    const { progress } = await updateProgress(file, new Date(), (p) => recordAttempt(p, 'loops', 1, 1));
    expect(progress.exercises.loops).toMatchObject({ attempts: 1, status: 'passed', revealed: false });
  });
});
