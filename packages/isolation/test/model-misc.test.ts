import { describe, it } from 'vitest';
import { agreementEngines, expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-probes-misc/', import.meta.url);
const probes = await loadSpecFolder(directory);
const engines = await agreementEngines();
const { model, cache } = engines;

describe('the model agrees with PostgreSQL on WITH, MERGE, settings, sequences and DDL', () => {
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
