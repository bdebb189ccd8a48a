/**
 * Running a scenario: choose the permutations, run each, judge each.
 *
 * This is the library's front door, what `dbplay isolation run` calls: a scenario, an
 * engine and a level in; for every permutation, its outcome (steps, waits, errors, final
 * state), its verdict and its matrix cell out, as data. Which permutations: the ones the
 * file lists (every interleaving when it lists none, as PostgreSQL's tester does), one of
 * them by number, all interleavings, or a seeded sample of them.
 */
import { BadInputError, formatCount } from '@dbplay/core';
import type { IsolationEngine } from '../engines/engine.ts';
import { type IsolationLevel, parseLevel } from '../engines/levels.ts';
import { type CellOutcome, classifyVerdict } from '../judge/classify-outcome.ts';
import { judgeOutcome, type Verdict } from '../judge/verdict.ts';
import { runsOn, type Scenario } from '../spec/scenario.ts';
import { describeBeginnings } from '../spec/transaction-control.ts';
import { permutationLimit } from '../vocabulary.ts';
import {
  allInterleavings,
  countInterleavingsExactly,
  interleavingNumbered,
  sampleInterleavings,
} from './interleavings.ts';
import type { PermutationOutcome } from './outcome.ts';
import { RunCache } from './run-cache.ts';

export type PermutationChoice =
  /** The listed permutations, or every interleaving when the file lists none. */
  | { readonly kind: 'listed' }
  /**
   * The n-th (from 1) of the listed ones, or with `among: 'all'` of every interleaving in
   * PostgreSQL's tester's order (the numbers `all` and `sample` report).
   */
  | { readonly kind: 'one'; readonly number: number; readonly among?: 'listed' | 'all' }
  /** Every interleaving; refused above `permutationLimit` (vocabulary.ts) with their count. */
  | { readonly kind: 'all' }
  /** `count` interleavings drawn at random, each with its number among all of them. */
  | { readonly kind: 'sample'; readonly count: number; readonly seed: number | string };

export interface ScenarioRunOptions {
  readonly engine: IsolationEngine;
  readonly scenario: Scenario;
  readonly level: IsolationLevel;
  readonly choice?: PermutationChoice;
  /** Share one across calls to reuse runs and replays (the matrix does). */
  readonly cache?: RunCache;
  /** Called after each permutation, for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * When a step comes up while its session still waits: postpone it (the default) or skip the
   * rest of the permutation, as PostgreSQL's tester before version 14 did (run-permutation.ts).
   */
  readonly whenSessionWaits?: 'postpone' | 'skip';
  /** Record the engine's internal steps (the model engine's; see outcome.details). */
  readonly trace?: boolean;
}

export interface PermutationReport {
  /** Its number among the listed permutations (or among all interleavings), from 1. */
  readonly number: number;
  readonly outcome: PermutationOutcome;
  readonly verdict: Verdict;
  readonly cell: CellOutcome;
}

export interface ScenarioReport {
  readonly scenario: Scenario;
  readonly engine: string;
  readonly engineDescription: string;
  readonly level: IsolationLevel;
  readonly levelNote: string | null;
  /**
   * How each session's transaction began, e.g. `BEGIN ISOLATION LEVEL SERIALIZABLE`, or per
   * session when some begin their own (transaction-control.ts, describeBeginnings).
   */
  readonly beginStatement: string;
  readonly permutations: readonly PermutationReport[];
}

export async function runScenario(options: ScenarioRunOptions): Promise<ScenarioReport> {
  const { engine, scenario, level } = options;
  checkRunnable(engine, scenario, level);
  const chosen = choosePermutations(scenario, options.choice ?? { kind: 'listed' });
  const cache = options.cache ?? new RunCache();
  const context = { engine, scenario, level, cache };
  const reports: PermutationReport[] = [];
  for (const [i, { number, steps }] of chosen.entries()) {
    const outcome = await cache.run(engine, scenario, level, steps, {
      whenSessionWaits: options.whenSessionWaits ?? 'postpone',
      trace: options.trace === true,
    });
    const verdict = await judgeOutcome(context, outcome);
    reports.push({ number, outcome, verdict, cell: classifyVerdict(verdict) });
    options.onProgress?.(i + 1, chosen.length);
    // A turn of the event loop between permutations. SQLite's and the model's steps complete
    // synchronously, so without it a run of thousands of permutations is one long stretch of
    // promise callbacks, and a signal handler (Ctrl-C's cleanup) waits until the run ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    scenario,
    engine: engine.name,
    engineDescription: engine.description,
    level,
    levelNote: engine.levelNote(level),
    beginStatement: describeBeginnings(scenario.sessions, engine.beginStatement(level)),
    permutations: reports,
  };
}

/** Refuses a level the engine does not have, or a scenario written for other engines. */
export function checkRunnable(engine: IsolationEngine, scenario: Scenario, level: IsolationLevel): void {
  parseLevel(engine, level);
  if (!runsOn(scenario, engine.name)) {
    throw new BadInputError(
      `scenario ${scenario.id} runs on ${scenario.metadata.engines?.join(' and ')} only, not on ${engine.name}`,
    );
  }
}

/** The permutations a choice names, each with its number. */
export function choosePermutations(
  scenario: Scenario,
  choice: PermutationChoice,
): { readonly number: number; readonly steps: string[] }[] {
  const listed = scenario.permutations.map((p) => p.steps.map((s) => s.name));
  switch (choice.kind) {
    case 'listed':
      if (listed.length > 0) return listed.map((steps, i) => ({ number: i + 1, steps }));
      return everyInterleaving(scenario, 'the file lists no permutations, so every interleaving would run');
    case 'one': {
      const amongAll = choice.among === 'all' || listed.length === 0;
      const total = amongAll ? countInterleavingsExactly(scenario) : BigInt(listed.length);
      if (!Number.isInteger(choice.number) || choice.number < 1 || BigInt(choice.number) > total) {
        throw new BadInputError(
          `scenario ${scenario.id} has ${formatCount(total)} ${amongAll ? 'interleaving' : 'listed permutation'}${total === 1n ? '' : 's'}; --permutation takes a number from 1 to ${formatCount(total)}`,
        );
      }
      const steps = amongAll
        ? interleavingNumbered(scenario, choice.number)
        : (listed[choice.number - 1] ?? []);
      return [{ number: choice.number, steps }];
    }
    case 'all':
      return everyInterleaving(scenario, '--all-permutations would run every one');
    case 'sample':
      return sampleInterleavings(scenario, choice.count, choice.seed);
  }
}

/** Every interleaving, numbered, or a BadInputError with their count when there are too many to run. */
function everyInterleaving(
  scenario: Scenario,
  why: string,
): { readonly number: number; readonly steps: string[] }[] {
  const total = countInterleavingsExactly(scenario);
  if (total > BigInt(permutationLimit)) {
    throw new BadInputError(
      `scenario ${scenario.id} has ${formatCount(total)} interleavings, more than the ${formatCount(permutationLimit)} dbplay runs at once (${why})`,
      { hint: 'draw some with --sample N (and --seed), or pick one with --permutation K' },
    );
  }
  return [...allInterleavings(scenario)].map((steps, i) => ({ number: i + 1, steps }));
}
