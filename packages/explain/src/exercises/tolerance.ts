/**
 * A tolerance: how far from the true figure a learner's number may be and still count.
 *
 * Planner estimates are not exact quantities a learner can be expected to compute to the
 * unit: a cost read off `EXPLAIN` is right to the decimal, but a row estimate worked out by
 * hand from pg_stats is right to a few percent. So every number question (an exercise's, a
 * lesson checkpoint's) carries a tolerance, absolute (`0.5`) or relative (`5%`), which the
 * learner is shown before answering, and which the grader applies the same way everywhere.
 * Exercises and lessons both read it from their YAML with {@link readTolerance}.
 */
import type { YamlReader } from './yaml-reader.ts';

/** An absolute distance (`{ absolute: 0.5 }`) or a percentage of the true value (`{ percent: 5 }`). */
export type Tolerance = { readonly absolute: number } | { readonly percent: number };

/** Reads `tolerance: 0.5` or `tolerance: 5%` from an exercise or a lesson file. */
export function readTolerance(field: YamlReader): Tolerance {
  if (field.isMap()) throw field.error('must be a number (an absolute distance) or a percentage like "5%"');
  const text = field.string();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent !== null) return { percent: Number(percent[1]) };
  const absolute = field.number();
  if (absolute < 0) throw field.error('must not be negative');
  return { absolute };
}

/** A tolerance as the learner reads it, before answering and in the feedback: `± 0.5`, `± 5%`. */
export function describeTolerance(tolerance: Tolerance): string {
  return 'absolute' in tolerance ? `± ${tolerance.absolute}` : `± ${tolerance.percent}%`;
}

/**
 * Whether `given` is within `tolerance` of `expected`. A percentage is of the true value; the
 * small slack absorbs binary floating point (`0.1 + 0.2`), never a real difference.
 */
export function withinTolerance(given: number, expected: number, tolerance: Tolerance): boolean {
  const allowed =
    'absolute' in tolerance ? tolerance.absolute : (Math.abs(expected) * tolerance.percent) / 100;
  return Number.isFinite(given) && Math.abs(given - expected) <= allowed + 1e-9;
}
