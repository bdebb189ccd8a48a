/**
 * What must not outlive the process: the servers we started, the throwaway databases we
 * made on somebody's server, the temporary folders we filled. One registry for all of them.
 *
 * A PostgreSQL server is a separate process: if dbplay exits without stopping it, it keeps
 * running and its folder (39 MB of RAM-backed /dev/shm) stays behind. So everything that
 * must be cleaned up registers here, *before* the work that creates it starts (an `initdb`
 * interrupted half-way leaves a folder too). Then:
 *
 * - on Ctrl-C (SIGINT) or SIGTERM, every registered cleanup runs its graceful `stop()`, the
 *   listeners of {@link onInterrupt} hear what was cleaned up (the CLI prints one line), and
 *   the process exits with the shell's code for the signal (130 or 143); a second Ctrl-C
 *   while that runs exits at once;
 * - on a plain exit, which cannot wait for anything, each one's synchronous `killNow()`;
 * - a process killed outright (SIGKILL) cannot clean up at all, so temporary folders carry
 *   the process id in their name (`dbplay-pg-<pid>-XXXXXX`), and the next process that makes
 *   one with the same prefix removes those of processes that are gone
 *   (see {@link makeTemporaryDir}).
 *
 * While nothing is registered and nobody listens for interrupts, no handler is installed,
 * so Ctrl-C behaves as it always does.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processExists } from '@dbplay/core';

export interface StoppableServer {
  /** What is cleaned up, as the interrupt message names it: `the embedded PostgreSQL server …`. */
  readonly description?: string;
  /** The graceful stop: used on Ctrl-C, when there is time to wait. */
  stop(): Promise<void>;
  /** The last resort on process exit: must be synchronous. */
  killNow(): void;
}

/** What an interrupt did: the signal, and what was cleaned up before exiting. */
export interface InterruptReport {
  readonly signal: 'SIGINT' | 'SIGTERM';
  readonly exitCode: 130 | 143;
  /** The descriptions of what was stopped or removed. */
  readonly cleanedUp: readonly string[];
}

const running = new Set<StoppableServer>();
const listeners: ((report: InterruptReport) => void)[] = [];
let interruption: InterruptReport['signal'] | undefined;

const onSignal = (signal: NodeJS.Signals): void => {
  const exitCode = signal === 'SIGINT' ? 130 : 143;
  if (interruption !== undefined) process.exit(exitCode); // a second Ctrl-C: the exit handler kills the rest
  interruption = signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
  const stopping = [...running];
  void Promise.allSettled(stopping.map((server) => server.stop())).then(() => {
    for (const server of stopping) running.delete(server);
    const cleanedUp = stopping.map((server) => server.description).filter((d) => d !== undefined);
    const report: InterruptReport = { signal: interruption ?? 'SIGINT', exitCode, cleanedUp };
    for (const listener of listeners) listener(report);
    process.exit(exitCode);
  });
};
const onExit = (): void => {
  for (const server of running) server.killNow();
};

function updateHandlers(): void {
  const wanted = running.size > 0 || listeners.length > 0;
  const installed = process.listeners('SIGINT').includes(onSignal);
  if (wanted && !installed) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', onExit);
  } else if (!wanted && installed) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}

/** Registers `server` to be stopped on Ctrl-C and killed on exit, until {@link forgetOnExit}. */
export function stopOnExit(server: StoppableServer): void {
  running.add(server);
  updateHandlers();
}

export function forgetOnExit(server: StoppableServer): void {
  running.delete(server);
  updateHandlers();
}

/**
 * Takes over Ctrl-C and SIGTERM for good: `listener` hears what was cleaned up, and then the
 * process exits with 130 (or 143). The CLI uses it to say, in one line, what happened.
 */
export function onInterrupt(listener: (report: InterruptReport) => void): void {
  listeners.push(listener);
  updateHandlers();
}

/** The signal that is ending this process, once an interrupt has begun; else undefined. */
export function interruptedBy(): InterruptReport['signal'] | undefined {
  return interruption;
}

const temporaryDirs = new Map<string, StoppableServer>();
const prefixesSwept = new Set<string>();

/**
 * A new folder `<parent>/<prefix><pid>-XXXXXX`, registered at once to be removed on exit or
 * interrupt if {@link removeTemporaryDir} has not removed it before. The first call for a
 * prefix also removes the folders with that prefix that processes now gone left behind.
 */
export async function makeTemporaryDir(prefix: string, parent: string = tmpdir()): Promise<string> {
  const dir = await makeProcessDir(prefix, parent);
  const cleanup: StoppableServer = {
    description: `the temporary folder ${dir}`,
    stop: () => rm(dir, { recursive: true, force: true }),
    killNow: () => rmSync(dir, { recursive: true, force: true }),
  };
  temporaryDirs.set(dir, cleanup);
  stopOnExit(cleanup);
  return dir;
}

export async function removeTemporaryDir(dir: string): Promise<void> {
  const cleanup = temporaryDirs.get(dir);
  temporaryDirs.delete(dir);
  if (cleanup !== undefined) forgetOnExit(cleanup);
  await rm(dir, { recursive: true, force: true });
}

/**
 * A new folder `<parent>/<prefix><pid>-XXXXXX`, not registered (for a caller whose own
 * cleanup removes it, registered before it fills the folder); the first call for a prefix
 * removes the leftovers of processes that are gone.
 */
export async function makeProcessDir(prefix: string, parent: string = tmpdir()): Promise<string> {
  const sweepKey = join(parent, prefix);
  if (!prefixesSwept.has(sweepKey)) {
    prefixesSwept.add(sweepKey);
    removeOrphans(prefix, parent);
  }
  return mkdtemp(join(parent, `${prefix}${process.pid}-`));
}

/**
 * Removes `<parent>/<prefix><pid>-…` folders whose process is gone. A PostgreSQL server
 * orphaned with its folder (its dbplay was SIGKILLed) notices its lock file is gone and
 * shuts itself down within a minute (postmaster.c checks the data directory's lock file).
 */
export function removeOrphans(prefix: string, parent: string): void {
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
      try {
        rmSync(join(parent, name), { recursive: true, force: true });
      } catch {
        // Another user's folder, or one removed meanwhile: not ours to worry about.
      }
    }
  }
}
