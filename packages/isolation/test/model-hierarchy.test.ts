import { describe, it } from 'vitest';
import { agreementEngines, expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-hierarchy/', import.meta.url);
const probes = await loadSpecFolder(directory);

const engines = await agreementEngines();
const { model, cache } = engines;

describe('partitioned and inherited tables on the model agree with PostgreSQL', () => {
  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    '%s: the listed permutations',
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
    60_000,
  );

  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    '%s: a sample of all interleavings',
    async (_id, scenario) => {
      await expectAgreement({
        model,
        postgres: engines.postgres,
        cache,
        scenario,
        choice: { kind: 'sample', count: 6, seed: 'ci' },
        whenSessionWaits: 'skip',
      });
    },
    60_000,
  );
});
