/**
 * The grader against the real planner (PGlite): right and wrong answers, fixes that pass
 * and fail, and every way a learner's SQL can go wrong (a refused setting, an error, a
 * dropped table, a runaway query, VACUUM, data changes), each followed by an attempt that
 * must find the dataset exactly as it was.
 */
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineUnavailableError } from '@dbplay/core';
import { pgliteVersion } from '@dbplay/engines';
import {
  type Catalog,
  type Dataset,
  type Exercise,
  findExercise,
  gradeExercise,
  referenceAnswers,
  type SessionPool,
  viewExercise,
} from '@dbplay/explain';
import { explorePlan } from '@dbplay/explain/plans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetKey } from '../src/sessions/dataset.ts';
import { pglitePool, shippedCatalog } from './test-catalog.ts';

let catalog: Catalog;
let pool: SessionPool;
const exercise = (name: string): Exercise => findExercise(catalog, name);

beforeAll(async () => {
  catalog = await shippedCatalog();
  pool = pglitePool(catalog);
}, 120_000);

afterAll(async () => {
  await pool.close();
});

async function grade(name: string, answers: Record<string, string>, timeLimitMs?: number) {
  const target = exercise(name);
  const runner = await pool.runner(target.dataset);
  return gradeExercise(runner, target, answers, timeLimitMs === undefined ? {} : { timeLimitMs });
}

/** The seq-scan cost exercise reads relpages and reltuples: any trace left in the dataset moves it. */
async function expectPristineShop(): Promise<void> {
  const result = await grade('seq-scan-cost', { 'total-cost': '363' });
  expect(result.questions[0]?.feedback).toBe('Right: the planner says 363 (answers within ± 0.5 count).');
  const loops = await grade('missing-fk-index', { fix: '' });
  expect(loops.questions[0]?.fix?.planBefore?.root.totalCost).toBe(2953.36);
}

describe('grading answers against the planner', () => {
  it('reads names off the plan, accepting psql spellings in any case', async () => {
    const result = await grade('reading-a-plan', { 'top-node': 'hash join', 'hashed-table': 'orders' });
    // The feedback never says what is right; the right answer is kept apart, for when it is revealed.
    expect(
      result.questions.map((q) => [q.name, q.correct, q.attempted, q.expected, q.feedback, q.answer]),
    ).toEqual([
      ['top-node', true, true, 'Hash Join', 'Right: Hash Join.', 'The plan says Hash Join.'],
      ['hashed-table', false, true, 'customers', 'Not orders.', 'The plan says customers.'],
      ['orders-scan', false, false, 'Seq Scan', 'Not answered.', 'The plan says Seq Scan.'],
    ]);
    expect(result).toMatchObject({ correct: 1, total: 3, passed: false, engine: { kind: 'pglite' } });
    expect(result.engine.version).toMatch(/^18\./);
  });

  it('grades numbers within the tolerance', async () => {
    const within = await grade('seq-scan-cost', { 'total-cost': ' 363.4 ' });
    expect(within.passed).toBe(true);
    const outside = await grade('seq-scan-cost', { 'total-cost': '364' });
    expect(outside.questions[0]).toMatchObject({
      feedback: 'Not 364.',
      answer: 'The planner says 363 (answers within ± 0.5 count).',
    });
  });

  it('grades a choice by the option whose condition holds in the plan', async () => {
    const result = await grade('selectivity-scan-choice', {
      'this-query': 'Index Scan',
      'seq-scan-despite-index': 'A',
    });
    expect(result.questions[1]).toMatchObject({ correct: false, expected: 'c' });
    expect(result.questions[1]).toMatchObject({
      feedback: 'Not A.',
      answer: "The planner's answer is c) orders since January 2024 (about two thirds of the table)",
    });
  });
});

