/**
 * The model's WITH, MERGE, settings, sequences, TRUNCATE, REINDEX, CLUSTER, roles and schemas
 * against real PostgreSQL (the embedded server, one for this file): each probe scenario in
 * model-probes-misc/ is run on both engines, at every compared level, on its listed
 * permutations, and every step's status, rows, errors and the final state must be the same.
 */
import { type IsolationEngine, RunCache, startModelEngine, startPostgresEngine } from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-probes-misc/', import.meta.url);
const probes = await loadSpecFolder(directory);
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
      await expectAgreement({
        model,
        postgres,
        cache,
        scenario,
        choice: { kind: 'listed' },
        whenSessionWaits: 'postpone',
      });
    },
  );
});
