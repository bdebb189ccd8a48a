/**
 * Remembering runs, so a verdict or a matrix never runs the same schedule twice.
 *
 * Judging one permutation replays every serial order of its committed transactions; the
 * matrix judges each scenario at every level; a serializable abort is checked by rerunning
 * the schedule at repeatable read, which the matrix runs anyway. A replay is serial, and a
 * transaction that runs alone reads the same rows at every isolation level, so one replay
 * serves every level of the same engine; permutations are keyed by level.
 */
import { PromiseCache } from '@dbplay/core';
import type { IsolationEngine } from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import { replaySerially } from '../judge/serial-replay.ts';
import { type Scenario, scenarioKey } from '../spec/scenario.ts';
import type { PermutationOutcome } from './outcome.ts';
import { runPermutation } from './run-permutation.ts';

/** How a permutation runs: see RunPermutationOptions. */
export interface RunOptions {
  readonly whenSessionWaits?: 'postpone' | 'skip';
  readonly trace?: boolean;
}

export class RunCache {
  private readonly runs = new PromiseCache<PermutationOutcome>();
  /** How many runs were made and how many were answered from memory, for benchmarks. */
  readonly counts = { runs: 0, replays: 0, hits: 0 };

  /**
   * A permutation at a level, as a learner asked for it; `options` as runPermutation takes
   * them (a skipping run and a traced run are remembered apart from a plain one).
   */
  run(
    engine: IsolationEngine,
    scenario: Scenario,
    level: IsolationLevel,
    permutation: readonly string[],
    options: RunOptions = {},
  ): Promise<PermutationOutcome> {
    const whenSessionWaits = options.whenSessionWaits ?? 'postpone';
    const trace = options.trace === true;
    const key = `${engine.name}|${scenarioKey(scenario)}|run|${level}|${whenSessionWaits}|${trace}|${permutation.join(' ')}`;
    return this.remember(key, 'runs', () =>
      runPermutation({ engine, scenario, level, permutation, whenSessionWaits, trace }),
    );
  }

  /** A serial replay of `steps`, connecting only `sessions`; shared by every level. */
  replay(
    engine: IsolationEngine,
    scenario: Scenario,
    level: IsolationLevel,
    steps: readonly string[],
    sessions: readonly string[],
  ): Promise<PermutationOutcome> {
    const key = `${engine.name}|${scenarioKey(scenario)}|replay|${sessions.join(',')}|${steps.join(' ')}`;
    return this.remember(key, 'replays', () => replaySerially(engine, scenario, level, steps, sessions));
  }

  private remember(
    key: string,
    kind: 'runs' | 'replays',
    work: () => Promise<PermutationOutcome>,
  ): Promise<PermutationOutcome> {
    // A failed run is not remembered: the next caller tries again.
    if (this.runs.has(key)) this.counts.hits++;
    else this.counts[kind]++;
    return this.runs.get(key, work);
  }
}