describe('fix-the-plan questions', () => {
  it('passes the reference fix and lists the conditions it meets', async () => {
    const result = await grade('missing-fk-index', referenceAnswers(exercise('missing-fk-index')));
    expect(result.passed).toBe(true);
    const fix = result.questions[0]?.fix;
    expect(fix?.conditions.map((c) => c.ok)).toEqual([true, true, true]);
    expect(fix?.conditions[0]?.text).toBe('the plan has no Seq Scan on orders');
    expect(fix?.planAfter?.root.name).toBe('Nested Loop');
  });

  it('fails the unchanged query', async () => {
    const result = await grade('missing-fk-index', {});
    expect(result.questions[0]?.feedback).toBe('No fix given: the unchanged query misses 2 of 3 conditions.');
    expect(result.questions[0]?.fix?.conditions.map((c) => c.ok)).toEqual([false, false, true]);
  });

  it('refuses a planner setting that hides the problem, without running anything', async () => {
    const result = await grade('missing-fk-index', { fix: 'set enable_seqscan = off;' });
    expect(result.questions[0]?.feedback).toBe(
      'line 1: changing enable_seqscan hides the problem instead of fixing it; this exercise allows no settings',
    );
  });

  it('reports an SQL error with its statement and line', async () => {
    const result = await grade('missing-fk-index', {
      fix: 'create index on orders (customer_id);\ncreate index on ordrs (x);',
    });
    expect(result.questions[0]?.feedback).toBe(
      'Statement 2 (line 2) failed: relation "ordrs" does not exist',
    );
  });

  it('survives a learner who drops the table: the next attempt finds it again', async () => {
    const dropped = await grade('missing-fk-index', { fix: 'drop table orders cascade;' });
    expect(dropped.questions[0]?.feedback).toBe(
      'After your fix the query fails: relation "orders" does not exist',
    );
    await expectPristineShop();
  });

  it('does not let deleting data pass for a fix, and restores the data afterwards', async () => {
    const result = await grade('missing-fk-index', { fix: 'delete from orders where customer_id <> 42;' });
    expect(result.passed).toBe(false);
    expect(result.questions[0]?.fix?.conditions.at(-1)).toEqual({
      ok: true,
      text: 'the query returns the same rows as before',
    });
    await expectPristineShop();
  });

  it('stops a runaway query at the time limit, reports it, and starts afresh', async () => {
    const result = await grade(
      'function-on-column',
      { fix: 'select count(*) from orders a, orders b, orders c' },
      1_000,
    );
    expect(result.questions[0]).toMatchObject({
      correct: false,
      feedback:
        "Your SQL was stopped after 1000 ms: it ran longer than its time limit (--time-limit); the grader's own work has a budget of its own.",
      fix: { timedOut: 'your-sql', timeLimitMs: 1000 },
    });
    const again = await grade('function-on-column', referenceAnswers(exercise('function-on-column')));
    expect(again.passed).toBe(true);
    await expectPristineShop();
  });

  it('runs VACUUM outside a transaction, on a copy that is thrown away afterwards', async () => {
    const result = await grade(
      'index-only-scan-visibility',
      referenceAnswers(exercise('index-only-scan-visibility')),
    );
    expect(result.passed).toBe(true);
    expect(result.questions[1]?.fix?.conditions[1]?.text).toBe(
      'heap fetches of Index Only Scan on orders at most 0 (it is 0)',
    );
    await expectPristineShop();
  });
});

/** Copies of datasets on disk made by this process: none, since a session's copy is in memory. */
const sessionCopies = () =>
  readdirSync(tmpdir())
    .filter((name) => name.startsWith(`dbplay-explain-${process.pid}-`))
    .sort();

describe('a snapshot that will not open', () => {
  it('is an engine problem (exit 3) that names the folder and says how to rebuild it', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'dbplay-explain-broken-'));
    const shop = catalog.datasets.get('shop') as Dataset;
    const dir = join(cache, 'explain', 'datasets', `shop-${datasetKey(shop, pgliteVersion())}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'PG_VERSION'), '18\n');
    const broken = pglitePool(catalog, cache);
    try {
      const error = await broken.runner('shop').catch((caught: unknown) => caught);
      // The snapshot is copied into the worker's memory, never onto the disk.
      expect(sessionCopies()).toEqual([]);
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect((error as EngineUnavailableError).oneLine()).toMatch(
        /^PGlite could not open .*\/shop-[0-9a-f]{16}: .* \(run pnpm install, then dbplay doctor; deleting the dataset cache folder rebuilds it\)$/,
      );
    } finally {
      await broken.close();
      await rm(cache, { recursive: true, force: true });
    }
  });
});

describe('what a learner sees before answering', () => {
  it('shows tables, facts and questions, hides a plan to be predicted, and never the answers', async () => {
    const target = exercise('seq-scan-cost');
    const view = await viewExercise(await pool.runner(target.dataset), target);
    expect(view.plan).toBeUndefined();
    expect(view.facts).toEqual([
      { label: 'pages in customers (pg_class.relpages)', value: '163' },
      { label: 'rows in customers (pg_class.reltuples)', value: '20,000' },
      { label: 'seq_page_cost', value: '1' },
      { label: 'cpu_tuple_cost', value: '0.01' },
    ]);
    expect(view.tables.map((table) => [table.name, table.rows, table.pages, table.indexes])).toEqual([
      ['customers', 20000, 163, ['CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)']],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/reference|"when"|363/);
  });

  it('shows the plan after the setup, with the setup’s index among the tables', async () => {
    const target = exercise('bitmap-heap-scan');
    const view = await viewExercise(await pool.runner(target.dataset), target);
    expect(view.plan?.root.name).toBe('Bitmap Heap Scan');
    expect(view.tables[0]?.indexes).toContain(
      'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)',
    );
    expect(view.questions[2]?.options?.map((option) => option.key)).toEqual(['a', 'b', 'c']);
  });
});

describe('the playground', () => {
  it('explains the last statement after running the others, then rolls them back', async () => {
    const runner = await pool.runner('shop');
    const tried = await explorePlan(
      runner.session,
      'create index on orders (customer_id); select * from orders where customer_id = 42',
      { analyze: true, buffers: false, timeLimitMs: 10_000 },
    );
    expect(tried.plan.root.name).toBe('Bitmap Heap Scan');
    expect(tried.plan.root.actual?.rows).toBe(5);
    const after = await explorePlan(runner.session, 'select * from orders where customer_id = 42', {
      analyze: false,
      buffers: false,
      timeLimitMs: 10_000,
    });
    expect(after.plan.root.name).toBe('Seq Scan');
  });

  it('refuses statements it cannot roll back', async () => {
    const runner = await pool.runner('shop');
    await expect(
      explorePlan(runner.session, 'vacuum orders; select 1', {
        analyze: false,
        buffers: false,
        timeLimitMs: 1000,
      }),
    ).rejects.toThrow(
      "line 1: the playground runs your SQL in a transaction it rolls back, so it cannot run 'vacuum'",
    );
  });
});
