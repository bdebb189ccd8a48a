/**
 * What `dbplay lsm load --dir DIR --n N` does: write N random keys (seeded, so the same on
 * every machine), with a progress bar, and end with the store's metrics: the quickest way
 * to see flushes and compactions pile up and what they cost. Loaded only when it runs.
 */
import { renderProgressBar, SeededRandom } from '@dbplay/core';
import type { CommandContext } from '../../context.ts';
import { seed } from '../../options.ts';
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

export async function load(flags: LoadFlags, context: CommandContext): Promise<void> {
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
    context.print(`wrote ${flags.n} keys\n${renderMetrics(metrics, context.palette)}`);
  }
}
