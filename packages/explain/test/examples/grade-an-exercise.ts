/**
 * The `@example` of `gradeExercise` (grading/grade-exercise.ts), kept as code so that the
 * typecheck compiles it and examples.test.ts runs it; the same test checks that the
 * comment and this file say the same thing.
 */
import { findExercise, gradeExercise, loadCatalog, PgliteSessionFactory, SessionPool } from '@dbplay/explain';

export async function gradeAnExercise(exercisesFolder: string, cacheDir: string): Promise<string> {
  // example:start
  const catalog = await loadCatalog(exercisesFolder);
  const exercise = findExercise(catalog, 'seq-scan-cost');
  const pool = new SessionPool(new PgliteSessionFactory({ datasets: catalog.datasets, cacheDir }));
  try {
    const runner = await pool.runner(exercise.dataset);
    const grade = await gradeExercise(runner, exercise, { 'total-cost': '363' });
    return `${grade.correct} of ${grade.total} correct`; // '1 of 1 correct'
  } finally {
    await pool.close();
  }
  // example:end
}
