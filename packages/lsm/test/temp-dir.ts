/**
 * Temporary directories for on-disk tests, removed when the test file is done.
 *
 * In memory when the system has room (@dbplay/core's scratchDirectory, /dev/shm on Linux): a
 * store opened with `sync` calls fdatasync on every write, which on a disk waits for the
 * device, most of these tests' time. The crash tests kill a process, and a killed process
 * loses nothing the kernel was given, on any file system (crash-writer.ts); a power cut,
 * which only a real sync survives, is beyond what a test can stage. The sync calls are still
 * made, at the same sync points.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDirectory } from '@dbplay/core';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory in memory if there is room, else under the system's temporary directory. */
export function tempDir(label = 'lsm'): string {
  const dir = mkdtempSync(join(scratchDirectory(), `dbplay-${label}-`));
  made.push(dir);
  return dir;
}
