/**
 * Bulk loading builds the same map as inserting the keys one by one, at every fill factor,
 * satisfies every invariant, and refuses unsorted input with a clear error.
 */
import { BPlusTree } from '@dbplay/btree';
import { BadInputError } from '@dbplay/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('BPlusTree.bulkLoad', () => {
  it('yields a tree equal to inserting the same keys, at several fill factors and orders', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -10_000, max: 10_000 }), { maxLength: 800, size: 'max' }),
        fc.constantFrom(3, 4, 5, 16, 64),
        fc.constantFrom(0.5, 0.7, 0.9, 1),
        (raw, order, fill) => {
          const sorted = [...raw].sort((a, b) => a - b);
          const entries = sorted.map((k) => [k, k * 2] as const);
          const loaded = BPlusTree.bulkLoad(entries, { order, fill });
          const inserted = new BPlusTree<number, number>({ order });
          for (const k of raw) inserted.set(k, k * 2);
          expect(loaded.check()).toEqual({ ok: true });
          expect([...loaded]).toEqual([...inserted]);
          expect(loaded.size).toBe(inserted.size);
          // The loaded tree goes on working like any other.
          for (const k of raw.slice(0, raw.length / 2)) expect(loaded.delete(k)).toBe(true);
          loaded.set(20_000, 1);
          expect(loaded.check()).toEqual({ ok: true });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('packs leaves to the fill factor: full at 1, about 70% at 0.7', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => [i, i] as const);
    const full = BPlusTree.bulkLoad(keys, { order: 100, fill: 1 }).stats();
    expect(full.leafNodes).toBe(100);
    expect(full.avgLeafFill).toBe(1);
    const seventy = BPlusTree.bulkLoad(keys, { order: 100, fill: 0.7 }).stats();
    expect(seventy.leafNodes).toBe(143);
    expect(seventy.avgLeafFill).toBeCloseTo(0.7, 2);
    expect(seventy.minLeafFill).toBeGreaterThanOrEqual(0.5);
    // One at a time, ascending keys leave every leaf but the last half full (51 of 100 keys).
    const inserted = new BPlusTree<number, number>({ order: 100 });
    for (const [k, v] of keys) inserted.set(k, v);
    expect(inserted.stats().leafNodes).toBe(196);
  });

  it('evens out a last node that would fall below the minimum', () => {
    // 9 keys at order 4: leaves of 4, 4 and 1 would leave the last one short.
    const tree = BPlusTree.bulkLoad(
      Array.from({ length: 9 }, (_, i) => [i, i] as const),
      { order: 4 },
    );
    expect(tree.check()).toEqual({ ok: true });
    expect(tree.stats().keysPerLevel).toEqual([2, 9]);
  });

  it('builds an empty tree, and a single leaf', () => {
    expect(BPlusTree.bulkLoad([]).size).toBe(0);
    expect(BPlusTree.bulkLoad([]).check()).toEqual({ ok: true });
    const one = BPlusTree.bulkLoad([[1, 'a']], { order: 3 });
    expect(one.height).toBe(1);
    expect(one.get(1)).toBe('a');
  });

  it('rejects unsorted and duplicate keys, naming the entry', () => {
    const unsorted = () =>
      BPlusTree.bulkLoad([
        [1, 'a'],
        [5, 'b'],
        [3, 'c'],
      ]);
    expect(unsorted).toThrow(BadInputError);
    expect(unsorted).toThrow(
      'a bulk load needs entries in strictly ascending key order, but entry 2 has key 3, which does not come after 5',
    );
    expect(() =>
      BPlusTree.bulkLoad([
        [1, 'a'],
        [1, 'b'],
      ]),
    ).toThrow('entry 1 has key 1, which does not come after 1');
  });

  it('rejects a fill factor outside 0.5 to 1, and keys the natural order cannot place', () => {
    expect(() => BPlusTree.bulkLoad([[1, 1]], { fill: 0.3 })).toThrow(
      'the fill factor must be a number from 0.5 to 1; got 0.3',
    );
    expect(() => BPlusTree.bulkLoad([[1, 1]], { fill: 1.5 })).toThrow(BadInputError);
    expect(() => BPlusTree.bulkLoad([[1, 1]], { fill: Number.NaN })).toThrow(BadInputError);
    expect(() =>
      BPlusTree.bulkLoad<number | string, number>([
        [1, 1],
        ['b', 2],
      ]),
    ).toThrow('this tree holds number keys, so the key "b" (a string) cannot be compared with them');
  });
});
