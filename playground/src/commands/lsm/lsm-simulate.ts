/**
 * What `dbplay lsm simulate simple|tiered|leveled` does: run mini-lsm's compaction
 * simulator, driving the same strategy code the store runs, and print its transcript or
 * the final figures as JSON. Loaded only when it runs.
 */
import type { CommandContext } from '../../context.ts';
import { checkStrategy, strategyParameters } from './compaction-flags.ts';

export interface SimulateFlags extends Record<string, unknown> {
  iterations: number;
  sstSizeMb: number;
  seed: string;
  dumpRealId?: boolean;
}

export async function simulate(name: string, flags: SimulateFlags, context: CommandContext): Promise<void> {
  const strategy = checkStrategy(name);
  const parameters = strategyParameters(strategy, flags);
  const lsm = await import('@dbplay/lsm');
  const run = (compaction: Parameters<typeof lsm.resolveCompactionOptions>[0]) =>
    lsm.simulateCompaction({
      compaction: lsm.resolveCompactionOptions(compaction),
      iterations: flags.iterations,
      sstSize: flags.sstSizeMb * 1024 * 1024,
      seed: /^\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed,
    });
  const result = run({ strategy, ...parameters } as never);
  if (context.json) {
    const { writeAmplification, maxSpaceAmplification, readAmplification, levels } = result;
    context.printJson({ writeAmplification, maxSpaceAmplification, readAmplification, levels });
    return;
  }
  // The transcript ends with the three strategies side by side on the same flushes (the
  // others with their defaults), and why each lands where it does.
  const all = lsm.compactionStrategyNames.map((name) => (name === strategy ? result : run(name)));
  context.print(
    `${lsm.renderSimulation(result, { realIds: flags.dumpRealId === true }).trimEnd()}\n\n${lsm.renderSimulationSummary(all)}`,
  );
}
