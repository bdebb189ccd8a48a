/**
 * A time limit that a busy machine does not shorten: the CPU time of PostgreSQL's thread.
 *
 * PGlite runs PostgreSQL in one worker thread (pglite-worker.js) and ignores
 * `statement_timeout`, so dbplay stops a statement that outlives its limit by ending the
 * thread. Measured in wall time, that limit shrinks as the machine gets busier: on two cores
 * shared by a dozen processes, PostgreSQL's thread gets a sixth of a core, and an
 * `ANALYZE` that needs 1.5 s of work takes 9 s. A learner's right answer would then be
 * stopped for the machine's sake, not for its own cost.
 *
 * So a limit counts the time the thread actually ran, as a CPU-time limit does (the shell's
 * `ulimit -t`, PostgreSQL's own `statement_timeout` being wall time on a server that has
 * its cores to itself). Linux gives each thread's CPU time in
 * `/proc/<pid>/task/<tid>/stat` (utime and stime, fields 14 and 15, in clock ticks of
 * 1/100 s: proc(5)); the worker names its own file when it starts (pglite-worker.js reads
 * the link `/proc/thread-self`). Where there is no such
 * file (macOS, Windows), the limit is wall time, as before. And a limit in CPU time still
 * ends in wall time: a statement stops after {@link WALL_TIME_FACTOR} times its limit of
 * wall time, however little CPU it got, so a learner never waits without end.
 */
import { readFileSync } from 'node:fs';

/** The longest a statement may take in wall time, as a multiple of its CPU-time limit. */
export const WALL_TIME_FACTOR = 10;

/** Linux's USER_HZ, the unit of /proc's CPU times (100 on every architecture Node runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A thread's CPU time, user and system, in milliseconds; undefined once the thread is gone. */
export function threadCpuMs(statFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(statFile, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count after its end.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * What a running statement's watchdog does when its timer fires: stop the statement, or
 * look again after so many milliseconds. `cpuMs` is the CPU time the thread has used since
 * the statement began, or undefined where it cannot be read (then the limit is wall time).
 */
export function limitVerdict(limitMs: number, wallMs: number, cpuMs: number | undefined): 'stop' | number {
  if (cpuMs === undefined || cpuMs >= limitMs) return 'stop';
  const wallLeft = limitMs * WALL_TIME_FACTOR - wallMs;
  if (wallLeft <= 0) return 'stop';
  // The thread cannot use more CPU than wall time passes, so the limit cannot be reached
  // before limit − cpu more milliseconds (at least a clock tick, /proc's resolution).
  return Math.min(Math.max(limitMs - cpuMs, 1000 / CLOCK_TICKS_PER_SECOND), wallLeft);
}
