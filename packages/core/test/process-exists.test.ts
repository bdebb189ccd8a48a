import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processExists } from '../src/process-exists.ts';

describe('processExists', () => {
  it('sees this process and its parent', () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(process.ppid)).toBe(true);
  });

  it('does not see a process that has exited', () => {
    const child = spawnSync(process.execPath, ['-e', '']);
    expect(child.status).toBe(0);
    expect(processExists(child.pid as number)).toBe(false);
  });
});
