/**
 * The x-ray library against one PGlite (with pageinspect) shared by the tests, and SQLite:
 * the figures the engines report for sequential, random and descending keys, a real page's
 * items, and the errors for bad arguments.
 */
import { parseInsertOrder, xrayBtree } from '@dbplay/btree';
import { BadInputError } from '@dbplay/core';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysInOrder } from '../src/xray/insert-order.ts';
import { startPgliteWithPageinspect } from '../src/xray/start-pageinspect.ts';

let pglite: PGlite;
// PGlite's first start takes seconds, more on a busy machine: longer than vitest's default hook limit.
beforeAll(async () => {
  pglite = await startPgliteWithPageinspect();
}, 120_000);
afterAll(async () => {
  // A start that timed out leaves nothing to close.
  await (pglite as PGlite | undefined)?.close();
});

describe('xrayBtree', () => {
  it('measures the three trees for sequential, random and descending keys', async () => {
    const progress: string[] = [];
    const sequential = await xrayBtree({ n: 10_000, pglite, onProgress: (text) => progress.push(text) });
    const random = await xrayBtree({ n: 10_000, insertOrder: 'random', seed: 1, pglite });
    const descending = await xrayBtree({ n: 10_000, insertOrder: 'descending', pglite });
    expect(progress).toContain('inserting 10000 keys into PostgreSQL (PGlite) …');

    expect(sequential.postgres).toMatchObject({
      height: 2,
      internalPages: 1,
      rootLevel: 1,
      fillMeasure: 'bytes',
    });
    expect(sequential.toy).toMatchObject({ height: 2, leafPages: 49, order: 407, fillMeasure: 'keys' });
    expect(sequential.sqlite.height).toBe(2);
    // PostgreSQL packs ascending keys (90% rightmost split); a 50/50 split leaves half-full leaves.
    expect(sequential.postgres.avgLeafFill).toBeGreaterThan(0.85);
    expect(sequential.toy.avgLeafFill).toBeCloseTo(0.5, 1);
    expect(sequential.postgres.leafPages).toBeLessThan(sequential.toy.leafPages);

    // Random keys: more, emptier PostgreSQL leaves; SQLite's balancing keeps its pages fuller.
    expect(random.postgres.leafPages).toBeGreaterThan(sequential.postgres.leafPages);
    expect(random.postgres.avgLeafFill).toBeLessThan(0.75);
    expect(random.sqlite.avgLeafFill).toBeGreaterThan(random.postgres.avgLeafFill);

    // Descending keys leave everyone's pages about half full.
    for (const shape of [descending.toy, descending.postgres, descending.sqlite]) {
      expect(shape.avgLeafFill).toBeGreaterThan(0.45);
      expect(shape.avgLeafFill).toBeLessThan(0.6);
    }
    expect(descending.notes[0]).toContain('Descending keys always go to the leftmost leaf');
  });

  it('reads one real page: a leaf starts with its high key, the root with a downlink that has no key', async () => {
    const leaf = await xrayBtree({ n: 10_000, showPage: 1, pglite });
    expect(leaf.page).toMatchObject({ block: 1, type: 'leaf', level: 0, rightLink: 2 });
    const items = leaf.page?.items ?? [];
    expect(items[0]).toMatchObject({ offset: 1, role: 'high key', key: 367 });
    expect(items.slice(1).map((item) => item.key)).toEqual(Array.from({ length: 366 }, (_, i) => i + 1));
    expect(items[1]?.meaning).toBe('key 1 is in the heap row at (0,1)');

    const root = await xrayBtree({ n: 10_000, showPage: leaf.postgres.rootBlock, pglite });
    expect(root.page).toMatchObject({ type: 'root', level: 1, rightLink: null });
    expect(root.page?.items[0]).toMatchObject({ role: 'downlink', key: null });
    expect(root.page?.items[1]).toMatchObject({ role: 'downlink', key: 367 });
    expect(root.page?.items).toHaveLength(leaf.postgres.leafPages);
  });

  it('refuses a page the index does not have, and a bad number of keys', async () => {
    await expect(xrayBtree({ n: 1000, showPage: 99, pglite })).rejects.toThrow(
      '--show-page 99: the index has pages 1 to 4 (block 0 is the metapage, not a B-tree page)',
    );
    await expect(xrayBtree({ n: 1000, showPage: 0, pglite })).rejects.toThrow(BadInputError);
    await expect(xrayBtree({ n: 0, pglite })).rejects.toThrow(
      'the number of keys must be a whole number from 1 to 2,000,000; got 0',
    );
    await expect(xrayBtree({ n: 2.5, pglite })).rejects.toThrow(BadInputError);
  });
});

describe('insert orders', () => {
  it('gives 1..n ascending, descending, or shuffled by a seed', () => {
    expect(keysInOrder(5, 'sequential')).toEqual([1, 2, 3, 4, 5]);
    expect(keysInOrder(5, 'descending')).toEqual([5, 4, 3, 2, 1]);
    const shuffled = keysInOrder(100, 'random', 7);
    expect(shuffled).toEqual(keysInOrder(100, 'random', 7));
    expect(shuffled).not.toEqual(keysInOrder(100, 'random', 8));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(keysInOrder(100, 'sequential'));
  });

  it('refuses an unknown order, suggesting the closest', () => {
    expect(() => parseInsertOrder('randm')).toThrow(
      "unknown insert order 'randm' (did you mean 'random'?); the orders are sequential, random, descending",
    );
    expect(() => parseInsertOrder('zigzag')).toThrow(BadInputError);
  });
});
