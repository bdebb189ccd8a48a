/**
 * How many bytes an engine wrote, measured from outside it.
 *
 * An engine's own statistics say what it thinks it wrote, in its own units: LevelDB's
 * `leveldb.stats` rounds each level's compaction writes to whole megabytes
 * (db/db_impl.cc, `DBImpl::GetProperty`), too coarse for a workload of a few megabytes.
 * The kernel keeps an exact count instead: `wchar` in `/proc/self/io` is every byte this
 * process has passed to write(2) and its relatives, across all of its threads (LevelDB
 * flushes and compacts on a background thread of its own) — the log, the tables, the
 * MANIFEST and LevelDB's info `LOG` alike (Documentation/filesystems/proc.rst, "/proc/<pid>/io").
 * Measured around a phase in which nothing else in the process writes, the difference is
 * what the engine wrote. It counts bytes handed to the kernel, not bytes that reached the
 * device (the page cache may merge or drop rewrites), which is what write amplification
 * in an engine's own accounting means too.
 *
 * Background work outlives the call that caused it: a `put` returns once the log has it,
 * and the compactions it triggered carry on. {@link writesSettled} waits until the count
 * stops moving, so a phase's measurement includes the work the phase caused.
 */
import { readFileSync } from 'node:fs';

/** Bytes this process has passed to write(2) so far, or undefined where /proc is missing (not Linux). */
export function bytesWrittenByProcess(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * Resolves once this process has written nothing for `stillMs` (half a second by default):
 * a background compaction writes its output continuously and schedules the next one as it
 * finishes, so a still half-second means the chain is done.
 */
export async function writesSettled(stillMs = 500): Promise<void> {
  const pollMs = 100;
  let last = bytesWrittenByProcess();
  if (last === undefined) return;
  for (let still = 0; still < stillMs; ) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const now = bytesWrittenByProcess();
    still = now === last ? still + pollMs : 0;
    last = now;
  }
}
