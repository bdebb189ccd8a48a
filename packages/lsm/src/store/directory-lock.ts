/**
 * One open store per directory: the lock files.
 *
 * Two processes appending to the same write-ahead log, or both compacting, would destroy
 * the store, so opening takes a lock first, and exactly one opener may win it, even when
 * a crash left an old lock behind. LevelDB holds an fcntl lock on its LOCK file
 * (util/env_posix.cc, `LockFile`), which the kernel drops when the process dies; Node has
 * no fcntl or flock, so dbplay builds the lock from two things POSIX does make atomic:
 * creating a name that does not exist yet (link(2) fails with EEXIST if it does), and
 * numbering.
 *
 * The locks are numbered generations: `LOCK.1`, `LOCK.2`, … (a `LOCK` from older versions
 * counts as generation 0), each holding its owner's process id, written before the name
 * appears (it is linked from a temporary file), so a reader never sees an empty one. To
 * open, a process looks at the highest generation: if its owner is alive, the store is
 * taken; if not (or there is none), it links the next generation. Of all the processes
 * that saw the same dead owner, exactly one creates the next number; the others get
 * EEXIST, look again, and find a live owner. A dead lock is never deleted to be replaced —
 * the old design did that, and a second opener could delete the first one's fresh lock —
 * it is only ever superseded by a higher number, and the winner then sweeps away the
 * older, dead generations. Closing deletes the owner's own generation.
 *
 * (Whether an owner is alive is judged by its process id, so a reused process id looks
 * alive, which refuses an open but never lets two in; a store shared between machines
 * over a network file system is not supported.)
 */

import { linkSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, processExists } from '@dbplay/core';
import type { SyncPointName } from './sync-points.ts';

/** Where a store's lock lives: generation n is `LOCK.n`; plain `LOCK` is generation 0. */
export function lockFileName(generation: number): string {
  return generation === 0 ? 'LOCK' : `LOCK.${generation}`;
}

/** The generation a file name is the lock of, or undefined when it is not a lock. */
export function lockGeneration(name: string): number | undefined {
  const match = /^LOCK(?:\.(\d+))?$/.exec(name);
  return match === null ? undefined : Number(match[1] ?? 0);
}

/** Whether a name is one of the lock's files: a generation, or a temporary file of an opener. */
export function isLockFile(name: string): boolean {
  return lockGeneration(name) !== undefined || /^LOCK\.\d+\.tmp$/.test(name);
}

// Directories this process has open: a second open in the same process is refused too.
const openHere = new Set<string>();

/** Attempts before giving up when other openers keep changing the lock under us. */
const maxAttempts = 100;

export interface DirectoryLock {
  release(): void;
}

/**
 * Throws if another open store holds the directory. Called before anything is written, so a
 * locked directory is left exactly as it was.
 */
export function assertNotLocked(directory: string): void {
  if (openHere.has(directory)) {
    throw new BadInputError(`${directory} is already open in this process`, {
      code: 'store-locked',
      hint: 'close the other LsmTree first',
    });
  }
  const newest = newestLock(directory);
  if (newest !== undefined && isAlive(directory, newest.pid)) throw lockedBy(directory, newest);
}

/** Takes the lock: the next generation after the newest, whose owner must be dead or absent. */
export function acquireDirectoryLock(
  directory: string,
  syncPoint?: (point: SyncPointName) => void,
): DirectoryLock {
  assertNotLocked(directory);
  const temporary = join(directory, `LOCK.${process.pid}.tmp`);
  writeFileSync(temporary, `${process.pid}\n`);
  let generation: number | undefined;
  try {
    for (let attempt = 0; generation === undefined; attempt++) {
      const newest = newestLock(directory);
      if (newest !== undefined && isAlive(directory, newest.pid)) throw lockedBy(directory, newest);
      syncPoint?.('lock:stale-seen');
      const next = (newest?.generation ?? 0) + 1;
      try {
        linkSync(temporary, join(directory, lockFileName(next)));
        generation = next;
      } catch (error) {
        // Another opener created this generation first: look again (it is most likely alive).
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= maxAttempts) throw error;
      }
    }
  } finally {
    unlinkSync(temporary);
  }
  sweepOlderLocks(directory, generation);
  openHere.add(directory);
  const path = join(directory, lockFileName(generation));
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      openHere.delete(directory);
      unlinkSync(path);
    },
  };
}

interface LockOwner {
  readonly generation: number;
  /** The owner's process id, or undefined when the file does not hold one. */
  readonly pid: number | undefined;
}

/** The highest generation in the directory and its owner. */
function newestLock(directory: string): LockOwner | undefined {
  let newest: number | undefined;
  for (const name of readdirSync(directory)) {
    const generation = lockGeneration(name);
    if (generation !== undefined && (newest === undefined || generation > newest)) newest = generation;
  }
  if (newest === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(join(directory, lockFileName(newest)), 'utf8');
  } catch {
    // Released (or swept) since the listing: as good as absent, but the number stays used.
    return { generation: newest, pid: undefined };
  }
  const pid = Number(text.trim());
  return { generation: newest, pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined };
}

function isAlive(directory: string, pid: number | undefined): boolean {
  if (pid === undefined) return false;
  if (pid === process.pid) return openHere.has(directory);
  return processExists(pid);
}

/**
 * Deletes every generation below ours: their owners were dead when a higher number was
 * taken, so none of them can be alive.
 */
function sweepOlderLocks(directory: string, ours: number): void {
  for (const name of readdirSync(directory)) {
    const generation = lockGeneration(name);
    if (generation === undefined || generation >= ours) continue;
    try {
      unlinkSync(join(directory, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function lockedBy(directory: string, owner: LockOwner): BadInputError {
  return new BadInputError(`${directory} is locked by process ${owner.pid}, which has the store open`, {
    code: 'store-locked',
    hint: `wait for it to finish, or stop it; ${join(directory, lockFileName(owner.generation))} names the process`,
  });
}
