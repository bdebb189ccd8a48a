/**
 * A bloom filter: a few bits per key that answer "certainly not here" or "maybe here".
 *
 * Each SSTable carries one over its keys. A point read asks the filter before reading a
 * block, so a key that is not in the table costs no disk read at all most of the time:
 * with `bitsPerKey` bits per key and k hash functions, the chance that an absent key gets
 * "maybe" is p = (1 − e^(−k·n/m))^k, smallest at k = bitsPerKey · ln 2, where
 * p ≈ 0.6185^bitsPerKey — about 0.8 % at 10 bits per key (LevelDB's and classic-level's
 * setting). A filter never says "no" to a key it holds.
 *
 * The k bit positions come from two hashes by double hashing, g_i = h1 + i·h2 mod m
 * (Kirsch and Mitzenmacher, "Less hashing, same performance", 2006). LevelDB derives the
 * second hash from the first (`delta = rotl(h, 15)`) and adds in 32-bit arithmetic
 * (util/bloom.cc); measured here, that drifts above the theory once a filter holds 100,000
 * keys (1.4 % instead of 0.8 %). dbplay takes h1 and h2 from two independently seeded
 * hashes and adds exactly (in doubles, below 2^37), which keeps the measured rate on the
 * curve from a thousand keys to millions (test/bloom-filter.test.ts checks it).
 *
 * Encoded as: k (one byte), then the bit array.
 */
import { bloomSeedA, bloomSeedB, murmurHash3 } from './key-hash.ts';

/** The number of hash functions for `bitsPerKey` bits per key: bitsPerKey · ln 2, rounded, 1 to 30. */
export function bloomHashCount(bitsPerKey: number): number {
  return Math.max(1, Math.min(30, Math.round(bitsPerKey * Math.LN2)));
}

/** The false-positive rate theory predicts for `bitsPerKey` bits and the k this filter uses. */
export function theoreticalFalsePositiveRate(bitsPerKey: number): number {
  if (bitsPerKey <= 0) return 1;
  const k = bloomHashCount(bitsPerKey);
  return (1 - Math.exp(-k / bitsPerKey)) ** k;
}

/** A key's two hashes, computed once per lookup and tried against every table's filter. */
export interface KeyHashes {
  h1: number;
  h2: number;
}

export function hashKey(key: Uint8Array, into: KeyHashes = { h1: 0, h2: 0 }): KeyHashes {
  into.h1 = murmurHash3(key, bloomSeedA);
  into.h2 = murmurHash3(key, bloomSeedB);
  return into;
}

/** Collects the hashes of a table's keys while it is written, then lays out the filter. */
export class BloomFilterBuilder {
  private readonly hashes: number[] = [];

  add(key: Uint8Array): void {
    this.hashes.push(murmurHash3(key, bloomSeedA), murmurHash3(key, bloomSeedB));
  }

  get keys(): number {
    return this.hashes.length / 2;
  }

  /** The encoded filter: k, then ⌈n · bitsPerKey⌉ bits (at least 64) rounded up to bytes. */
  build(bitsPerKey: number): Uint8Array {
    const k = bloomHashCount(bitsPerKey);
    const bytes = Math.max(8, Math.ceil((this.keys * bitsPerKey) / 8));
    const filter = new Uint8Array(1 + bytes);
    filter[0] = k;
    const bits = bytes * 8;
    for (let i = 0; i < this.hashes.length; i += 2) {
      const h1 = this.hashes[i] as number;
      const h2 = this.hashes[i + 1] as number;
      for (let j = 0; j < k; j++) {
        const bit = (h1 + j * h2) % bits;
        filter[1 + (bit >>> 3)] = (filter[1 + (bit >>> 3)] as number) | (1 << (bit & 7));
      }
    }
    return filter;
  }
}

/**
 * Whether the filter (as encoded by {@link BloomFilterBuilder.build}, found at
 * `filter[start..end)`) may hold the key with these hashes. False means certainly not.
 */
export function bloomMayContain(filter: Uint8Array, start: number, end: number, hashes: KeyHashes): boolean {
  const k = filter[start] as number;
  const bits = (end - start - 1) * 8;
  if (bits <= 0) return true;
  // g_j = (h1 + j·h2) mod bits, stepped by adding h2 mod bits: integer additions instead of
  // a floating-point remainder per probe, and the same bits.
  let bit = hashes.h1 % bits;
  const step = hashes.h2 % bits;
  for (let j = 0; j < k; j++) {
    if (((filter[start + 1 + (bit >>> 3)] as number) & (1 << (bit & 7))) === 0) return false;
    bit += step;
    if (bit >= bits) bit -= bits;
  }
  return true;
}
