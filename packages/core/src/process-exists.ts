/**
 * Whether a process is still running, by its id.
 *
 * Signal 0 delivers nothing; the kernel only checks that the process exists and that we may
 * signal it. EPERM therefore means "alive, but someone else's". Lock files and temporary
 * folders that carry a pid use this to tell a live owner from one that died without
 * cleaning up. PostgreSQL checks the pid in postmaster.pid with the same signal 0
 * (`CreateLockFile`, src/backend/utils/init/miscinit.c).
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
