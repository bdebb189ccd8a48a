import { catalogFor, type Scenario } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { sampleInterleavings } from '../src/run/interleavings.ts';
import {
  agreementEngines,
  expectAgreement as expectAgreementOf,
  loadSpecFolder,
} from './expect-agreement.ts';

// The scenarios both engines run (a scenario's `engines` line can leave the model out).
const catalog = await catalogFor(['model', 'postgres']);
const probeDirectory = new URL('./model-probes/', import.meta.url);
const probes = await loadSpecFolder(probeDirectory);
// Three sessions waking at once for one row race in PostgreSQL (whoever runs first wins); the
// model always lets the oldest waiter go first. See model-probes/three-writers.spec.
const deterministicProbes = probes.filter((probe) => probe.id !== 'three-writers');

const engines = await agreementEngines();
const { model, cache } = engines;

function expectAgreement(
  scenario: Scenario,
  choice: Parameters<typeof expectAgreementOf>[0]['choice'],
  whenSessionWaits: 'postpone' | 'skip',
): Promise<void> {
  return expectAgreementOf({ model, postgres: engines.postgres, cache, scenario, choice, whenSessionWaits });
}

describe('the model agrees with PostgreSQL', () => {
  it.each(catalog.map((scenario) => [scenario.id, scenario] as const))(
    '%s: the listed permutations',
    async (_id, scenario) => {
      await expectAgreement(scenario, { kind: 'listed' }, 'postpone');
    },
  );

  it.each(catalog.map((scenario) => [scenario.id, scenario] as const))(
    '%s: a sample of all interleavings',
    async (_id, scenario) => {
      await expectAgreement(scenario, { kind: 'sample', count: 3, seed: 'ci' }, 'skip');
    },
  );

  it.each(deterministicProbes.map((scenario) => [scenario.id, scenario] as const))(
    'probe %s: a sample of its interleavings',
    async (_id, scenario) => {
      await expectAgreement(scenario, { kind: 'sample', count: 4, seed: 'ci' }, 'skip');
    },
  );

  // Issue 13's model bugs, each kept fixed against PostgreSQL on the permutation that showed it:
  // M1 a text key that looks like a number, M2 FOR KEY SHARE beside an update that changes no
  // key, M3 a lock upgrade that queued behind a waiter and then waited for it undetected.
  // And the constructs added since, each on the permutation that shows its waits: savepoints (an
  // error after one keeps the transaction's locks), INSERT … SELECT against a concurrent insert.
  it.each(
    ['text-key', 'key-share-no-key-update', 'lock-upgrade', 'savepoint', 'insert-select'].map((id) => {
      const probe = probes.find((scenario) => scenario.id === id);
      if (probe === undefined) throw new Error(`no probe ${id}`);
      return [id, probe] as const;
    }),
  )('probe %s: the listed permutations', async (_id, scenario) => {
    await expectAgreement(scenario, { kind: 'listed' }, 'postpone');
  });

  it('samples differ from the listed permutations, so the sample adds coverage', () => {
    const g2 = catalog.find((scenario) => scenario.id === 'g2-item');
    if (g2 === undefined) throw new Error('no g2-item');
    const listed = g2.permutations.map((p) => p.steps.map((s) => s.name).join(' '));
    const sampled = sampleInterleavings(g2, 3, 'ci').map(({ steps }) => steps.join(' '));
    expect(sampled.some((steps) => !listed.includes(steps))).toBe(true);
  });
});
