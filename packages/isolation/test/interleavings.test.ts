/**
 * Every interleaving that keeps each session's order, in PostgreSQL's tester's order, counted
 * by the multinomial coefficient; seeded samples are repeatable.
 */
import { allInterleavings, countInterleavings, parseSpec, sampleInterleavings } from '@dbplay/isolation';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

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
    expect(new Set(sample.map((p) => p.join(' '))).size).toBe(50);
    expect(sampleInterleavings(scenario, 50, 7)).toEqual(sample);
    expect(sampleInterleavings(scenario, 50, 8)).not.toEqual(sample);
    const small = scenarioOf([2, 2]);
    expect(sampleInterleavings(small, 100, 1)).toEqual([...allInterleavings(small)]);
  });
});
