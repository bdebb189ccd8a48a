/**
 * What judging a run needs: the engine and level it ran on, the scenario, and a way to
 * replay schedules on the same engine from the same setup (remembered in a RunCache).
 */
import type { IsolationEngine } from '../engines/engine.ts';
import type { IsolationLevel } from '../engines/levels.ts';
import type { PermutationOutcome } from '../run/outcome.ts';
import type { RunCache } from '../run/run-cache.ts';
import type { Scenario } from '../spec/scenario.ts';

export interface JudgeContext {
  readonly engine: IsolationEngine;
  readonly scenario: Scenario;
  readonly level: IsolationLevel;
  readonly cache: RunCache;
}

/** Replays `steps` serially with only `sessions` connected. */
export function replay(
  context: JudgeContext,
  steps: readonly string[],
  sessions: readonly string[],
): Promise<PermutationOutcome> {
  return context.cache.replay(context.engine, context.scenario, context.level, steps, sessions);
}
