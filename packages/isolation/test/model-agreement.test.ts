/**
 * The model engine against real PostgreSQL (the embedded server, one for this file): every
 * step's status (ok, waited, still waiting, which SQLSTATE), the rows it returned, and the
 * final state must be the same.
 *
 * - every catalog scenario's listed permutations at read committed, repeatable read and
 *   serializable;
 * - a seeded sample of every scenario's other interleavings at those levels, stopping a
 *   permutation where a step comes up for a session that still waits, as PostgreSQL's tester
 *   did before version 14 (`dbplay isolation compare --all-permutations` runs them all);
 * - the same for the probe scenarios in model-probes/, which exercise what the catalog does
 *   not: FOR UPDATE and FOR SHARE, deletes, duplicate keys, key updates, READ ONLY and
 *   DEFERRABLE, several statements per step, autocommit, three-way deadlocks.
 *
 * A difference a scenario declares (`# model-differs:`) is allowed at its levels.
 */
import { readdirSync } from 'node:fs';
import {
  catalogFor,
  type IsolationEngine,
  loadScenarioFile,
  RunCache,
  type Scenario,
  startModelEngine,
  startPostgresEngine,
} from '@dbplay/isolation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInterleavings } from '../src/run/interleavings.ts';
import { expectAgreement as expectAgreementOf } from './expect-agreement.ts';

// The scenarios both engines run (a scenario's `engines` line can leave the model out).
const catalog = await catalogFor(['model', 'postgres']);
const probeDirectory = new URL('./model-probes/', import.meta.url);
const probes = await Promise.all(
  readdirSync(probeDirectory)
    .filter((name) => name.endsWith('.spec'))
    .sort()
    .map((name) => loadScenarioFile(new URL(name, probeDirectory).pathname)),
);
// Three sessions waking at once for one row race in PostgreSQL (whoever runs first wins); the
// model always lets the oldest waiter go first. See model-probes/three-writers.spec.
const deterministicProbes = probes.filter((probe) => probe.id !== 'three-writers');

const model = await startModelEngine();
let postgres: IsolationEngine;
const cache = new RunCache();

beforeAll(async () => {
  postgres = await startPostgresEngine();
}, 120_000);

afterAll(async () => {
  await postgres?.close();
}, 60_000);

function expectAgreement(
  scenario: Scenario,
  choice: Parameters<typeof expectAgreementOf>[0]['choice'],
  whenSessionWaits: 'postpone' | 'skip',
): Promise<void> {
  return expectAgreementOf({ model, postgres, cache, scenario, choice, whenSessionWaits });
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
