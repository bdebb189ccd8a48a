/**
 * The whole catalog, graded by the real planner: every exercise's reference answers pass on
 * a fresh PGlite instance from the shared test cache, and the unchanged query fails every fix
 * question. This is `dbplay explain validate` over every file, without its second instance:
 * that one builds every dataset again so ANALYZE runs twice, to show that no plan moves with
 * ANALYZE's sample. It would double this, the longest test of the package, so it is left to
 * `dbplay explain validate` (which an author runs on a changed exercise) and to
 * `pnpm bench explain` and `pnpm bench explain-under-load`, which run the whole of it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, type ExerciseValidation, validateExercises } from '@dbplay/explain';
import { beforeAll, describe, expect, it } from 'vitest';
import { isExerciseFileName } from '../src/exercises/exercise-catalog.ts';
import { exercisesFolder, pglitePool, shippedCatalog } from './test-catalog.ts';

const files = readdirSync(exercisesFolder).filter(isExerciseFileName).sort();
let results: Map<string, ExerciseValidation>;

beforeAll(async () => {
  const catalog: Catalog = await shippedCatalog();
  const first = pglitePool(catalog);
  try {
    const validations = await validateExercises(catalog.exercises, { first });
    results = new Map(validations.map((validation) => [validation.exercise.file, validation]));
  } finally {
    await first.close();
  }
}, 600_000);

describe('every exercise, graded by the planner', () => {
  it.each(files)('%s', (name) => {
    const result = results.get(join(exercisesFolder, name));
    expect(result?.problems).toEqual([]);
    expect(result).toMatchObject({ referencesPass: true, unchangedFails: true, stablePlan: true, ok: true });
  });
});
