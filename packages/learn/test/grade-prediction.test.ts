/**
 * Grading a prediction against the live value: the specification, case by case, and the
 * rule that a prediction which cannot be an answer is refused before anything runs.
 */
import { checkPrediction, gradePrediction } from '@dbplay/learn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const choice = {
  kind: 'choice' as const,
  ask: 'Who waits?',
  options: [
    { key: 'a', text: 'T1', value: 'T1' },
    { key: 'b', text: 'nobody', value: 'none' },
  ],
  answer: 'b',
};
const number = { kind: 'number' as const, ask: 'How tall?', tolerance: { absolute: 0 }, answer: 3 };

describe('grading a prediction', () => {
  it.each([
    ['b', 'none', true],
    ['B', 'none', true],
    ['a', 'none', false],
    ['a', 't1', true],
  ])('choice %s against the live value %s: right = %s', (prediction, live, right) => {
    expect(gradePrediction(choice, prediction, live).correct).toBe(right);
  });

  it('names the option the live value stands for', () => {
    expect(gradePrediction(choice, 'a', 'none')).toMatchObject({ actual: 'b', actualText: 'nobody' });
  });

  it('grades numbers within the tolerance, absolute or a percentage of the live value', () => {
    expect(gradePrediction(number, '3', 3).correct).toBe(true);
    expect(gradePrediction(number, '4', 3).correct).toBe(false);
    const percent = { ...number, tolerance: { percent: 10 } };
    expect(gradePrediction(percent, '1,050', 1000).correct).toBe(true);
    expect(gradePrediction(percent, '1150', 1000).correct).toBe(false);
  });

  it('refuses a prediction that is not a possible answer, before the run', () => {
    expect(() => checkPrediction(choice, 'c')).toThrow("'c' is not one of the options a, b");
    expect(() => checkPrediction(number, 'tall')).toThrow("'tall' is not a number");
  });

  it('accepts exactly the numbers within the tolerance (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(50),
        (guess, live, tolerance) => {
          const checkpoint = { ...number, tolerance: { absolute: tolerance } };
          expect(gradePrediction(checkpoint, String(guess), live).correct).toBe(
            Math.abs(guess - live) <= tolerance,
          );
        },
      ),
    );
  });
});
