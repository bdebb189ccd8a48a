/**
 * Time limits on PGlite's thread count its CPU time (thread-cpu-clock.ts): the watchdog's
 * verdicts, the clock read from /proc, and a statement stopped by it.
 */
import { readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitVerdict, threadCpuMs, WALL_TIME_FACTOR } from '../src/sessions/thread-cpu-clock.ts';

describe('the watchdog of a statement with a 5,000 ms limit', () => {
  it.each([
    // wall ms, CPU ms used, verdict
    { wallMs: 5_000, cpuMs: 5_000, verdict: 'stop', why: 'it used its limit of CPU time' },
    { wallMs: 5_000, cpuMs: 6_000, verdict: 'stop', why: 'it used more (the clock ticks 1/100 s)' },
    { wallMs: 5_000, cpuMs: undefined, verdict: 'stop', why: 'no CPU clock (not Linux): wall time' },
    {
      wallMs: 5_000,
      cpuMs: 1_000,
      verdict: 4_000,
      why: 'a busy machine: it cannot use 4 s of CPU in less than 4 s',
    },
    { wallMs: 9_990, cpuMs: 4_995, verdict: 10, why: 'nearly there: one clock tick at least' },
    { wallMs: 49_000, cpuMs: 1_000, verdict: 1_000, why: 'the wall-time cap comes first' },
    { wallMs: 5_000 * WALL_TIME_FACTOR, cpuMs: 1_000, verdict: 'stop', why: 'the wall-time cap reached' },
  ] as const)('$why → $verdict', ({ wallMs, cpuMs, verdict }) => {
    expect(limitVerdict(5_000, wallMs, cpuMs)).toBe(verdict);
  });
});

describe('a thread CPU clock', () => {
  it.runIf(process.platform === 'linux')(
    'reads this thread’s utime and stime from /proc and advances with work',
    () => {
      const file = `/proc/${readlinkSync('/proc/thread-self')}/stat`;
      const before = threadCpuMs(file) ?? Number.NaN;
      // Work until the clock has moved 50 ms (five ticks); the test fails by the wall-time cap
      // if it never moves, whatever else the machine is doing meanwhile.
      const cap = performance.now() + 20_000;
      let after = before;
      while (!(after - before >= 50) && performance.now() < cap) after = threadCpuMs(file) ?? Number.NaN;
      expect(after - before).toBeGreaterThanOrEqual(50);
      expect(after - before).toBeLessThan(1_000);
    },
  );

  it('counts the fields after the command name, which may hold spaces and parentheses', () => {
    const file = join(tmpdir(), `dbplay-stat-${process.pid}`);
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    writeFileSync(file, '4242 (node (a) b) R 1 1 1 0 -1 4194304 10 0 0 0 250 30 0 0 20 0 9 0\n');
    try {
      expect(threadCpuMs(file)).toBe(2_800);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('is undefined once the thread is gone', () => {
    expect(threadCpuMs('/proc/0/task/0/stat')).toBeUndefined();
  });
});
