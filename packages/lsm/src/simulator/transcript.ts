/**
 * The compaction simulator's output as text, laid out like mini-lsm's so that a learner
 * following the course can put the two side by side: the shape after each flush and each
 * compaction (`L1 (2): [3, 4]`), the task (`Upper L0 [1, 2] Lower L1 [] -> [3, 4]`), and
 * the statistics after each iteration. Tables are shown by the id of the table they were
 * written from, as mini-lsm does by default; `realIds` shows their own ids. Tiers are
 * labelled `tier 114` as everywhere else in dbplay (`lsm draw`, steps, metrics), where
 * mini-lsm prints `L114`.
 * Why each compaction was picked is added in a sentence of dbplay's own.
 */
import { describeTrigger } from '../compaction/narration.ts';
import { type LsmShape, runName } from '../compaction/shape.ts';
import type { CompactionTask } from '../compaction/task.ts';
import { keyNumber, type SimulationResult } from './simulator.ts';

export function renderSimulation(result: SimulationResult, options: { realIds?: boolean } = {}): string {
  const lines: string[] = [];
  const leveled = result.strategy === 'leveled';
  const tiered = result.strategy === 'tiered';
  const shown = (id: number) => (options.realIds === true ? id : (result.origins.get(id) ?? id));
  const list = (ids: readonly number[]) => `[${ids.map(shown).join(', ')}]`;
  const dump = (shape: LsmShape, alwaysShowL0: boolean) => {
    if (shape.l0.length > 0 || alwaysShowL0) lines.push(`L0 (${shape.l0.length}): [${shape.l0.join(', ')}]`);
    for (const run of shape.levels) {
      lines.push(`${runName(tiered, run.id)} (${run.tables.length}): ${list(run.tables)}`);
    }
  };
  const withRange = (ids: readonly number[]) =>
    `[${ids
      .map((id) => {
        const table = result.tables.get(id);
        const range =
          table === undefined
            ? ''
            : ` ${keyNumber(table.firstKey).toString(16)}..=${keyNumber(table.lastKey).toString(16)}`;
        return `${id}.sst${range}`;
      })
      .join(', ')}]`;
  const taskLine = (task: CompactionTask, outputs: readonly number[]): string => {
    if (task.kind === 'tiers') {
      return `${task.tiers.map((tier) => `${runName(true, tier.id)} [${tier.tables.join(', ')}] `).join('')}-> [${outputs.join(', ')}]`;
    }
    if (task.kind !== 'levels') return `-> [${outputs.join(', ')}]`;
    if (leveled) {
      return `Upper L${task.upperLevel} ${withRange(task.upperTables)} Lower L${task.lowerLevel} ${withRange(task.lowerTables)} -> ${withRange(outputs)}`;
    }
    return `Upper L${task.upperLevel} [${task.upperTables.join(', ')}] Lower L${task.lowerLevel} [${task.lowerTables.join(', ')}] -> [${outputs.join(', ')}]`;
  };

  for (const iteration of result.iterations) {
    lines.push(`=== Iteration ${iteration.iteration} ===`);
    lines.push('--- After Flush ---');
    dump(iteration.afterFlush, result.strategy === 'simple');
    for (const compaction of iteration.compactions) {
      lines.push('--- Compaction Task ---');
      lines.push(`compaction triggered: ${describeTrigger(compaction.task.trigger)}`);
      lines.push(taskLine(compaction.task, compaction.outputs));
      lines.push('--- After Compaction ---');
      dump(compaction.after, result.strategy !== 'tiered');
    }
    const count = iteration.compactions.length;
    lines.push(count === 0 ? 'no compaction triggered' : `${count} compaction triggered in this iteration`);
    lines.push('--- Statistics ---');
    lines.push(
      `Write Amplification: ${iteration.writes}/${iteration.flushes}=${(iteration.writes / iteration.flushes).toFixed(3)}x`,
    );
    lines.push(
      `Maximum Space Usage: ${iteration.maxSpace}/${iteration.flushes}=${(iteration.maxSpace / iteration.flushes).toFixed(3)}x`,
    );
    lines.push(`Read Amplification: ${iteration.readAmplification}x`);
    lines.push('');
  }
  return lines.join('\n');
}
