/**
 * The model against PostgreSQL on undoing a transaction's catalog changes and settings: CREATE
 * and DROP INDEX, ADD PRIMARY KEY, storage parameters, ADD FOREIGN KEY, VALIDATE CONSTRAINT and
 * CREATE TABLE, undone by ROLLBACK and by ROLLBACK TO SAVEPOINT, and SET undone by ROLLBACK TO
 * SAVEPOINT (probes in model-probes-undo/, each observed from a later step).
 */
import { describe, it } from 'vitest';
import { agreementEngines, expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-probes-undo/', import.meta.url);
const probes = await loadSpecFolder(directory);
const engines = await agreementEngines();
const { model, cache } = engines;

describe('the model agrees with PostgreSQL on what ROLLBACK and ROLLBACK TO SAVEPOINT undo', () => {
  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    'probe %s: the listed permutations',
    async (_id, scenario) => {
      await expectAgreement({
        model,
        postgres: engines.postgres,
        cache,
        scenario,
        choice: { kind: 'listed' },
        whenSessionWaits: 'postpone',
      });
    },
  );
});
