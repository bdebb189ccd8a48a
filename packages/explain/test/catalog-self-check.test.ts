/**
 * The whole catalog, graded by the real planner: every exercise's reference answers pass
 * on two fresh PGlite instances (one from the shared test cache, one from a build of its
 * own, so ANALYZE ran twice), the unchanged query fails every fix question, and the plan
 * is the same on both. This is `dbplay explain validate` over every file, and the longest
 * test of the package, so it has this file to itself.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, type ExerciseValidation, validateExercises } from '@dbplay/explain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isExerciseFileName } from '../src/exercises/exercise-catalog.ts';
import { exercisesFolder, pglitePool, shippedCatalog } from './test-catalog.ts';

const files = readdirSync(exercisesFolder).filter(isExerciseFileName).sort();
let results: Map<string, ExerciseValidation>;
let secondCache: string;

beforeAll(async () => {
  const catalog: Catalog = await shippedCatalog();
  secondCache = await mkdtemp(join(tmpdir(), 'dbplay-explain-second-'));
  const first = pglitePool(catalog);
  const second = pglitePool(catalog, secondCache);
  try {
    const validations = await validateExercises(catalog.exercises, { first, second });
    results = new Map(validations.map((validation) => [validation.exercise.file, validation]));
  } finally {
    await first.close();
    await second.close();
  }
}, 600_000);

afterAll(async () => {
  await rm(secondCache, { recursive: true, force: true });
});

describe('every exercise, graded by the planner on two fresh instances', () => {
  it.each(files)('%s', (name) => {
    const result = results.get(join(exercisesFolder, name));
    expect(result?.problems).toEqual([]);
    expect(result).toMatchObject({ referencesPass: true, unchangedFails: true, stablePlan: true, ok: true });
  });
});
