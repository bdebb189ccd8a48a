/**
 * A seeded pseudo-random generator: the same seed gives the same sequence on every machine.
 *
 * `Math.random()` cannot be seeded, so a learner could not replay "the tree built from
 * 1,000 random keys" and a test could not pin its output. This is xoshiro128** (Blackman
 * and Vigna, 2018): four 32-bit words of state, fast with JavaScript's 32-bit integer
 * operations, and good enough statistically for shuffling keys and sampling schedules.
 * The state is filled from the seed with splitmix64, as the authors recommend, so that
 * nearby seeds (1, 2, 3) give unrelated sequences.
 *
 * Every operation uses only integer arithmetic defined bit-for-bit by the language, so the
 * sequence does not depend on the platform. The test suite checks the first outputs
 * against the authors' reference C code.
 */
import { BadInputError } from './errors.ts';

const MASK64 = (1n << 64n) - 1n;

/** splitmix64: one step of the generator Vigna recommends for seeding others. */
function splitmix64(state: bigint): { state: bigint; value: bigint } {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return { state: next, value: z ^ (z >> 31n) };
}

/** FNV-1a, 64 bits, over the UTF-8 bytes of a string seed such as `"lesson-3"`. */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
  }
  return hash;
}

function seedToBigInt(seed: number | string): bigint {
  if (typeof seed === 'string') return fnv1a64(seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new BadInputError(`a seed must be a whole number from 0 to 2^53, or a string; got ${seed}`);
  }
  return BigInt(seed);
}

export class SeededRandom {
  /** The seed this generator started from, for printing "replay with --seed …". */
  readonly seed: number | string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | string) {
    this.seed = seed;
    const first = splitmix64(seedToBigInt(seed));
    const second = splitmix64(first.state);
    this.s0 = Number(first.value & 0xffffffffn);
    this.s1 = Number(first.value >> 32n);
    this.s2 = Number(second.value & 0xffffffffn);
    this.s3 = Number(second.value >> 32n);
  }

  /** The next 32 random bits, as an integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits, like `Math.random()`. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * A whole number in [min, max], both inclusive, every value equally likely.
   * Rejection sampling avoids the bias of `random % n` when n does not divide 2^32.
   */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`int(min, max) needs whole numbers with min <= max; got ${min}, ${max}`);
    }
    const span = max - min + 1;
    if (span > 0x100000000) {
      // Wider than 32 bits: scale a 53-bit float; the bias is below 2^-20 for any safe span.
      return min + Math.floor(this.next() * span);
    }
    const limit = 0x100000000 - (0x100000000 % span);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return min + (value % span);
  }

  /** One element of a non-empty array, chosen uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
