/**
 * What `dbplay lsm load --dir DIR --n N` does: write N random keys (seeded, so the same on
 * every machine), with a progress bar, and end with the store's metrics: the quickest way
 * to see flushes and compactions pile up and what they cost. Loaded only when it runs.
 */
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BadInputError, formatCount, renderProgressBar, SeededRandom } from '@dbplay/core';
import type { CommandContext } from '../../context.ts';
import { seed } from '../../options.ts';
import { loadBounds } from './load-bounds.ts';
import { renderMetrics } from './render-metrics.ts';
import type { StoreFlags } from './store-flags.ts';
import { showSteps, withSteps, withStore } from './store-session.ts';

export interface LoadFlags extends StoreFlags {
  n: number;
  seed: string;
  valueSize: number;
  keySize: number;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

const mib = 1024 * 1024;
const shown = (bytes: number) =>
  bytes >= 1024 * mib
    ? `${(bytes / 1024 / mib).toFixed(1)} GiB`
    : bytes >= mib
      ? `${(bytes / mib).toFixed(1)} MiB`
      : `${bytes} bytes`;

/**
 * Refuses sizes beyond the bounds, and a load that would not fit in the free space of the
 * store's file system (each key and value is written at least twice: to the log, then to a
 * table), before anything is written.
 */
export function checkLoadSize(flags: Pick<LoadFlags, 'n' | 'keySize' | 'valueSize' | 'dir'>): void {
  const { maxKeys, minKeySize, maxKeySize, maxValueSize } = loadBounds;
  if (flags.n < 1 || flags.n > maxKeys) {
    throw new BadInputError(`--n must be from 1 to ${formatCount(maxKeys)} keys; got ${flags.n}`);
  }
  if (flags.keySize < minKeySize || flags.keySize > maxKeySize) {
    throw new BadInputError(
      `--key-size must be from ${minKeySize} to ${maxKeySize} bytes (64 KiB); got ${flags.keySize}`,
    );
  }
  if (flags.valueSize > maxValueSize) {
    throw new BadInputError(
      `--value-size must be at most ${maxValueSize} bytes (4 MiB); got ${flags.valueSize}`,
    );
  }
  const needed = 2 * flags.n * (flags.keySize + flags.valueSize);
  const free = freeSpace(resolve(flags.dir));
  if (free !== undefined && needed > free) {
    throw new BadInputError(
      `--n ${flags.n} keys of ${flags.keySize} + ${flags.valueSize} bytes need about ${shown(needed)} (each written to the log and to a table), more than the ${shown(free)} free where ${flags.dir} is`,
      { hint: 'load fewer keys, or smaller ones' },
    );
  }
}

/** Bytes free to this user on the file system holding `path` (or its nearest existing parent). */
function freeSpace(path: string): number | undefined {
  for (let at = path; ; at = dirname(at)) {
    try {
      const stats = statfsSync(at);
      return stats.bavail * stats.bsize;
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}

export async function load(flags: LoadFlags, context: CommandContext): Promise<void> {
  checkLoadSize(flags);
  const random = new SeededRandom(seed(flags.seed));
  const text = (length: number): string => {
    let out = '';
    while (out.length < length) {
      let bits = random.nextUint32();
      for (let i = 0; i < 6 && out.length < length; i++) {
        out += alphabet[bits % 36];
        bits = Math.floor(bits / 36);
      }
    }
    return out;
  };
  const every = Math.max(1, Math.floor(flags.n / 100));
  const { result: metrics, steps } = await withStore(flags, (tree) => {
    for (let i = 0; i < flags.n; i++) {
      tree.put(text(flags.keySize), text(flags.valueSize));
      if (i % every === 0) context.progress(renderProgressBar(i, flags.n, 'keys'));
    }
    context.progress(renderProgressBar(flags.n, flags.n, 'keys'));
    tree.tracer = undefined;
    return tree.metrics();
  });
  await showSteps(steps, flags, context);
  if (context.json) {
    context.printJson(withSteps({ written: flags.n, metrics }, steps, flags));
  } else {
    context.print(`wrote ${flags.n} keys\n${renderMetrics(metrics, context.palette, context.width)}`);
  }
}
