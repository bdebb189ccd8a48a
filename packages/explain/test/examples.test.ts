/**
 * The front door's `@example`s compile (they are .ts files under test/examples, which the
 * typecheck reads), run, and are the text the JSDoc shows.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gradeAnExercise } from './examples/grade-an-exercise.ts';
import { exercisesFolder, sharedCacheDir } from './test-catalog.ts';

/** The code between `// example:start` and `// example:end`, without its indentation. */
async function exampleBody(file: URL): Promise<string> {
  const text = await readFile(file, 'utf8');
  const body = /\/\/ example:start\n([\s\S]*?)\n\s*\/\/ example:end/.exec(text)?.[1] ?? '';
  const indent = Math.min(...body.split('\n').map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return body
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

/** The ```ts block of the `@example` in a JSDoc comment, without the leading ` * `. */
async function jsdocExample(file: URL): Promise<string> {
  const text = await readFile(file, 'utf8');
  const block = /@example[^\n]*\n \* ```ts\n([\s\S]*?)\n \* ```/.exec(text)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/^ \* ?/, ''))
    .join('\n');
}

describe('the @example of gradeExercise', () => {
  const example = new URL('./examples/grade-an-exercise.ts', import.meta.url);
  const source = new URL('../src/grading/grade-exercise.ts', import.meta.url);

  it('is the code of test/examples/grade-an-exercise.ts', async () => {
    const body = await exampleBody(example);
    expect(body).toContain('gradeExercise(runner, exercise');
    expect(await jsdocExample(source)).toBe(body);
  });

  it('runs, and grades the right answer right', async () => {
    expect(await gradeAnExercise(exercisesFolder, sharedCacheDir)).toBe('1 of 1 correct');
  });
});
