/**
 * One open store per directory: the LOCK file.
 *
 * Two processes appending to the same write-ahead log, or both compacting, would destroy
 * the store, so opening takes a lock first. LevelDB holds an fcntl lock on its LOCK file
 * (util/env_posix.cc, `LockFile`), which the kernel drops when the process dies; Node has no
 * fcntl locks, so dbplay writes its process id into LOCK instead, created atomically with
 * link(2) so that two openers cannot both succeed. A LOCK whose process no longer exists was
 * left by a crash and is taken over. (The check cannot tell a reused process id from the
 * original owner; a store shared between machines over a network file system is not
 * supported either.)
 */

import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, processExists } from '@dbplay/core';

export const lockFileName = 'LOCK';

// Directories this process has open: a second open in the same process is refused too.
const openHere = new Set<string>();

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
  const holder = liveHolder(directory);
  if (holder !== undefined) {
    throw new BadInputError(`${directory} is locked by process ${holder}, which has the store open`, {
      code: 'store-locked',
      hint: `wait for it to finish, or stop it; ${join(directory, lockFileName)} names the process`,
    });
  }
}

/** Takes the lock, replacing a stale LOCK left by a process that has died. */
export function acquireDirectoryLock(directory: string): DirectoryLock {
  assertNotLocked(directory);
  const lockPath = join(directory, lockFileName);
  const temporary = join(directory, `${lockFileName}.${process.pid}.tmp`);
  writeFileSync(temporary, `${process.pid}\n`);
  try {
    try {
      linkSync(temporary, lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Someone holds it, or a crashed process left it behind.
      assertNotLocked(directory);
      unlinkSync(lockPath);
      linkSync(temporary, lockPath);
    }
  } finally {
    unlinkSync(temporary);
  }
  openHere.add(directory);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      openHere.delete(directory);
      if (holderPid(directory) === process.pid) unlinkSync(lockPath);
    },
  };
}

/** The process id in LOCK when that process is still running; undefined otherwise. */
function liveHolder(directory: string): number | undefined {
  const pid = holderPid(directory);
  if (pid === undefined) return undefined;
  if (pid === process.pid) return openHere.has(directory) ? pid : undefined;
  return processExists(pid) ? pid : undefined;
}

function holderPid(directory: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(directory, lockFileName), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
