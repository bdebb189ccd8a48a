/**
 * What `dbplay lsm simulate simple|tiered|leveled` does: run mini-lsm's compaction
 * simulator, driving the same strategy code the store runs, and print its transcript or
 * the final figures as JSON. Loaded only when it runs.
 */
import type { CommandContext } from '../../context.ts';
import { writeHtmlPage } from '../../html-output.ts';
import { seed } from '../../options.ts';
import { checkStrategy, strategyParameters } from './compaction-flags.ts';

export interface SimulateFlags extends Record<string, unknown> {
  iterations: number;
  sstSizeMb: number;
  seed: string;
  dumpRealId?: boolean;
  html?: string;
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
      seed: seed(flags.seed),
    });
  const result = run({ strategy, ...parameters } as never);
  if (context.json) {
    const { writeAmplification, maxSpaceAmplification, readAmplification, levels } = result;
    context.printJson({ writeAmplification, maxSpaceAmplification, readAmplification, levels });
    return;
  }
  if (flags.html !== undefined) {
    const { simulationPage } = await import('@dbplay/viewer');
    const page = simulationPage({
      title: `${strategy} compaction, simulated`,
      subtitle: `dbplay lsm simulate ${name}: ${flags.iterations} iterations (mini-lsm's simulator)`,
      result,
      displayKey: lsm.displayBytes,
      describeCompaction: (compaction) => lsm.describeTrigger(compaction.task.trigger),
    });
    await writeHtmlPage(context, flags.html, page);
  }
  // The transcript ends with the three strategies side by side on the same flushes (the
  // others with their defaults), and why each lands where it does.
  const all = lsm.compactionStrategyNames.map((name) => (name === strategy ? result : run(name)));
  context.print(
    `${lsm.renderSimulation(result, { realIds: flags.dumpRealId === true }).trimEnd()}\n\n${lsm.renderSimulationSummary(all)}`,
  );
}
