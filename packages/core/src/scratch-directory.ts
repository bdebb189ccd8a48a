/**
 * Where to put files that live for seconds: in memory, when the system offers room there.
 *
 * A throwaway PostgreSQL cluster creates and deletes hundreds of files per database (one per
 * relation fork), and on a disk mounted with `discard` every deletion is also a TRIM. Linux
 * mounts a tmpfs at /dev/shm, where the same files cost no disk I/O at all: the isolation
 * runners, which create a database per permutation, run about twice as fast there. The LSM
 * store's on-disk tests put their stores there too: each synced write is an fsync, which on a
 * disk waits for the device and on a tmpfs returns at once (what those tests check, recovery
 * after a process is killed, does not depend on it: the kernel keeps what was written). Containers
 * often give /dev/shm only 64 MiB, so it is used only when it has room to spare; otherwise,
 * and on other systems, the usual temporary directory.
 */
import { accessSync, constants, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const memoryBacked = '/dev/shm';

/** /dev/shm when it exists, is writable and has at least `minimumFreeBytes` free; else `os.tmpdir()`. */
export function scratchDirectory(minimumFreeBytes = 1024 * 1024 * 1024): string {
  if (process.platform !== 'linux') return tmpdir();
  try {
    accessSync(memoryBacked, constants.W_OK);
    const stats = statfsSync(memoryBacked);
    return stats.bavail * stats.bsize >= minimumFreeBytes ? memoryBacked : tmpdir();
  } catch {
    return tmpdir();
  }
}
