/**
 * The bloom filter's measured false-positive rate against theory, from a thousand keys to a
 * million. LevelDB's 32-bit double hashing drifts to about 1.4 % at 100,000 keys and 10
 * bits per key (research note, structures.md §5); these filters must stay near 0.82 %.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  BloomFilterBuilder,
  bloomHashCount,
  bloomMayContain,
  hashKey,
  theoreticalFalsePositiveRate,
} from '../src/sstable/bloom-filter.ts';

/** 16-byte keys like the benchmark's: a prefix and a counter, so neighbours differ in few bits. */
function key(prefix: string, i: number): Buffer {
  return Buffer.from(`${prefix}${String(i).padStart(15, '0')}`);
}

function measure(keys: number, probes: number, bitsPerKey = 10): number {
  const builder = new BloomFilterBuilder();
  for (let i = 0; i < keys; i++) builder.add(key('k', i));
  const filter = builder.build(bitsPerKey);
  const hashes = { h1: 0, h2: 0 };
  for (let i = 0; i < keys; i += Math.max(1, Math.floor(keys / 1000))) {
    expect(bloomMayContain(filter, 0, filter.length, hashKey(key('k', i), hashes))).toBe(true);
  }
  let falsePositives = 0;
  for (let i = 0; i < probes; i++) {
    if (bloomMayContain(filter, 0, filter.length, hashKey(key('a', i), hashes))) falsePositives++;
  }
  return falsePositives / probes;
}

describe('bloom filter', () => {
  it('uses k = bits · ln 2 hash functions, about 0.82 % false positives at 10 bits per key in theory', () => {
    expect(bloomHashCount(10)).toBe(7);
    expect(bloomHashCount(1)).toBe(1);
    expect(bloomHashCount(100)).toBe(30);
    expect(theoreticalFalsePositiveRate(10)).toBeCloseTo(0.00819, 5);
    expect(theoreticalFalsePositiveRate(0)).toBe(1);
    // The textbook shortcut 0.6185^bits is within a few percent of the exact formula.
    expect(theoreticalFalsePositiveRate(10) / 0.6185 ** 10).toBeGreaterThan(0.95);
  });

  // 200,000 absent keys per size: about 1,600 expected false positives, so ±15 % is > 5 standard deviations.
  it.each([1_000, 10_000, 100_000, 1_000_000])(
    'stays near theory with %i keys at 10 bits per key',
    (keys) => {
      const rate = measure(keys, 200_000);
      const theory = theoreticalFalsePositiveRate(10);
      expect(rate).toBeGreaterThan(theory * 0.85);
      expect(rate).toBeLessThan(theory * 1.15);
    },
  );

  it('follows the curve at other densities too', () => {
    for (const bits of [4, 8, 16]) {
      const rate = measure(20_000, 100_000, bits);
      const theory = theoreticalFalsePositiveRate(bits);
      expect(rate).toBeGreaterThan(theory * 0.7);
      expect(rate).toBeLessThan(theory * 1.3 + 0.0002);
    }
  });

  it('never says no to a key it holds, and answers maybe when it has no bits', () => {
    const builder = new BloomFilterBuilder();
    expect(builder.build(10).length).toBe(9); // 64 bits minimum
    expect(bloomMayContain(new Uint8Array([3]), 0, 1, hashKey(key('x', 1)))).toBe(true);
  });
});
