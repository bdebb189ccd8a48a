/**
 * `dbplay lsm simulate simple|tiered|leveled`: mini-lsm's compaction simulator, driving
 * the same strategy code the store runs, with mini-lsm's option names and defaults.
 */
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { addStrategyFlags, strategyNames, strategyParameters, wholeNumber } from './compaction-flags.ts';
import { checkStrategy } from './store-flags.ts';

interface SimulateFlags extends Record<string, unknown> {
  iterations: number;
  sstSizeMb: number;
  seed: string;
  dumpRealId?: boolean;
}

export function registerSimulate(lsm: Command, io: CliIo): void {
  const command = lsm
    .command('simulate')
    .description('flush pretend tables and watch a compaction strategy shape the tree (mini-lsm’s simulator)')
    .argument('<strategy>', strategyNames.join(' | '))
    .option('--iterations <n>', 'tables to flush, one per iteration', wholeNumber('--iterations'), 50)
    .option(
      '--sst-size-mb <n>',
      'pretend size of every table, MiB (leveled)',
      wholeNumber('--sst-size-mb'),
      32,
    )
    .option('--seed <seed>', 'seed of the pretend key ranges (leveled)', '42')
    .option('--dump-real-id', "show tables' own ids instead of the ids they were written from");
  addStrategyFlags(command)
    .addHelpText(
      'after',
      `
Each iteration flushes one table, then runs compactions until the strategy asks for none,
each compaction writing one table per input table. After each iteration it prints:
  Write Amplification   tables written (flushes + compaction outputs) / tables flushed
  Maximum Space Usage   most tables alive at once / tables flushed
  Read Amplification    L0 tables + non-empty levels or tiers

Examples:
  $ dbplay lsm simulate simple
  $ dbplay lsm simulate tiered --num-tiers 3 --iterations 20
  $ dbplay lsm simulate leveled --level-size-multiplier 4 --json`,
    )
    .action(async (name: string, flags: SimulateFlags, cmd: Command) => {
      const context = contextFor(cmd, io);
      const strategy = checkStrategy(name);
      const parameters = strategyParameters(strategy, flags);
      const lsm = await import('@dbplay/lsm');
      const result = lsm.simulateCompaction({
        compaction: lsm.resolveCompactionOptions({ strategy, ...parameters } as never),
        iterations: flags.iterations,
        sstSize: flags.sstSizeMb * 1024 * 1024,
        seed: /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed,
      });
      if (context.json) {
        const { writeAmplification, maxSpaceAmplification, readAmplification, levels } = result;
        context.printJson({ writeAmplification, maxSpaceAmplification, readAmplification, levels });
      } else {
        context.print(lsm.renderSimulation(result, { realIds: flags.dumpRealId === true }).trimEnd());
      }
    });
}
