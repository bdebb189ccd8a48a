/**
 * Partitioned and inherited tables on the model against real PostgreSQL (the embedded server,
 * one for this file), on the probe scenarios in model-hierarchy/:
 *
 * - partition-move: an UPDATE that moves a row to another partition, against an UPDATE, a
 *   DELETE and a SELECT … FOR UPDATE of the row (read committed fails with "tuple to be
 *   locked was already moved to another partition", 40001) and an insert of the new key;
 * - range-partitions: range bounds with MINVALUE and a default partition, ON CONFLICT DO
 *   UPDATE with EXCLUDED through a partitioned table, and the errors of a row written where it
 *   does not belong;
 * - inheritance: a query on a parent against ALTER TABLE … NO INHERIT / INHERIT, DROP TABLE of
 *   a child (the query keeps the list of children it read before waiting), a child whose
 *   columns are in another order and which has one more, and writes through the parent;
 * - hierarchy-errors: the DDL's errors (overlapping bounds, a parent with children dropped, a
 *   table attached with the wrong columns, a failed implicit transaction's CREATE TABLE);
 * - concurrent-attach: ATTACH PARTITION beside inserts routed to the default partition, which
 *   check its bound again once they have its lock;
 * - vacuum-partitions: VACUUM and ANALYZE of a partitioned table and of partitions, one dropped
 *   while they wait;
 * - partition-foreign-keys: a foreign key between two partitioned tables, against deletes of
 *   referenced rows in either partition.
 *
 * Each scenario's listed permutations and a sample of its other interleavings, at read
 * committed, repeatable read and serializable: every step's status, rows and error, and the
 * final tables, must be the same.
 */
import { type IsolationEngine, RunCache, startModelEngine, startPostgresEngine } from '@dbplay/isolation';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-hierarchy/', import.meta.url);
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

describe('partitioned and inherited tables on the model agree with PostgreSQL', () => {
  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    '%s: the listed permutations',
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
    60_000,
  );

  it.each(probes.map((scenario) => [scenario.id, scenario] as const))(
    '%s: a sample of all interleavings',
    async (_id, scenario) => {
      await expectAgreement({
        model,
        postgres,
        cache,
        scenario,
        choice: { kind: 'sample', count: 6, seed: 'ci' },
        whenSessionWaits: 'skip',
      });
    },
    60_000,
  );
});
