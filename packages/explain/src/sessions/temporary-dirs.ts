/**
 * Temporary folders that must not outlive the process: each session's private copy of a
 * dataset (about 80 MB). They are deleted when the session closes and, should the process
 * end first (an error), synchronously on exit. A process killed outright (Ctrl-C, SIGKILL)
 * cannot clean up, so each folder's name carries its process id, and the next process
 * removes the folders of processes that are gone.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExists } from '@dbplay/core';

const live = new Set<string>();
let hooked = false;

function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** A new folder `<parent>/<prefix><pid>-XXXXXX`, removed on exit if not before. */
export async function makeTemporaryDir(prefix: string, parent: string = tmpdir()): Promise<string> {
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAllNow);
    removeOrphans(prefix, parent);
  }
  const dir = await mkdtemp(join(parent, `${prefix}${process.pid}-`));
  live.add(dir);
  return dir;
}

export async function removeTemporaryDir(dir: string): Promise<void> {
  live.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

function removeOrphans(prefix: string, parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processExists(pid)) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}
