/**
 * How a simulation ends: the three strategies side by side on the same flushes, and a
 * sentence for each on why it lands where it does.
 *
 * The transcript shows one strategy's every move; what a learner should take away is the
 * trade-off between them, the RUM conjecture's (Athanassoulis et al., EDBT 2016): a
 * strategy buys cheap writes with more sorted runs to read, or few runs with rewriting.
 * The three definitions are mini-lsm's (see simulator.ts).
 */
import { renderTable } from '@dbplay/core';
import { runName } from '../compaction/shape.ts';
import type { CompactionStrategyName } from '../compaction/vocabulary.ts';
import type { SimulationResult } from './simulator.ts';

/** Why each strategy's figures come out as they do. */
const why: Readonly<Record<CompactionStrategyName, string>> = {
  simple:
    'simple leveled merges a whole level into the next whenever the next holds too few files, so a table is rewritten about once per level it passes through: write amplification near the number of levels, read amplification at most L0 plus the levels.',
  tiered:
    'tiered leaves each flush as a tier of its own and merges only when there are too many tiers or the upper ones grow large beside the last, so an entry is rewritten only when its tier is merged: little write amplification, but a read may have to look in every tier, and a merge of everything briefly needs room for the data twice.',
  leveled:
    'leveled keeps each level a fixed multiple of the one above and moves one table at a time into the level below, rewriting the tables it overlaps there: more writing per entry, but few sorted runs to read and little room held by old versions.',
};

/** The final figures of each simulation as a table, then one sentence per strategy. */
export function renderSimulationSummary(results: readonly SimulationResult[]): string {
  const rows = results.map((result) => [
    result.strategy,
    `${result.writeAmplification.toFixed(2)}×`,
    `${result.maxSpaceAmplification.toFixed(2)}×`,
    `${result.readAmplification}`,
    finalShape(result),
  ]);
  const flushed = results[0]?.iterations.length ?? 0;
  const table = renderTable(
    [
      'strategy',
      { header: 'write amp.', align: 'right' },
      { header: 'max space', align: 'right' },
      { header: 'read amp.', align: 'right' },
      'files at the end',
    ],
    rows,
    { title: `After ${flushed} flushes` },
  );
  const sentences = results.map((result) => `- ${why[result.strategy]}`);
  return [
    table,
    'write amp.: tables written / tables flushed; max space: most tables alive at once / tables flushed;',
    'read amp.: sorted runs a read may check (L0 tables + non-empty levels or tiers).',
    '',
    ...sentences,
  ].join('\n');
}

/** `L0 2 · L1 4 · L2 8` or `tier 45 3 · tier 12 9`: the files in each run at the end. */
function finalShape(result: SimulationResult): string {
  const last = result.iterations.at(-1);
  if (last === undefined) return '';
  const shape = last.compactions.at(-1)?.after ?? last.afterFlush;
  const tiers = result.strategy === 'tiered';
  const runs = shape.levels.map((run) => `${runName(tiers, run.id)}: ${run.tables.length}`);
  return (tiers ? runs : [`L0: ${shape.l0.length}`, ...runs]).join(' · ');
}
