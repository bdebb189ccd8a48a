/**
 * Temporary directories for on-disk tests, removed when the test file is done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temporary directory. */
export function tempDir(label = 'lsm'): string {
  const dir = mkdtempSync(join(tmpdir(), `dbplay-${label}-`));
  made.push(dir);
  return dir;
}
