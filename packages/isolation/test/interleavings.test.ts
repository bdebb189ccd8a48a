/**
 * Every interleaving that keeps each session's order, in PostgreSQL's tester's order, counted
 * by the multinomial coefficient; seeded samples are repeatable.
 */
import { parseSpec } from '@dbplay/isolation';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allInterleavings,
  countInterleavings,
  countInterleavingsExactly,
  interleavingNumbered,
  numberOfInterleaving,
  sampleInterleavings,
} from '../src/run/interleavings.ts';

/** A scenario with sessions of the given sizes; session i's steps are named `${letter}${n}`. */
function scenarioOf(sizes: readonly number[]) {
  const text = sizes
    .map((size, i) => {
      const letter = String.fromCharCode(97 + i);
      const steps = Array.from({ length: size }, (_, n) => `step ${letter}${n + 1} { select ${n}; }`);
      return `session S${i + 1}\n${steps.join('\n')}`;
    })
    .join('\n');
  return parseSpec(text);
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('interleavings', () => {
  it("lists them in PostgreSQL's tester's order: the first session's next step first", () => {
    expect([...allInterleavings(scenarioOf([2, 1]))].map((p) => p.join(' '))).toEqual([
      'a1 a2 b1',
      'a1 b1 a2',
      'b1 a1 a2',
    ]);
    expect(countInterleavings(scenarioOf([3, 3]))).toBe(20);
    expect(countInterleavings(scenarioOf([4, 4, 4]))).toBe(34_650);
  });

  it('yields each interleaving once, keeps every session in order, and counts them exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), (sizes) => {
        const scenario = scenarioOf(sizes);
        const all = [...allInterleavings(scenario)];
        const total = sizes.reduce((a, b) => a + b, 0);
        const expected = factorial(total) / sizes.reduce((product, n) => product * factorial(n), 1);
        expect(all).toHaveLength(expected);
        expect(countInterleavings(scenario)).toBe(expected);
        expect(new Set(all.map((p) => p.join(' '))).size).toBe(expected);
        for (const permutation of all) {
          for (const session of scenario.sessions) {
            const own = permutation.filter((name) => session.steps.some((s) => s.name === name));
            expect(own).toEqual(session.steps.map((s) => s.name));
          }
        }
      }),
    );
  });

  it('samples distinct interleavings, the same ones for the same seed, all of them when few', () => {
    const scenario = scenarioOf([4, 4, 4]);
    const sample = sampleInterleavings(scenario, 50, 7);
    expect(sample).toHaveLength(50);
    expect(new Set(sample.map(({ steps }) => steps.join(' '))).size).toBe(50);
    expect(sampleInterleavings(scenario, 50, 7)).toEqual(sample);
    expect(sampleInterleavings(scenario, 50, 8)).not.toEqual(sample);
    // Each drawn interleaving carries its number among all of them, in the tester's order.
    const all = [...allInterleavings(scenario)];
    for (const { number, steps } of sample) expect(all[number - 1]).toEqual(steps);
    expect(sample.map(({ number }) => number)).toEqual(
      [...sample.map(({ number }) => number)].sort((a, b) => a - b),
    );
    const small = scenarioOf([2, 2]);
    expect(sampleInterleavings(small, 100, 1).map(({ steps }) => steps)).toEqual([
      ...allInterleavings(small),
    ]);
  });

  it('finds the k-th interleaving and the number of an interleaving without listing them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), (sizes) => {
        const scenario = scenarioOf(sizes);
        for (const [i, steps] of [...allInterleavings(scenario)].entries()) {
          expect(interleavingNumbered(scenario, i + 1)).toEqual(steps);
          expect(numberOfInterleaving(scenario, steps)).toBe(BigInt(i + 1));
        }
      }),
    );
  });

  it('counts, numbers and samples six sessions of four steps (about 3.2·10¹⁵ interleavings) at once', () => {
    // 36! / (6!)^6, exactly, beyond what a float holds.
    expect(countInterleavingsExactly(scenarioOf([6, 6, 6, 6, 6, 6]))).toBe(
      2_670_177_736_637_149_247_308_800n,
    );
    const scenario = scenarioOf([4, 4, 4, 4, 4, 4]);
    expect(countInterleavings(scenario)).toBe(3_246_670_537_110_000);
    const last = interleavingNumbered(scenario, countInterleavingsExactly(scenario));
    expect(last.slice(0, 4)).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(numberOfInterleaving(scenario, last)).toBe(countInterleavingsExactly(scenario));
    const sample = sampleInterleavings(scenario, 3, 1);
    expect(sample).toHaveLength(3);
    for (const { number, steps } of sample) expect(interleavingNumbered(scenario, number)).toEqual(steps);
  });
});
