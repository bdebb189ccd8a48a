/**
 * The model's WITH, MERGE, settings, sequences, TRUNCATE, REINDEX, CLUSTER, roles and schemas
 * against real PostgreSQL (the embedded server, one for this file): each probe scenario in
 * model-probes-misc/ is run on both engines, at every compared level, on its listed
 * permutations, and every step's status, rows, errors and the final state must be the same.
 */
import { readdirSync } from 'node:fs';
import {
  type IsolationEngine,
  loadScenarioFile,
  RunCache,
  startModelEngine,
  startPostgresEngine,
} from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareScenario } from '../src/compare/compare-engines.ts';
import { comparedLevels } from '../src/engines/levels.ts';

const directory = new URL('./model-probes-misc/', import.meta.url);
const probes = await Promise.all(
  readdirSync(directory)
    .filter((name) => name.endsWith('.spec'))
    .sort()
    .map((name) => loadScenarioFile(new URL(name, directory).pathname)),
);
const model = await startModelEngine();
let postgres: IsolationEngine;
const cache = new RunCache();

beforeAll(async () => {
  postgres = await startPostgresEngine();
}, 120_000);

afterAll(async () => {
  await postgres?.close();
}, 60_000);

describe('the model agrees with PostgreSQL on WITH, MERGE, settings, sequences and DDL', () => {
  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    'probe %s: the listed permutations',
    async (_id, scenario) => {
      const comparison = await compareScenario({
        model,
        reference: postgres,
        scenario,
        levels: comparedLevels,
        choice: { kind: 'listed' },
        whenSessionWaits: 'postpone',
        cache,
      });
      for (const level of comparison.levels) {
        const shown = level.differing.map(
          (d) =>
            `permutation ${d.number} (${d.permutation.join(' ')}) at ${level.level}:\n${d.differences
              .map((x) => `  ${x.where}: model ${x.model}; postgres ${x.reference}`)
              .join('\n')}`,
        );
        expect(shown, `${scenario.id} at ${level.level}`).toEqual([]);
        expect(level.identical).toBe(level.total);
      }
    },
  );
});
