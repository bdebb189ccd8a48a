/**
 * The assertion the model-versus-PostgreSQL test files share: a scenario's chosen permutations,
 * at read committed, repeatable read and serializable, give the same steps (status, which step
 * a waiting step finished after, SQLSTATE, rows) and final tables on both engines. A difference
 * the scenario declares (`# model-differs:`) is allowed at its levels. On failure the message
 * lists each differing permutation and where it differs.
 */
import { readdirSync } from 'node:fs';
import {
  type IsolationEngine,
  loadScenarioFile,
  RunCache,
  type Scenario,
  startModelEngine,
  startPostgresEngine,
} from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScenario } from '../src/compare/compare-engines.ts';
import { comparedLevels } from '../src/engines/levels.ts';

export async function expectAgreement(options: {
  readonly model: IsolationEngine;
  readonly postgres: IsolationEngine;
  readonly cache: RunCache;
  readonly scenario: Scenario;
  readonly choice: Parameters<typeof compareScenario>[0]['choice'];
  readonly whenSessionWaits: 'postpone' | 'skip';
}): Promise<void> {
  const { model, postgres, cache, scenario, choice, whenSessionWaits } = options;
  const comparison = await compareScenario({
    model,
    reference: postgres,
    scenario,
    levels: comparedLevels,
    choice,
    whenSessionWaits,
    cache,
  });
  for (const level of comparison.levels) {
    if (level.declared !== null) continue;
    const shown = level.differing.map(
      (d) =>
        `permutation ${d.number} (${d.permutation.join(' ')}) at ${level.level}:\n${d.differences
          .map((x) => `  ${x.where}: model ${x.model}; postgres ${x.reference}`)
          .join('\n')}`,
    );
    expect(shown, `${scenario.id} at ${level.level}`).toEqual([]);
    expect(level.identical).toBe(level.total);
  }
}

/** The scenarios of a folder of `.spec` files (a test's probes), in file-name order. */
export function loadSpecFolder(directory: URL): Promise<Scenario[]> {
  return Promise.all(
    readdirSync(directory)
      .filter((name) => name.endsWith('.spec'))
      .sort()
      .map((name) => loadScenarioFile(new URL(name, directory).pathname)),
  );
}

/**
 * The engines a comparison file runs on: the model, one embedded PostgreSQL server started
 * before the file's tests and stopped after them (read `postgres` inside a test), and one run
 * cache, so that no reference run is repeated.
 */
export async function agreementEngines(): Promise<{
  readonly model: IsolationEngine;
  readonly postgres: IsolationEngine;
  readonly cache: RunCache;
}> {
  const model = await startModelEngine();
  let postgres: IsolationEngine | undefined;
  beforeAll(async () => {
    postgres = await startPostgresEngine();
  }, 120_000);
  afterAll(async () => {
    await postgres?.close();
  }, 60_000);
  return {
    model,
    cache: new RunCache(),
    get postgres(): IsolationEngine {
      if (postgres === undefined)
        throw new Error('the embedded PostgreSQL is started before the tests, in beforeAll');
      return postgres;
    },
  };
}

/**
 * A comparison file's whole body: every probe `.spec` of `directory`, on the model and one
 * embedded PostgreSQL, its listed permutations at each compared level (a waiting session's
 * next step postponed until it finishes), and, with `sample`, that many of all its
 * interleavings drawn at random (a run stopping where a session still waits).
 */
export async function describeProbeFolder(
  title: string,
  directory: URL,
  options: { readonly timeoutMs?: number; readonly sample?: { count: number; seed: string } } = {},
): Promise<void> {
  const probes = await loadSpecFolder(directory);
  const engines = await agreementEngines();
  const { model, cache } = engines;
  const runs: [string, Pick<Parameters<typeof expectAgreement>[0], 'choice' | 'whenSessionWaits'>][] = [
    ['the listed permutations', { choice: { kind: 'listed' }, whenSessionWaits: 'postpone' }],
  ];
  if (options.sample !== undefined)
    runs.push([
      'a sample of all interleavings',
      { choice: { kind: 'sample', ...options.sample }, whenSessionWaits: 'skip' },
    ]);
  describe(title, () => {
    for (const [label, run] of runs)
      it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
        `probe %s: ${label}`,
        async (_id, scenario) => {
          await expectAgreement({ model, postgres: engines.postgres, cache, scenario, ...run });
        },
        options.timeoutMs,
      );
  });
}
