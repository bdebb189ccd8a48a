/**
 * Every shipped lesson, run on the live engines: its checkpoint's run gives the answer the
 * file expects (`dbplay learn validate` over the whole path). The engines are started once
 * for the file and stopped at the end.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isLessonFileName,
  LessonEngines,
  type LessonValidation,
  loadLessons,
  validateLesson,
} from '@dbplay/learn';
import { beforeAll, describe, expect, it } from 'vitest';

const exercisesDir = fileURLToPath(new URL('../../../exercises', import.meta.url));
const lessonsDir = join(exercisesDir, 'lessons');
const files = readdirSync(lessonsDir).filter(isLessonFileName).sort();
const results = new Map<string, LessonValidation>();
// The dataset cache the explain package's tests share (packages/explain/test/test-catalog.ts):
// keyed by each dataset's SQL, so whichever test builds a dataset first, the others reuse it.
const cacheDir = join(tmpdir(), 'dbplay-explain-test-cache');

beforeAll(async () => {
  const engines = new LessonEngines({ exercisesDir, cacheDir });
  try {
    for (const lesson of await loadLessons(lessonsDir)) {
      results.set(
        `${String(lesson.number).padStart(2, '0')}-${lesson.id}.yaml`,
        await validateLesson(lesson, engines),
      );
    }
  } finally {
    await engines.close();
  }
}, 900_000);

describe('every lesson agrees with the live engines', () => {
  it('has at least 15 lessons across the six topics', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s', (name) => {
    const result = results.get(name);
    expect(result?.problems).toEqual([]);
    expect(result?.ok).toBe(true);
  });
});
