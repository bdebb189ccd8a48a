import {
  lowerBound,
  naturalCompare,
  type ProbeStep,
  StepRecorder,
  type Tracer,
  tracerOf,
} from '@dbplay/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// Count how often the search builds a step, by wrapping the real step builder.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/binary-search-steps.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/binary-search-steps.ts')>();
  return {
    ...original,
    probeStep: (...args: Parameters<typeof original.probeStep>) => {
      built.count++;
      return original.probeStep(...args);
    },
  };
});

const keys = [10, 20, 30, 40, 50, 60, 70];

describe('tracing', () => {
  it('builds no step when no tracer is attached', () => {
    built.count = 0;
    for (let i = 0; i < 1000; i++) lowerBound(keys, i % 80, naturalCompare);
    expect(built.count).toBe(0);
  });

  it('calls an attached tracer once per step, and builds one step per call', () => {
    built.count = 0;
    const emit = vi.fn();
    const tracer: Tracer<ProbeStep> = { emit };
    lowerBound(keys, 35, naturalCompare, tracer);
    expect(emit).toHaveBeenCalledTimes(3);
    expect(built.count).toBe(3);
  });

  it('narrates each probe of the search', () => {
    const recorder = new StepRecorder<ProbeStep>();
    expect(lowerBound(keys, 35, naturalCompare, recorder)).toBe(3);
    expect(recorder.steps.map((step) => [step.kind, step.slot, step.goes])).toEqual([
      ['probe', 3, 'left'],
      ['probe', 1, 'right'],
      ['probe', 2, 'right'],
    ]);
    expect(recorder.narrations()[0]).toBe(
      'Compare 35 with 40 in slot 3: 35 ≤ 40, so the search continues in slots 0..3.',
    );
    expect(recorder.steps[1]?.touched).toEqual([1]);
  });

  it('hands steps to a callback as they happen', () => {
    const seen: number[] = [];
    lowerBound(
      keys,
      70,
      naturalCompare,
      tracerOf((step) => seen.push(step.slot)),
    );
    expect(seen).toEqual([3, 5, 6]);
  });
});

describe('lowerBound', () => {
  it('finds the first key not less than the sought one, like a linear scan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 })),
        fc.integer({ min: -60, max: 60 }),
        (raw, key) => {
          const sorted = [...raw].sort((a, b) => a - b);
          const expected = sorted.findIndex((k) => k >= key);
          expect(lowerBound(sorted, key, naturalCompare)).toBe(expected === -1 ? sorted.length : expected);
        },
      ),
    );
  });

  it('searches only the given slice', () => {
    expect(lowerBound(keys, 5, naturalCompare, undefined, 2, 5)).toBe(2);
    expect(lowerBound(keys, 65, naturalCompare, undefined, 2, 5)).toBe(5);
    expect(lowerBound(['b', 'd', 'f'], 'c', naturalCompare)).toBe(1);
  });
});
