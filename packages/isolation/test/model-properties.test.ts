/**
 * Properties of the model engine over random small schedules (fast-check): two or three
 * sessions of two to four operations each (point reads, a predicate read, blind writes,
 * increments, an insert) over two or three rows, each ending in COMMIT or ROLLBACK, in a
 * random interleaving.
 *
 * - The serializable engines (SSI and two-phase locking) never let a non-serializable outcome
 *   commit: some serial order of the committed transactions gives every read and the final
 *   state (the verdict's serial replays), and the committed transactions' dependency graph has
 *   no cycle.
 * - Read committed never shows a dirty read: no read returns a version whose writer had not
 *   committed (nor one it later rolled back, nor one it replaced).
 * - Read uncommitted does show dirty reads, in some schedule.
 */

import {
  type IsolationLevel,
  judgeOutcome,
  modelDetails,
  parseSpec,
  RunCache,
  runPermutation,
  startModelEngine,
} from '@dbplay/isolation';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleInterleavings } from '../src/run/interleavings.ts';

const engine = await startModelEngine();

type Operation =
  | { kind: 'read'; row: number }
  | { kind: 'scan' }
  | { kind: 'write'; row: number }
  | { kind: 'increment'; row: number }
  | { kind: 'insert' };

const operation = (rows: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('read' as const), row: fc.integer({ min: 1, max: rows }) }),
    fc.record({ kind: fc.constant('scan' as const) }),
    fc.record({ kind: fc.constant('write' as const), row: fc.integer({ min: 1, max: rows }) }),
    fc.record({ kind: fc.constant('increment' as const), row: fc.integer({ min: 1, max: rows }) }),
    fc.record({ kind: fc.constant('insert' as const) }),
  );

const schedule = fc.integer({ min: 2, max: 3 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    sessions: fc.array(
      fc.record({
        operations: fc.array(operation(rows), { minLength: 2, maxLength: 4 }),
        commits: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
);

function sql(op: Operation, session: number, index: number): string {
  switch (op.kind) {
    case 'read':
      return `select value from test where id = ${op.row};`;
    case 'scan':
      return 'select count(*) as n from test where value > 15;';
    case 'write':
      return `update test set value = ${100 * session + index} where id = ${op.row};`;
    case 'increment':
      return `update test set value = value + 1 where id = ${op.row};`;
    case 'insert':
      return `insert into test (id, value) values (${10 * session + index}, ${session * 10});`;
  }
}

function specOf(input: Schedule): string {
  const rows = Array.from({ length: input.rows }, (_, i) => `(${i + 1}, ${10 * (i + 1)})`).join(', ');
  const lines = [
    `setup { create table test (id int primary key, value int); insert into test values ${rows}; }`,
  ];
  input.sessions.forEach((session, s) => {
    lines.push(`session T${s + 1}`);
    session.operations.forEach((op, i) => {
      lines.push(`step t${s + 1}o${i + 1} { ${sql(op, s + 1, i + 1)} }`);
    });
    lines.push(`step t${s + 1}end { ${session.commits ? 'commit' : 'rollback'}; }`);
  });
  return lines.join('\n');
}

type Schedule = {
  rows: number;
  sessions: { operations: Operation[]; commits: boolean }[];
  seed: number;
};

async function runAt(input: Schedule, level: IsolationLevel) {
  const scenario = parseSpec(specOf(input), 'random.spec');
  const [drawn] = sampleInterleavings(scenario, 1, input.seed);
  const outcome = await runPermutation({ engine, scenario, level, permutation: drawn?.steps ?? [] });
  return { scenario, outcome };
}

describe('the model engine on random schedules', () => {
  it.each(['serializable', 'serializable-2pl'] as const)(
    'at %s never commits a non-serializable outcome',
    async (level) => {
      await fc.assert(
        fc.asyncProperty(schedule, async (input) => {
          const { scenario, outcome } = await runAt(input, level);
          const verdict = await judgeOutcome({ engine, scenario, level, cache: new RunCache() }, outcome);
          expect(verdict.serializable, specOf(input)).toBe(true);
          expect(modelDetails(outcome)?.cycle ?? null).toBeNull();
        }),
        { numRuns: 250, seed: 20261129 },
      );
    },
  );

  it('at read committed never shows a dirty read', async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async (input) => {
        const { outcome } = await runAt(input, 'read-committed');
        const phenomena = modelDetails(outcome)?.dsg.phenomena ?? [];
        expect(
          phenomena.filter((p) => /^(P1|G1a|G1b)\b/.test(p)),
          specOf(input),
        ).toEqual([]);
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('at read uncommitted shows dirty reads in some schedules, which read committed never does', async () => {
    let dirty = 0;
    await fc.assert(
      fc.asyncProperty(schedule, async (input) => {
        const { outcome } = await runAt(input, 'read-uncommitted');
        if ((modelDetails(outcome)?.dsg.phenomena ?? []).some((p) => /^(P1|G1a|G1b)\b/.test(p))) dirty++;
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(dirty).toBeGreaterThan(0);
  });
});
