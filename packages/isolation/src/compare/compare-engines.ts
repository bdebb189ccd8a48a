/**
 * Holding the model to PostgreSQL: run the same permutations of a scenario on both, at the
 * same levels, and count how many come out identical (compare-outcomes.ts).
 *
 * Permutations run as PostgreSQL's isolation tester ran them before version 14 when asked
 * (`whenSessionWaits: 'skip'`): a permutation that would send a step to a session still
 * waiting stops there, since no client could send it; both runs stop at the same place if
 * they agree. A scenario may declare, in its header, a level at which the model differs from
 * PostgreSQL on purpose (`# model-differs: serializable: reason`); its differing permutations
 * are counted as declared, apart from the unexplained ones.
 */

import type { IsolationEngine } from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import { RunCache } from '../run/run-cache.ts';
import { choosePermutations, type PermutationChoice } from '../run/run-scenario.ts';
import type { Scenario } from '../spec/scenario.ts';
import { compareOutcomes, type OutcomeDifference } from './compare-outcomes.ts';

export interface PermutationComparison {
  readonly number: number;
  readonly permutation: readonly string[];
  readonly differences: readonly OutcomeDifference[];
}

export interface LevelComparison {
  readonly level: IsolationLevel;
  readonly total: number;
  readonly identical: number;
  /** The scenario's declared reason when the model differs at this level on purpose. */
  readonly declared: string | null;
  /** The permutations that differ. */
  readonly differing: readonly PermutationComparison[];
}

export interface ScenarioComparison {
  readonly scenario: Scenario;
  readonly levels: readonly LevelComparison[];
}

export interface CompareOptions {
  readonly model: IsolationEngine;
  readonly reference: IsolationEngine;
  readonly scenario: Scenario;
  readonly levels: readonly IsolationLevel[];
  readonly choice: PermutationChoice;
  readonly whenSessionWaits: 'postpone' | 'skip';
  /** Shared across calls, so a reference run is never repeated. */
  readonly cache?: RunCache;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function compareScenario(options: CompareOptions): Promise<ScenarioComparison> {
  const { scenario, levels } = options;
  const cache = options.cache ?? new RunCache();
  const permutations = choosePermutations(scenario, options.choice);
  const total = permutations.length * levels.length;
  let done = 0;
  const results: LevelComparison[] = [];
  for (const level of levels) {
    const differing: PermutationComparison[] = [];
    for (const { number, steps } of permutations) {
      const runOptions = { whenSessionWaits: options.whenSessionWaits };
      const [ours, theirs] = await Promise.all([
        cache.run(options.model, scenario, level, steps, runOptions),
        cache.run(options.reference, scenario, level, steps, runOptions),
      ]);
      const differences = compareOutcomes(ours, theirs);
      if (differences.length > 0) differing.push({ number, permutation: steps, differences });
      options.onProgress?.(++done, total);
    }
    results.push({
      level,
      total: permutations.length,
      identical: permutations.length - differing.length,
      declared: declaredDifference(scenario, level),
      differing,
    });
  }
  return { scenario, levels: results };
}

/** The reason the scenario gives for differing from PostgreSQL at `level`, or null. */
export function declaredDifference(scenario: Scenario, level: IsolationLevel): string | null {
  for (const declaration of scenario.metadata.modelDifferences) {
    if (declaration.levels === null || declaration.levels.includes(level)) return declaration.reason;
  }
  return null;
}
