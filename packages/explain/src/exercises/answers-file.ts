/**
 * Answer files: one learner's answers in YAML, for `dbplay explain answer --answers` and
 * for grading a class (one file per student).
 *
 *     student: Ada Lovelace          # optional; the file name otherwise
 *     exercises:
 *       seq-scan-cost:               # an exercise id, or its number
 *         total-cost: 461
 *       missing-fk-index:
 *         fix: |
 *           create index on orders (customer_id);
 *
 * For a single exercise the `exercises:` level may be left out: the file is then just
 * `question-name: answer` lines. Values are kept as the text the learner wrote; the
 * grader reads numbers out of them.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { BadInputError } from '@dbplay/core';
import type { Answers } from '../grading/grade.ts';
import { parseYaml, YamlReader } from './yaml-reader.ts';

export interface AnswerFile {
  readonly file: string;
  readonly student: string;
  /** Answers by exercise, keyed as written in the file (an id or a number). */
  readonly exercises: ReadonlyMap<string, Answers>;
  /** The answers when the file has no `exercises:` level (one exercise). */
  readonly flat: Answers | undefined;
}

export async function readAnswerFile(file: string): Promise<AnswerFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BadInputError(`cannot read answer file ${file}`, { cause: error });
  }
  return parseAnswerFile(text, file);
}

export function parseAnswerFile(text: string, file: string): AnswerFile {
  const root = new YamlReader(file, parseYaml(text, file));
  if (!root.isMap())
    throw root.error(
      'an answer file is a mapping: student, exercises: { <exercise>: { <question>: answer } }',
    );
  const defaultStudent = basename(file, extname(file));
  if (!root.has('exercises')) {
    return { file, student: defaultStudent, exercises: new Map(), flat: readAnswers(root) };
  }
  root.keys(['student', 'exercises']);
  const exercisesField = root.get('exercises');
  if (!exercisesField.isMap())
    throw exercisesField.error('must map each exercise (id or number) to its answers');
  const exercises = new Map<string, Answers>();
  for (const key of allKeys(exercisesField)) {
    exercises.set(key, readAnswers(exercisesField.get(key)));
  }
  return { file, student: root.optional('student')?.string() ?? defaultStudent, exercises, flat: undefined };
}

function readAnswers(field: YamlReader): Answers {
  if (!field.isMap()) throw field.error('must map question names to answers, like total-cost: 461');
  const answers: Record<string, string> = {};
  for (const key of allKeys(field)) {
    const value = field.get(key);
    if (value.isMap() || value.isList())
      throw value.error('an answer is a single value (a number, a name, an option key, or SQL)');
    answers[key] = value.string();
  }
  return answers;
}

function allKeys(field: YamlReader): string[] {
  return field.tree.kind === 'map' ? [...field.tree.entries.keys()] : [];
}
