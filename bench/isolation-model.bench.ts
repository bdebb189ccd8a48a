/**
 * How fast the model engine is. The target: the whole catalog, at every model level, over all
 * permutations, well under 10 s; and one scenario step with its internals drawn, instant.
 *
 * - every permutation of every catalog scenario at the five model levels, run (as
 *   `dbplay isolation compare --all-permutations` runs them, stopping where a client could
 *   not go on);
 * - the same with every permutation run from its first step (no outcome shared with the skipped
 *   run before it), so the sharing's part in the first row is measured, not assumed;
 * - the same, each permutation judged: serial replays, the committed-reads check, the SSI
 *   rerun at repeatable read, and the dependency graph;
 * - one traced run of write skew at serializable, with one step's internals drawn;
 * - `dbplay isolation matrix --engine model` as a user runs it (process start included).
 */
import {
  catalogFor,
  findScenario,
  modelDetails,
  RunCache,
  runPermutation,
  runScenario,
  startModelEngine,
} from '@dbplay/isolation';
import { groupTrace, renderTraceGroup } from '@dbplay/isolation/render';
import { Bench } from 'tinybench';
import { modelLevels } from '../packages/isolation/src/engines/levels.ts';
import { allInterleavings } from '../packages/isolation/src/run/interleavings.ts';
import { type BenchResult, resultsOf } from './bench-result.ts';
import { runDbplay } from './dbplay-process.ts';

export async function benchIsolationModel(): Promise<BenchResult[]> {
  const engine = await startModelEngine();
  // Only the scenarios the model runs (a scenario may be written for PostgreSQL alone: `# engines:`).
  const catalog = await catalogFor(['model']);
  const writeSkew = await findScenario('write-skew');
  let runs = 0;
  let judged = 0;
  // The runs the first row really runs: a permutation that stops where the skipped run before it
  // stopped gets that run's outcome (run-permutation.ts), and the engine is not opened for it.
  let opened = 0;
  const counting: typeof engine = Object.create(engine, {
    open: {
      value: (...args: Parameters<typeof engine.open>) => {
        opened++;
        return engine.open(...args);
      },
    },
  });
  // The model, told it is not deterministic: runPermutation then shares no skipped run's outcome.
  const unshared: typeof engine = Object.create(engine, { deterministic: { value: false } });
  let unsharedRuns = 0;
  /** Every permutation of every catalog scenario at every model level, as `compare --all-permutations` runs them. */
  const everyPermutation = async (model: typeof engine): Promise<number> => {
    let count = 0;
    for (const scenario of catalog) {
      for (const level of modelLevels) {
        for (const permutation of allInterleavings(scenario)) {
          await runPermutation({ engine: model, scenario, level, permutation, whenSessionWaits: 'skip' });
          count++;
        }
      }
    }
    return count;
  };
  const bench = new Bench({
    name: 'isolation-model',
    iterations: 5,
    time: 0,
    warmupIterations: 1,
    warmupTime: 0,
  });
  bench
    .add('model: every catalog permutation at every level', async () => {
      opened = 0;
      runs = await everyPermutation(counting);
    })
    .add('model: the same, every permutation run from its first step', async () => {
      unsharedRuns = await everyPermutation(unshared);
    })
    .add('model: the same, each permutation judged', async () => {
      judged = 0;
      const cache = new RunCache();
      for (const scenario of catalog) {
        for (const level of modelLevels) {
          const report = await runScenario({
            engine,
            scenario,
            level,
            cache,
            choice: { kind: 'all' },
            whenSessionWaits: 'skip',
          });
          for (const permutation of report.permutations) void modelDetails(permutation.outcome)?.cycle;
          judged += report.permutations.length;
        }
      }
    })
    .add('model: one traced step with its internals drawn', async () => {
      const outcome = await runPermutation({
        engine,
        scenario: writeSkew,
        level: 'serializable',
        permutation: ['s1r', 's2r', 's1w1', 's2w2', 's1c', 's2c'],
        trace: true,
      });
      const group = groupTrace(modelDetails(outcome)?.steps ?? [])[3];
      if (group !== undefined) renderTraceGroup(group);
    })
    .add('dbplay isolation matrix --engine model', () => {
      runDbplay(['isolation', 'matrix', '--engine', 'model', '--json']);
    });
  await bench.run();
  const [all, unsharedAll, withVerdicts, step, matrix] = resultsOf(bench);
  const notes = [
    `${runs} permutations (${catalog.length} scenarios × ${modelLevels.length} levels × every interleaving): ${opened} run, the others stop where the skipped run before them did and share its outcome; target well under 10 s`,
    `${unsharedRuns} permutations, each run from its first step: no outcome shared`,
    `${judged} permutations judged, replays shared in one cache`,
    'write skew at serializable, traced, and the internals after s2w2 drawn',
    `${catalog.length * modelLevels.length} cells, process start included`,
  ];
  return [all, unsharedAll, withVerdicts, step, matrix].flatMap((result, i) =>
    result === undefined ? [] : [{ ...result, note: notes[i] ?? '' }],
  );
}
