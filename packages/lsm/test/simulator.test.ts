/**
 * The compaction simulator with mini-lsm's default options: the full transcript of each
 * strategy is a golden file (regenerate with `pnpm test:update` and review the diff), and
 * the invariants mini-lsm's simulator checks are checked after every step.
 */
import { describe, expect, it } from 'vitest';
import type { LsmShape, TableMeta } from '../src/compaction/shape.ts';
import { resolveCompactionOptions } from '../src/compaction/strategy.ts';
import { compareBytes } from '../src/encoding/byte-order.ts';
import { type SimulationResult, simulateCompaction } from '../src/simulator/simulator.ts';
import { renderSimulation } from '../src/simulator/transcript.ts';
import { expectBadInput } from './expect-error.ts';
import { restlessController } from './restless-controller.ts';

const mib = 1024 * 1024;
const run = (strategy: 'simple' | 'tiered' | 'leveled', iterations = 50) =>
  simulateCompaction({
    compaction: resolveCompactionOptions(strategy),
    iterations,
    sstSize: 32 * mib,
    seed: 42,
  });

/** Every shape the run went through. */
function shapes(result: SimulationResult): LsmShape[] {
  return result.iterations.flatMap((iteration) => [
    iteration.afterFlush,
    ...iteration.compactions.map((c) => c.after),
  ]);
}

describe('compaction simulator', () => {
  it.each(['simple', 'tiered', 'leveled'] as const)(
    'prints the %s transcript like mini-lsm',
    async (strategy) => {
      await expect(`${renderSimulation(run(strategy))}\n`).toMatchFileSnapshot(
        `golden/simulate-${strategy}.txt`,
      );
    },
  );

  it('ends each strategy with the figures mini-lsm defines', async () => {
    const summary = Object.fromEntries(
      (['simple', 'tiered', 'leveled'] as const).map((strategy) => {
        const { writeAmplification, maxSpaceAmplification, readAmplification, levels } = run(strategy);
        return [strategy, { writeAmplification, maxSpaceAmplification, readAmplification, levels }];
      }),
    );
    await expect(`${JSON.stringify(summary, null, 2)}\n`).toMatchFileSnapshot('golden/simulate-summary.txt');
  });

  it('counts one write per flush and one per compaction input, and never loses a table', () => {
    for (const strategy of ['simple', 'tiered', 'leveled'] as const) {
      const result = run(strategy, 30);
      let writes = 0;
      for (const iteration of result.iterations) {
        writes += 1 + iteration.compactions.reduce((sum, c) => sum + c.outputs.length, 0);
        expect(iteration.writes).toBe(writes);
        expect(iteration.flushes).toBe(iteration.iteration + 1);
      }
      const final = shapes(result).at(-1) as LsmShape;
      const live = [...final.l0, ...final.levels.flatMap((r) => r.tables)];
      expect(new Set(live).size).toBe(live.length);
      expect(live.length).toBe(result.levels.reduce((a, b) => a + b, 0));
      expect(result.tables.size).toBe(result.iterations.at(-1)?.writes);
    }
  });

  it('keeps every leveled level sorted and free of overlaps, as mini-lsm checks', () => {
    const result = run('leveled');
    for (const shape of shapes(result)) {
      for (const level of shape.levels) {
        const tables = level.tables.map((id) => result.tables.get(id) as TableMeta);
        for (let i = 1; i < tables.length; i++) {
          expect(
            compareBytes((tables[i - 1] as TableMeta).lastKey, (tables[i] as TableMeta).firstKey),
          ).toBeLessThan(0);
        }
      }
    }
  });

  it('stops, as mini-lsm does, when a strategy does not converge', () => {
    const restless = restlessController(6);
    expectBadInput(
      () =>
        simulateCompaction({
          compaction: resolveCompactionOptions('simple'),
          controller: restless,
          iterations: 5,
          sstSize: mib,
          seed: 1,
        }),
      "compaction does not converge: 6 compactions after flush 1, the most mini-lsm's simulator allows for these options",
      'bad-option',
    );
  });
});
