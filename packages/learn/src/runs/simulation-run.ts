/**
 * An LSM lesson's run: mini-lsm's compaction simulator (the code behind `dbplay lsm
 * simulate`), one flushed table per iteration, shown up to the first compaction and then as
 * its summary; the answer is when the first compaction ran, how many ran, or the write
 * amplification the strategy ended with.
 */
import type { SimulationRun } from '../lessons/lesson.ts';
import type { RunOutput } from './run-output.ts';

/** Lines of the transcript shown before the summary: enough to see the first compactions. */
const shownLines = 40;

export async function runSimulation(run: SimulationRun): Promise<RunOutput> {
  const { renderSimulation, resolveCompactionOptions, simulateCompaction } = await import('@dbplay/lsm');
  const result = simulateCompaction({
    compaction: resolveCompactionOptions(run.strategy),
    iterations: run.iterations,
    sstSize: 32 * 1024 * 1024,
    seed: 1,
  });
  const first = result.iterations.find((iteration) => iteration.compactions.length > 0);
  const compactions = result.iterations.reduce((sum, iteration) => sum + iteration.compactions.length, 0);
  const figures = {
    'first-compaction': first === undefined ? 0 : first.iteration + 1,
    compactions,
    'write-amplification': result.writeAmplification,
  };
  const transcript = renderSimulation(result).split('\n');
  const text = [
    `=> ${run.strategy} compaction, ${run.iterations} flushes`,
    '',
    ...transcript.slice(0, shownLines),
    ...(transcript.length > shownLines ? [`… ${transcript.length - shownLines} more lines`] : []),
    '',
    `${compactions} compactions; the first after flush ${figures['first-compaction']}; write amplification ${result.writeAmplification.toFixed(2)}, read amplification ${result.readAmplification}, levels ${result.levels.join(' / ')}`,
  ];
  return {
    text: text.join('\n'),
    value: figures[run.answer],
    details: { ...figures, levels: result.levels },
  };
}
