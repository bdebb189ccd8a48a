/**
 * The data a page carries, for one page of each kind (golden JSON in .golden.txt files, which
 * the formatter leaves alone: regenerate with
 * `pnpm test:update` and review the diff), and the properties the drawing relies on.
 */
import { describe, expect, it } from 'vitest';
import type {
  BtreePageData,
  ExplainPageData,
  IsolationPageData,
  LsmPageData,
  PageData,
} from '../src/index.ts';
import { btreePage, jsonForScript, readPageData, renderPage } from '../src/index.ts';
import {
  btreeSample,
  btreeThousand,
  explainSample,
  isolationSample,
  lsmSample,
  simulationSample,
} from './sample-pages.ts';

const golden = (data: PageData, name: string) =>
  expect(`${JSON.stringify(data, null, 1)}\n`).toMatchFileSnapshot(`golden/${name}.golden.txt`);

describe('B+tree pages', () => {
  const page = btreeSample() as BtreePageData;

  it('keep every step with its narration, touched nodes, trail and tree', async () => {
    await golden(page, 'btree-sample');
    expect(page.steps[0]?.kind).toBe('start');
    expect(page.operations).toContain('range 15..45');
  });

  it('store a node version once, however many steps show it', () => {
    const identities = page.nodes.map((node) => JSON.stringify(node));
    expect(new Set(identities).size).toBe(identities.length);
    // Steps that only read share the tree of the step before them.
    const find = page.steps.filter((step) => page.operations[step.operation] === 'find 40');
    expect(new Set(find.map((step) => step.root)).size).toBe(1);
  });

  it('draw a split beside the tree before it', () => {
    const splits = page.steps.filter((step) => step.kind === 'split');
    expect(splits.length).toBeGreaterThan(0);
    for (const split of splits) {
      expect(split.before).toBeDefined();
      expect(split.before).not.toBe(split.root);
    }
  });

  it('trace a range scan down the tree and along the leaves it hopped to', () => {
    const range = page.steps.filter((step) => page.operations[step.operation] === 'range 15..45');
    const last = range[range.length - 1];
    const hops = range.filter((step) => step.kind === 'leaf-hop');
    expect(hops.length).toBeGreaterThan(0);
    for (const hop of hops) for (const id of hop.touched) expect(last?.trail).toContain(id);
  });

  it('keep only the first and last keys of a node holding many, with the count', () => {
    const leaf = { id: 1, leaf: true, keys: Array.from({ length: 40 }, (_, i) => i) };
    const big = btreePage({
      title: 't',
      subtitle: 's',
      start: { order: 64, size: 40, height: 1, root: leaf },
      operations: [],
    });
    expect(big.nodes[0]).toEqual({ id: 1, leaf: true, keys: ['0', '1', '2', '38', '39'], count: 40 });
  });

  it('stay under 2 MB for a thousand inserts, every step with its tree', () => {
    const thousand = btreeThousand() as BtreePageData;
    expect(thousand.steps.length).toBeGreaterThan(3000);
    expect(thousand.steps.every((step) => step.root !== null)).toBe(true);
    expect(Buffer.byteLength(renderPage(thousand))).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('LSM pages', () => {
  it('mark flushes, compaction inputs and outputs, and chart the amplifications', async () => {
    const page = (await lsmSample()) as LsmPageData;
    await golden(page, 'lsm-sample');
    const roles = new Set(page.steps.map((step) => step.role));
    expect(roles).toEqual(new Set([null, 'flushed', 'input', 'output', 'probed']));
    const last = page.steps[page.steps.length - 1];
    // Compaction rewrote flushed bytes, so each flushed byte was written more than once.
    expect(last?.amplification.write).toBeGreaterThan(1);
    for (const step of page.steps) expect(page.shapes[step.shape]).toBeDefined();
  });

  it('draw the simulator: a flush per iteration, each compaction as inputs then outputs', async () => {
    const page = simulationSample() as LsmPageData;
    await golden(page, 'lsm-simulation');
    expect(page.steps.filter((step) => step.kind === 'flush')).toHaveLength(12);
    const picks = page.steps.filter((step) => step.kind === 'pick');
    expect(picks.length).toBeGreaterThan(0);
    for (const pick of picks) expect(pick.touched.length).toBeGreaterThan(1);
  });
});

describe('isolation pages', () => {
  it('show a wait with the session it waits for (lost update at read committed)', async () => {
    const page = (await isolationSample('lost-update', 'read-committed')) as IsolationPageData;
    await golden(page, 'isolation-lost-update');
    const waits = page.rows.filter((row) => row.event === 'wait');
    expect(waits.length).toBeGreaterThan(0);
    for (const wait of waits) expect(wait.waitsFor.length).toBeGreaterThan(0);
    expect(page.internals.length).toBeGreaterThan(0);
  });

  it('end with the dependency graph and its cycle (write skew at repeatable read)', async () => {
    const page = (await isolationSample('write-skew', 'repeatable-read')) as IsolationPageData;
    await golden(page, 'isolation-write-skew');
    expect(page.graph?.cycle?.anomaly).toBe('G2-item');
    expect(page.graph?.edges.filter((edge) => edge.inCycle).length).toBeGreaterThanOrEqual(2);
    expect(page.steps[page.steps.length - 1]?.graph).toBe(true);
  });
});

describe('EXPLAIN pages', () => {
  const page = explainSample() as ExplainPageData;

  it('read each plan whole, then node by node, children first', async () => {
    await golden(page, 'explain-sample');
    const first = page.plans[0];
    const steps = page.steps.filter((step) => step.plan === 0);
    expect(steps[0]?.node).toBeNull();
    // The root comes last: rows flow up to it.
    expect(steps[steps.length - 1]?.node).toBe(first?.nodes[0]?.id);
  });

  it('shade by time with ANALYZE and by cost without, shares adding up to at most the whole', () => {
    expect(page.plans.map((plan) => plan.shareOf)).toEqual(['time', 'cost']);
    for (const plan of page.plans) {
      const total = plan.nodes.reduce((sum, node) => sum + node.share, 0);
      expect(total).toBeLessThanOrEqual(1.0001);
      expect(total).toBeGreaterThan(0.5);
    }
  });
});

describe('the page text', () => {
  it('keeps data that could end its script element inside it', () => {
    const page = btreeSample() as BtreePageData;
    const hostile = { ...page, title: 'x </script><script>alert(1)</script>' };
    const html = renderPage(hostile);
    expect(html.split('</script>').length).toBe(3); // the data element's and the player's
    expect(readPageData(html)).toEqual(hostile);
    expect(jsonForScript('<!--')).toBe('"\\u003c!--"');
  });

  it('fetches nothing: no external script, style, font or image, and a policy that forbids them', () => {
    const html = renderPage(btreeSample());
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toContain('@import');
  });

  it('refuses text that is not a page', () => {
    expect(() => readPageData('<html></html>')).toThrow('not a dbplay page');
  });
});
