/**
 * `dbplay lsm load --dir DIR --n N`: write N random keys (seeded, so the same on every
 * machine), with a progress bar, and end with the store's metrics: the quickest way to see
 * flushes and compactions pile up and what they cost.
 */
import { renderProgressBar, SeededRandom } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { wholeNumber } from './compaction-flags.ts';
import { renderMetrics } from './render-metrics.ts';
import { addStoreFlags, type StoreFlags } from './store-flags.ts';
import { showSteps, stepsJson, withStore } from './store-session.ts';

interface LoadFlags extends StoreFlags {
  n: number;
  seed: string;
  valueSize: number;
  keySize: number;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function registerLoad(lsm: Command, io: CliIo): void {
  addStoreFlags(lsm.command('load').description('write N random keys, then show the metrics'))
    .requiredOption('--n <count>', 'how many keys to write', wholeNumber('--n'))
    .option('--seed <seed>', 'seed of the random keys and values', '1')
    .option('--value-size <bytes>', 'bytes per value', wholeNumber('--value-size'), 100)
    .option('--key-size <bytes>', 'bytes per key', wholeNumber('--key-size'), 16)
    .addHelpText(
      'after',
      `
Keys and values are random letters and digits from the seed; the same seed writes the
same keys, so a second load with the same seed overwrites them all.

Examples:
  $ dbplay lsm load --dir my-store --n 100000
  $ dbplay lsm load --dir small --n 2000 --memtable-size 4096 --strategy tiered
  $ dbplay lsm load --dir my-store --n 50 --memtable-size 1024 --trace`,
    )
    .action(async (flags: LoadFlags, command: Command) => {
      const context = contextFor(command, io);
      const random = new SeededRandom(/^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed);
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
        const document: Record<string, unknown> = { written: flags.n, metrics };
        context.printJson(
          flags.trace === true || flags.step === true ? { ...document, steps: stepsJson(steps) } : document,
        );
      } else {
        context.print(`wrote ${flags.n} keys\n${renderMetrics(metrics, context.palette)}`);
      }
    });
}
