/**
 * Cleaning up never changes what anyone sees (fast-check): random histories of a writer (in
 * autocommit or in a transaction it commits or rolls back, with bursts of updates that fill
 * a page), two readers holding READ COMMITTED or REPEATABLE READ transactions open, and
 * VACUUM at random moments, over a table with a primary key and one without an index. Each
 * history runs twice: on the model as it is, and on the plain model that never prunes or
 * vacuums (every version kept forever). Every statement must return the same rows and the
 * same errors on both, and the tables end with the same rows; the clean-up must also have
 * happened (some VACUUM removed something, some reader pruned a page) across the runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelDatabase } from '../src/model/model-database.ts';
import { ModelSession } from '../src/model/model-session.ts';

type Operation =
  | { kind: 'write'; sql: string }
  | { kind: 'burst'; table: string; id: number }
  | { kind: 'writer'; sql: 'begin' | 'commit' | 'rollback' }
  | { kind: 'reader'; session: 'b' | 'c'; sql: string }
  | { kind: 'vacuum' };

const table = fc.constantFrom('t', 'n');
const id = fc.integer({ min: 1, max: 4 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  // Readers twice as often: the histories that matter hold a snapshot across a write and a VACUUM.
  fc.record({
    kind: fc.constant('write' as const),
    sql: fc.oneof(
      fc.tuple(table, id).map(([t, k]) => `insert into ${t} values (${k}, 0)`),
      fc.tuple(table, id).map(([t, k]) => `update ${t} set v = v + 1 where id = ${k}`),
      fc.tuple(table, id).map(([t, k]) => `update ${t} set id = ${k + 4} where id = ${k}`),
      fc.tuple(table, id).map(([t, k]) => `delete from ${t} where id = ${k}`),
    ),
  }),
  fc.record({ kind: fc.constant('burst' as const), table, id }),
  fc.record({
    kind: fc.constant('writer' as const),
    sql: fc.constantFrom('begin' as const, 'commit' as const, 'rollback' as const),
  }),
  ...[1, 2].map(() =>
    fc.record({
      kind: fc.constant('reader' as const),
      session: fc.constantFrom('b' as const, 'c' as const),
      sql: fc.constantFrom(
        'begin isolation level repeatable read',
        'begin',
        'select id, v from t order by id, v',
        'select id, v from n order by id, v',
        'commit',
      ),
    }),
  ),
  fc.record({ kind: fc.constant('vacuum' as const) }),
);

/** Each statement's rows or error, in order, and the final rows of both tables. */
function run(operations: readonly Operation[], cleanUp: boolean) {
  const db = new ModelDatabase('ssi');
  db.cleanUp = cleanUp;
  const registry = { all: [] };
  const sessions = new Map<string, ModelSession>();
  const results: unknown[] = [];
  const exec = (name: string, sql: string) => {
    let session = sessions.get(name);
    if (session === undefined) {
      session = new ModelSession(name, db, registry);
      sessions.set(name, session);
    }
    const done = session.runStep(sql, null, 'read committed').next();
    if (done.done !== true) throw new Error(`${sql} waits: a single writer never should`);
    results.push(done.value.error?.code ?? done.value.rows?.rows ?? done.value.command);
  };
  exec('setup', 'create table t (id int primary key, v int not null)');
  exec('setup', 'create table n (id int, v int not null)');
  exec('setup', 'insert into t values (1, 0), (2, 0)');
  exec('setup', 'insert into n values (1, 0), (2, 0)');
  for (const op of operations) {
    if (op.kind === 'write' || op.kind === 'writer') exec('a', op.sql);
    else if (op.kind === 'burst')
      for (let i = 0; i < 150; i++) exec('a', `update ${op.table} set v = v + 1 where id = ${op.id}`);
    else if (op.kind === 'reader') exec(op.session, op.sql);
    else exec('v', 'vacuum');
  }
  for (const session of sessions.values()) session.rollbackOpen('the history is over');
  exec('v', 'select id, v from t order by id, v');
  exec('v', 'select id, v from n order by id, v');
  return { results, maintenance: db.maintenance };
}

describe('VACUUM and page pruning', () => {
  it('never change what a statement returns, and do clean up', () => {
    let removedByVacuum = 0;
    let pruned = 0;
    fc.assert(
      fc.property(fc.array(operation, { minLength: 5, maxLength: 30 }), (operations) => {
        const cleaned = run(operations, true);
        const plain = run(operations, false);
        expect(cleaned.results).toEqual(plain.results);
        expect(plain.maintenance).toEqual([]);
        for (const event of cleaned.maintenance) {
          if (event.kind === 'vacuum') removedByVacuum += event.report.removed;
          else pruned++;
        }
      }),
      { numRuns: 100, seed: 16 },
    );
    expect(removedByVacuum).toBeGreaterThan(0);
    expect(pruned).toBeGreaterThan(0);
  });
});
