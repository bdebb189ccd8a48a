/**
 * Holding the model to PostgreSQL over many scenarios: which levels may be compared, which
 * permutations each scenario runs, the loop over the scenarios with one shared cache, and
 * the count that sums it up ("N of M permutations identical", declared and undeclared
 * differences apart). `dbplay isolation compare` prints it; the agreement tests assert it.
 *
 * With every interleaving asked for, a scenario with more than `samplingThreshold` of them
 * runs a seeded sample instead, so that one scenario with four sessions cannot take the
 * comparison hostage.
 */
import { BadInputError } from '@dbplay/core';
import type { IsolationEngine } from '../engines/engine.ts';
import { type ComparedLevel, comparedLevels } from '../engines/levels.ts';
import { countInterleavings } from '../run/interleavings.ts';
import { RunCache } from '../run/run-cache.ts';
import { checkRunnable, choosePermutations, type PermutationChoice } from '../run/run-scenario.ts';
import type { Scenario } from '../spec/scenario.ts';
import { samplingThreshold } from '../vocabulary.ts';
import { compareScenario, type ScenarioComparison } from './compare-engines.ts';

export interface CompareScenariosOptions {
  readonly model: IsolationEngine;
  readonly reference: IsolationEngine;
  readonly scenarios: readonly Scenario[];
  readonly levels: readonly ComparedLevel[];
  /** The listed permutations, or every interleaving (a sample above samplingThreshold). */
  readonly permutations: 'listed' | 'all';
  /** The sample drawn for a scenario with more than samplingThreshold interleavings. */
  readonly sample: { readonly count: number; readonly seed: number | string };
  /** Default: skip with every interleaving (PostgreSQL's tester before 14), postpone otherwise. */
  readonly whenSessionWaits?: 'postpone' | 'skip';
  readonly onProgress?: (done: number, total: number, scenario: string) => void;
}

export interface ComparisonSummary {
  readonly identical: number;
  readonly total: number;
  /** Differing permutations at levels where the scenario declares the difference. */
  readonly declared: number;
  readonly undeclared: number;
  /** How many declarations (scenario and level) the comparison met. */
  readonly declarations: number;
}

export interface ScenariosComparison {
  readonly levels: readonly ComparedLevel[];
  readonly permutations: 'listed' | 'all';
  readonly whenSessionWaits: 'postpone' | 'skip';
  readonly scenarios: readonly ScenarioComparison[];
  readonly summary: ComparisonSummary;
}

/**
 * `read-committed,serializable`: the levels to compare, refused when one is not a level both
 * engines have (read uncommitted with its own reason).
 */
export function parseComparedLevels(text: string): ComparedLevel[] {
  const levels = text
    .split(',')
    .map((level) => level.trim())
    .filter((level) => level !== '');
  for (const level of levels) {
    if (level === 'read-uncommitted') {
      throw new BadInputError(
        "the model's read uncommitted shows dirty reads on purpose, and PostgreSQL runs it as read committed: there is nothing to compare",
        { hint: `compare ${comparedLevels.slice(0, -1).join(', ')} and ${comparedLevels.at(-1)}` },
      );
    }
    if (!(comparedLevels as readonly string[]).includes(level)) {
      throw new BadInputError(
        `compare needs levels both engines have; '${level}' is not one of read-uncommitted, ${comparedLevels.join(', ')}`,
      );
    }
  }
  if (levels.length === 0) throw new BadInputError('--levels needs at least one level');
  return levels as ComparedLevel[];
}

/** The permutations a comparison runs of one scenario. */
export function comparisonChoice(
  scenario: Scenario,
  permutations: 'listed' | 'all',
  sample: { readonly count: number; readonly seed: number | string },
): PermutationChoice {
  if (permutations === 'listed') return { kind: 'listed' };
  return countInterleavings(scenario) > samplingThreshold
    ? { kind: 'sample', count: sample.count, seed: sample.seed }
    : { kind: 'all' };
}

/** Compares the model with the reference engine on every scenario, one after another. */
export async function compareScenarios(options: CompareScenariosOptions): Promise<ScenariosComparison> {
  const { levels } = options;
  const whenSessionWaits = options.whenSessionWaits ?? (options.permutations === 'all' ? 'skip' : 'postpone');
  const planned = options.scenarios.map((scenario) => ({
    scenario,
    choice: comparisonChoice(scenario, options.permutations, options.sample),
  }));
  const total = planned.reduce(
    (sum, { scenario, choice }) => sum + choosePermutations(scenario, choice).length * levels.length,
    0,
  );
  const cache = new RunCache();
  const scenarios: ScenarioComparison[] = [];
  let before = 0;
  for (const { scenario, choice } of planned) {
    for (const level of levels) checkRunnable(options.model, scenario, level);
    const result = await compareScenario({
      model: options.model,
      reference: options.reference,
      scenario,
      levels,
      choice,
      whenSessionWaits,
      cache,
      onProgress: (done) => options.onProgress?.(before + done, total, scenario.id),
    });
    before += result.levels.reduce((sum, level) => sum + level.total, 0);
    scenarios.push(result);
  }
  return {
    levels,
    permutations: options.permutations,
    whenSessionWaits,
    scenarios,
    summary: summariseComparisons(scenarios),
  };
}

/** The counts over all scenarios and levels; differences a scenario declares are counted apart. */
export function summariseComparisons(comparisons: readonly ScenarioComparison[]): ComparisonSummary {
  let identical = 0;
  let total = 0;
  let declared = 0;
  let undeclared = 0;
  let declarations = 0;
  for (const comparison of comparisons) {
    for (const level of comparison.levels) {
      identical += level.identical;
      total += level.total;
      if (level.declared !== null) {
        declarations++;
        declared += level.total - level.identical;
      } else {
        undeclared += level.total - level.identical;
      }
    }
  }
  return { identical, total, declared, undeclared, declarations };
}
