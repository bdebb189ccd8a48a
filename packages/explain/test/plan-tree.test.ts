/**
 * The plan tree and its drawing, from plans PGlite produced (test/fixtures/plans, captured
 * with EXPLAIN (FORMAT JSON) on the shipped datasets). Each drawing is a golden file; the
 * structural tests pin the details a grader relies on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { drawPlan, type Plan, parsePlan, planNotes } from '@dbplay/explain/plans';
import { describe, expect, it } from 'vitest';
import { costliestNodes } from '../src/plans/draw-plan.ts';
import { normaliseNodeName } from '../src/plans/plan-node-name.ts';
import { filterColumns } from '../src/plans/plan-notes.ts';
import { readField, selectNodes } from '../src/plans/plan-query.ts';
import { estimateFactor, exclusiveCosts, filteredFraction } from '../src/plans/plan-tree.ts';

const fixtures = new URL('./fixtures/plans/', import.meta.url);
const names = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''))
  .sort();

function fixture(name: string): Plan {
  const { plan } = JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8')) as { plan: unknown };
  return parsePlan(plan);
}

describe('drawing plans', () => {
  it.each(names)('draws %s like its golden file', async (name) => {
    const { query } = JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8')) as {
      query: string;
    };
    const drawing = `-- ${query}\n${drawPlan(fixture(name))}\n`;
    await expect(drawing).toMatchFileSnapshot(`./golden/plans/${name}.golden.txt`);
  });

  it('never prints times unless asked, and prints them when asked', () => {
    const plan = fixture('nested-loop-analyze');
    expect(drawPlan(plan)).not.toMatch(/Time/);
    expect(drawPlan(plan, { times: true })).toMatch(/^Execution Time: \d+\.\d{3} ms$/m);
  });
});

describe('reading the JSON plan', () => {
  it('names nodes as psql does: HashAggregate, Hash Anti Join, Index Scan Backward', () => {
    expect(fixture('hash-aggregate').root.name).toBe('HashAggregate');
    expect(fixture('hash-aggregate').root.rawType).toBe('Aggregate');
    expect(fixture('anti-join').root.name).toBe('Hash Anti Join');
    expect(fixture('top-n-backward').nodes[1]?.name).toBe('Index Scan Backward');
  });

  it('keeps per-loop rows and adds the total, rows × loops', () => {
    const inner = selectNodes(fixture('nested-loop-analyze'), { relation: 'customers' })[0];
    expect(inner?.actual).toMatchObject({ rows: 1, loops: 101, totalRows: 101 });
    expect(inner && readField(inner, 'actual_total_rows')).toBe(101);
    expect(inner && readField(inner, 'loops')).toBe(101);
  });

  it('gives a Bitmap Index Scan the table of its Bitmap Heap Scan', () => {
    const plan = fixture('bitmap-or');
    const scans = selectNodes(plan, { node: 'Bitmap Index Scan', relation: 'orders' });
    expect(scans.map((node) => node.index)).toEqual(['orders_customer_id_idx', 'orders_status_idx']);
    expect(selectNodes(plan, { node: 'BitmapOr' })[0]?.relation).toBeUndefined();
  });

  it('rejects what is not EXPLAIN (FORMAT JSON) output', () => {
    expect(() => parsePlan('[{"nope": 1}]')).toThrow(/not the output of EXPLAIN \(FORMAT JSON\)/);
    expect(() => parsePlan(42)).toThrow(/no "Plan" object/);
  });
});

describe('selectors and fields', () => {
  it('matches psql names, JSON names, globs, roles and parents', () => {
    const plan = fixture('hash-join');
    expect(selectNodes(plan, {})).toEqual([plan.root]);
    expect(selectNodes(plan, { node: 'hash join' })).toHaveLength(1);
    expect(selectNodes(plan, { node: 'Seq Scan' }).map((n) => n.relation)).toEqual(['orders', 'customers']);
    expect(selectNodes(plan, { relation: 'cust*' })).toHaveLength(1);
    expect(selectNodes(plan, { role: 'outer', parent: { node: 'Hash Join' } })[0]?.relation).toBe('orders');
    expect(selectNodes(plan, { parent: { node: 'Hash' } })[0]?.relation).toBe('customers');
    expect(selectNodes(fixture('hash-aggregate'), { node: 'Aggregate' })).toHaveLength(1);
    expect(selectNodes(fixture('hash-aggregate'), { node: 'GroupAggregate' })).toHaveLength(0);
    expect(selectNodes(fixture('partition-append'), { relation: 'events_by_month_*' })).toHaveLength(12);
  });

  it('measures misestimates both ways, and ignores bitmap nodes that report no rows', () => {
    const scan = fixture('misestimate-analyze').root;
    expect(estimateFactor(scan)).toBe(200);
    expect(readField(scan, 'actual_per_estimate')).toBe(200);
    const or = selectNodes(fixture('bitmap-or'), { node: 'BitmapOr' })[0];
    expect(or && estimateFactor(or)).toBeUndefined();
  });

  it('computes the share of rows a filter threw away over all loops', () => {
    const scan = fixture('filtering-seq-scan-analyze').root;
    expect(filteredFraction(scan)).toBeCloseTo(99993 / 100000, 10);
    expect(readField(scan, 'removed_percent')).toBeCloseTo(99.993, 6);
  });

  it('normalises node names for answers', () => {
    expect(normaliseNodeName('Hash  Aggregate')).toBe(normaliseNodeName('hash-aggregate'));
    expect(normaliseNodeName('Seq_Scan')).toBe('seqscan');
  });
});

describe('costs', () => {
  it('charges the child of a Limit only for the part it runs', () => {
    const plan = fixture('limit-seq-scan');
    const costs = exclusiveCosts(plan);
    expect(costs.get(0)).toBeCloseTo(0, 6);
    expect(costs.get(1)).toBeCloseTo(plan.root.totalCost, 6);
    expect([...costliestNodes(plan)]).toEqual([[1, 1]]);
  });

  it('marks nothing in a single-node plan', () => {
    expect(costliestNodes(fixture('filtering-seq-scan-analyze')).size).toBe(0);
  });
});

describe('plan notes', () => {
  const kinds = (name: string) => planNotes(fixture(name)).map((note) => note.kind);

  it('flags what analysers flag', () => {
    expect(kinds('filtering-seq-scan-analyze')).toEqual(['filtering-scan']);
    expect(kinds('misestimate-analyze')).toEqual(['filtering-scan', 'misestimate']);
    expect(kinds('disk-sort-analyze')).toEqual(['disk-sort']);
    expect(kinds('hash-batches-analyze')).toContain('hash-batches');
    expect(kinds('lossy-bitmap-analyze')).toEqual(['lossy-bitmap']);
    expect(kinds('heap-fetches-analyze')).toEqual(['heap-fetches']);
  });

  it('says nothing about a plan without ANALYZE', () => {
    expect(planNotes(fixture('hash-join'))).toEqual([]);
  });

  it('names the column an index would serve', () => {
    expect(planNotes(fixture('filtering-seq-scan-analyze'))[0]?.text).toBe(
      'Seq Scan on orders removes 99.99% of the rows it reads (99,993): an index on (customer_id) would let PostgreSQL read only the matching rows.',
    );
    expect(filterColumns("((o.status = 'pending'::text) AND (customer_id >= 3))")).toEqual([
      'status',
      'customer_id',
    ]);
    expect(filterColumns("(lower(email) = 'x'::text)")).toEqual([]);
  });
});
