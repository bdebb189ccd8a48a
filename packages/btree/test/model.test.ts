/**
 * The B+tree against a plain model: a `Map` plus a sort. Random sequences of set, delete,
 * get and range scans over orders 3, 4, 5, 16 and 64 must give the model's answers, and
 * `check()` must pass after every operation.
 */
import { BPlusTree } from '@dbplay/btree';
import { SeededRandom } from '@dbplay/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Op =
  | { op: 'set'; key: number; value: number }
  | { op: 'delete'; key: number }
  | { op: 'get'; key: number }
  | { op: 'range'; low: number; high: number }
  | { op: 'reversed'; low: number; high: number };

const keyArb = fc.integer({ min: 0, max: 300 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key: keyArb, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('get' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('range' as const), low: keyArb, high: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reversed' as const), low: keyArb, high: keyArb }) },
);

function sortedEntries(model: Map<number, number>): [number, number][] {
  return [...model.entries()].sort((a, b) => a[0] - b[0]);
}

/** Returns the tallest the tree grew, so the test can show it exercised splits and merges. */
function runAgainstModel(order: number, ops: readonly Op[]): number {
  let tallest = 1;
  const tree = new BPlusTree<number, number>({ order });
  const model = new Map<number, number>();
  for (const step of ops) {
    switch (step.op) {
      case 'set':
        expect(tree.set(step.key, step.value)).toBe(!model.has(step.key));
        model.set(step.key, step.value);
        break;
      case 'delete':
        expect(tree.delete(step.key)).toBe(model.delete(step.key));
        break;
      case 'get':
        expect(tree.get(step.key)).toBe(model.get(step.key));
        expect(tree.has(step.key)).toBe(model.has(step.key));
        break;
      case 'range': {
        const expected = sortedEntries(model).filter(([k]) => k >= step.low && k <= step.high);
        expect([...tree.entries(step.low, step.high)]).toEqual(expected);
        break;
      }
      case 'reversed': {
        const expected = sortedEntries(model)
          .filter(([k]) => k >= step.low && k <= step.high)
          .reverse();
        expect([...tree.entriesReversed(step.low, step.high)]).toEqual(expected);
        break;
      }
    }
    expect(tree.check()).toEqual({ ok: true });
    expect(tree.size).toBe(model.size);
    tallest = Math.max(tallest, tree.height);
  }
  const all = sortedEntries(model);
  expect([...tree]).toEqual(all);
  expect([...tree.entriesReversed()]).toEqual([...all].reverse());
  expect([...tree.keys()]).toEqual(all.map(([k]) => k));
  expect([...tree.values()]).toEqual(all.map(([, v]) => v));
  expect(tree.min()).toBe(all[0]?.[0]);
  expect(tree.max()).toBe(all[all.length - 1]?.[0]);
  const seen: [number, number][] = [];
  tree.forEach((value, key) => {
    seen.push([key, value]);
  });
  expect(seen).toEqual(all);
  return tallest;
}

describe('BPlusTree against a Map model', () => {
  for (const order of [3, 4, 5, 16, 64]) {
    it(`agrees with the model and passes check() after every operation, order ${order}`, () => {
      // Order 64 needs a few hundred keys before it splits at all; `size: 'max'` lets
      // fast-check generate sequences that long (its default keeps arrays short).
      const maxLength = order >= 16 ? 600 : 200;
      let tallest = 1;
      fc.assert(
        fc.property(fc.array(opArb, { maxLength, size: 'max' }), (ops) => {
          tallest = Math.max(tallest, runAgainstModel(order, ops));
        }),
        { numRuns: order >= 16 ? 40 : 100 },
      );
      expect(tallest).toBeGreaterThanOrEqual(order >= 16 ? 2 : 3);
    });
  }

  it('survives long seeded runs that grow the tree several levels and shrink it back to empty', () => {
    for (const order of [3, 4, 5]) {
      const random = new SeededRandom(order);
      const tree = new BPlusTree<number, number>({ order });
      const model = new Map<number, number>();
      const keys = random.shuffle(Array.from({ length: 3000 }, (_, i) => i));
      keys.forEach((key, i) => {
        tree.set(key, i);
        model.set(key, i);
        if (i % 97 === 0) expect(tree.check()).toEqual({ ok: true });
      });
      expect(tree.height).toBeGreaterThanOrEqual(6);
      expect(tree.check()).toEqual({ ok: true });
      for (const [i, key] of random.shuffle([...keys]).entries()) {
        expect(tree.delete(key)).toBe(true);
        model.delete(key);
        if (i % 97 === 0) {
          expect(tree.check()).toEqual({ ok: true });
          expect([...tree.keys()]).toEqual([...model.keys()].sort((a, b) => a - b));
        }
      }
      expect(tree.size).toBe(0);
      expect(tree.height).toBe(1);
      expect(tree.check()).toEqual({ ok: true });
      expect([...tree]).toEqual([]);
      expect(tree.min()).toBeUndefined();
      expect(tree.max()).toBeUndefined();
    }
  });

  it('orders strings by code unit, and any keys by a compare function', () => {
    const words = new BPlusTree<string, number>({ order: 3 });
    for (const [i, word] of ['pear', 'apple', 'Zebra', 'fig', 'banana', 'cherry'].entries())
      words.set(word, i);
    expect([...words.keys()]).toEqual(['Zebra', 'apple', 'banana', 'cherry', 'fig', 'pear']);
    expect([...words.entries('b', 'd')].map(([k]) => k)).toEqual(['banana', 'cherry']);
    expect(words.check()).toEqual({ ok: true });

    const descending = new BPlusTree<{ n: number }, string>({ order: 4, compare: (a, b) => b.n - a.n });
    for (let n = 0; n < 50; n++) descending.set({ n }, `v${n}`);
    expect(descending.get({ n: 7 })).toBe('v7');
    expect([...descending.keys()].slice(0, 3)).toEqual([{ n: 49 }, { n: 48 }, { n: 47 }]);
    expect(descending.delete({ n: 48 })).toBe(true);
    expect(descending.check()).toEqual({ ok: true });
  });

  it('replaces the value of a key that is already there, without growing', () => {
    const tree = new BPlusTree<number, string>({ order: 3 });
    expect(tree.set(1, 'a')).toBe(true);
    expect(tree.set(1, 'b')).toBe(false);
    expect(tree.get(1)).toBe('b');
    expect(tree.size).toBe(1);
  });

  it('finds nothing for a key of another type, and deletes nothing', () => {
    const tree = new BPlusTree<number | string, number>({ order: 3 });
    for (let i = 0; i < 20; i++) tree.set(i, i);
    expect(tree.get('7')).toBeUndefined();
    expect(tree.has('7')).toBe(false);
    expect(tree.delete('7')).toBe(false);
    expect(tree.size).toBe(20);
  });
});
