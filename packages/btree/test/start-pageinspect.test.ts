/**
 * When PGlite cannot start, the x-ray says so as an EngineUnavailableError (exit 3 in the
 * CLI), with the engine's own message, instead of a stack trace. And a cache folder left by
 * an older dbplay (the cluster kept as a tar in `btree/`) is removed, not left empty.
 */

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineUnavailableError, ExitCode } from '@dbplay/core';
import { describe, expect, it, vi } from 'vitest';
import { startPgliteWithPageinspect } from '../src/xray/start-pageinspect.ts';

vi.mock('@electric-sql/pglite', () => ({
  PGlite: {
    create: () => Promise.reject(new Error('WebAssembly.instantiate(): out of memory')),
  },
}));

describe('startPgliteWithPageinspect', () => {
  it('turns a failed start into an EngineUnavailableError naming PGlite', async () => {
    const failure = await startPgliteWithPageinspect().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineUnavailableError);
    expect((failure as EngineUnavailableError).exitCode).toBe(ExitCode.engineUnavailable);
    expect((failure as EngineUnavailableError).engine).toBe('pglite');
    expect((failure as EngineUnavailableError).oneLine()).toBe(
      'PGlite with pageinspect could not be started: WebAssembly.instantiate(): out of memory (run pnpm install, then dbplay doctor)',
    );
  });

  it("removes the older dbplay's btree/ cache folder, tar and all", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'dbplay-xray-cache-'));
    try {
      await mkdir(join(cacheDir, 'btree'));
      await writeFile(join(cacheDir, 'btree', 'pageinspect-cluster-pglite-0.4.0.tar'), 'old');
      await startPgliteWithPageinspect({ cacheDir }).catch(() => {});
      expect(existsSync(join(cacheDir, 'btree'))).toBe(false);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
