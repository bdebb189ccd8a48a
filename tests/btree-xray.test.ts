/**
 * `dbplay btree xray` against the real engines: PGlite read with pageinspect, SQLite read
 * with dbstat. For 10,000 sequential keys PostgreSQL reports 2 levels; random keys leave
 * it more, emptier leaves than sequential ones.
 */
import { describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

interface Shape {
  height: number;
  leafPages: number;
  internalPages: number;
  avgLeafFill: number;
}

interface Report {
  toy: Shape;
  postgres: Shape;
  sqlite: Shape;
  notes: string[];
}

async function xray(...args: string[]): Promise<Report> {
  const run = await runDbplay(['btree', 'xray', ...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

describe('dbplay btree xray', () => {
  it('reads the shapes of the same keys from the toy tree, PostgreSQL and SQLite', async () => {
    const sequential = await xray('--n', '10000');
    for (const engine of ['toy', 'postgres', 'sqlite'] as const) {
      expect(Object.keys(sequential[engine])).toEqual(
        expect.arrayContaining(['height', 'leafPages', 'internalPages', 'avgLeafFill']),
      );
    }
    expect(sequential.postgres.height).toBe(2);
    expect(sequential.sqlite.height).toBe(2);
    // The toy tree splits 50/50 and is deterministic: 10,000 / 204 per leaf.
    expect(sequential.toy).toMatchObject({ height: 2, leafPages: 49, internalPages: 1 });
    // PostgreSQL's rightmost split keeps 90% on the left: nearly full leaves.
    expect(sequential.postgres.avgLeafFill).toBeGreaterThan(0.8);

    const random = await xray('--n', '10000', '--insert-order', 'random', '--seed', '7');
    expect(random.postgres.height).toBe(2);
    expect(random.postgres.leafPages).toBeGreaterThan(sequential.postgres.leafPages);
    expect(random.postgres.avgLeafFill).toBeLessThan(sequential.postgres.avgLeafFill);
    expect(random.notes.join(' ')).toContain('ln 2');
  });

  it('draws the comparison and one real leaf page with its high key', async () => {
    const run = await runDbplay(['btree', 'xray', '--n', '2000', '--show-page', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2,000 integer keys inserted in sequential order');
    expect(run.stdout).toMatch(/│ height \(levels\) +│ +2 │ +2 │ +2 │/);
    expect(run.stdout).toMatch(/avg leaf fill +│ +\d+\.\d% of keys │ +\d+\.\d% of bytes │/);
    expect(run.stdout).toContain('PostgreSQL index page 1: a leaf page at level 0');
    expect(run.stdout).toMatch(/│ +1 │ high key │ +367 │/);
    expect(run.stdout).toContain('Why they differ');
  });

  it('exits 2 on an unknown --insert-order, suggesting the closest', async () => {
    const run = await runDbplay(['btree', 'xray', '--insert-order', 'sequental']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "dbplay: unknown insert order 'sequental' (did you mean 'sequential'?); the orders are sequential, random, descending\n",
    );
  });

  it('exits 2 on a bad --n', async () => {
    const run = await runDbplay(['btree', 'xray', '--n', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dbplay: --n needs a whole number from 1 to 2,000,000');
  });
});
