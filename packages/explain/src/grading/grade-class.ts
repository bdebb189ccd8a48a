/**
 * Grading a class: a folder of answer files, one per student, into one report per
 * student and per exercise.
 *
 * The assignment is every exercise that any student answered; a student who left one
 * out scores 0 on it. Work is done exercise by exercise (ordered by dataset, so each
 * dataset's session opens once), and a broken answer file is reported for its student
 * instead of stopping the class.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, isDbplayError } from '@dbplay/core';
import { type AnswerFile, readAnswerFile } from '../exercises/answers-file.ts';
import type { Exercise } from '../exercises/exercise.ts';
import { type Catalog, findExercise } from '../exercises/exercise-catalog.ts';
import { inDatasetOrder, type SessionPool } from '../sessions/session-pool.ts';
import { checkAnswers } from './check-answers.ts';
import { ExerciseDefinitionError } from './evaluate.ts';
import type { Answers, ExerciseGrade, GradeOptions } from './grade.ts';
import { gradeExercise } from './grade-exercise.ts';

export interface StudentExerciseResult {
  readonly id: string;
  readonly answered: boolean;
  readonly correct: number;
  readonly total: number;
  readonly passed: boolean;
  /** Question names answered wrongly. */
  readonly missed: readonly string[];
}

export interface StudentReport {
  readonly student: string;
  readonly file: string;
  /** Why the file could not be graded (unreadable YAML, unknown exercises). */
  readonly problems: readonly string[];
  readonly exercises: readonly StudentExerciseResult[];
  readonly passed: number;
  /** Correct questions over all questions of the assignment, from 0 to 1. */
  readonly score: number;
}

export interface ExerciseSummary {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly answeredBy: number;
  readonly passedBy: number;
  readonly averageScore: number;
  /** The question most students got wrong, and how many did. */
  readonly hardest: { readonly question: string; readonly wrong: number } | undefined;
}

export interface ClassReport {
  readonly students: readonly StudentReport[];
  readonly exercises: readonly ExerciseSummary[];
}

export interface GradeClassOptions extends GradeOptions {
  readonly pool: SessionPool;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** The answer files of a folder: `*.yaml` and `*.yml`, sorted by name. */
export async function answerFilesIn(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new BadInputError(`cannot read the folder of answer files ${folder}`, { cause: error });
  }
  const files = names
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
  if (files.length === 0) throw new BadInputError(`no answer files (*.yaml) in ${folder}`);
  return files;
}

export async function gradeClass(
  catalog: Catalog,
  files: readonly string[],
  options: GradeClassOptions,
): Promise<ClassReport> {
  const students: { file: string; student: string; problems: string[]; answers: Map<Exercise, Answers> }[] =
    [];
  for (const file of files) {
    const entry = { file, student: file, problems: [] as string[], answers: new Map<Exercise, Answers>() };
    students.push(entry);
    let parsed: AnswerFile;
    try {
      parsed = await readAnswerFile(file);
    } catch (error) {
      entry.problems.push(isDbplayError(error) ? error.oneLine() : String(error));
      continue;
    }
    entry.student = parsed.student;
    if (parsed.flat !== undefined) {
      entry.problems.push(`${file}: a class answer file lists its answers under exercises: (see the README)`);
    }
    for (const [key, answers] of parsed.exercises) {
      try {
        entry.answers.set(findExercise(catalog, key), answers);
      } catch (error) {
        entry.problems.push(isDbplayError(error) ? `${file}: ${error.message}` : String(error));
      }
    }
  }

  const assignment = catalog.exercises.filter((exercise) => students.some((s) => s.answers.has(exercise)));
  const ordered = inDatasetOrder(assignment);
  const grades = new Map<string, ExerciseGrade>();
  const key = (file: string, exercise: Exercise) => `${file}\u0000${exercise.id}`;
  const total = ordered.reduce(
    (sum, exercise) => sum + students.filter((s) => s.answers.has(exercise)).length,
    0,
  );
  let done = 0;
  for (const exercise of ordered) {
    const runner = await options.pool.runner(exercise.dataset);
    for (const student of students) {
      const answers = student.answers.get(exercise);
      if (answers === undefined) continue;
      options.onProgress?.(done, total, `${student.student}: ${exercise.id}`);
      // One student's file, whatever it holds, affects only that student: a malformed answer
      // or an attempt that broke the session is a problem in their row, and the class goes on.
      try {
        checkAnswers(exercise, answers);
      } catch (error) {
        student.problems.push(`${exercise.id}: ${isDbplayError(error) ? error.message : String(error)}`);
      }
      try {
        grades.set(key(student.file, exercise), await gradeExercise(runner, exercise, answers, options));
      } catch (error) {
        if (error instanceof ExerciseDefinitionError) throw error;
        student.problems.push(
          `${exercise.id}: not graded: ${isDbplayError(error) ? error.oneLine() : error instanceof Error ? error.message : String(error)}`,
        );
      }
      done++;
    }
  }
  options.onProgress?.(done, total, 'done');

  const questionsOf = (exercise: Exercise) => exercise.questions.length;
  const allQuestions = assignment.reduce((sum, exercise) => sum + questionsOf(exercise), 0);
  const studentReports: StudentReport[] = students.map((student) => {
    const exercises = assignment.map((exercise): StudentExerciseResult => {
      const grade = grades.get(key(student.file, exercise));
      return grade === undefined
        ? {
            id: exercise.id,
            answered: false,
            correct: 0,
            total: questionsOf(exercise),
            passed: false,
            missed: exercise.questions.map((q) => q.name),
          }
        : {
            id: exercise.id,
            answered: true,
            correct: grade.correct,
            total: grade.total,
            passed: grade.passed,
            missed: grade.questions.filter((q) => !q.correct).map((q) => q.name),
          };
    });
    const correct = exercises.reduce((sum, e) => sum + e.correct, 0);
    return {
      student: student.student,
      file: student.file,
      problems: student.problems,
      exercises,
      passed: exercises.filter((e) => e.passed).length,
      score: allQuestions === 0 ? 0 : correct / allQuestions,
    };
  });

  const exerciseSummaries: ExerciseSummary[] = assignment.map((exercise) => {
    const results = studentReports
      .map((s) => s.exercises.find((e) => e.id === exercise.id))
      .filter((e) => e !== undefined);
    const wrong = new Map<string, number>();
    for (const result of results)
      for (const name of result.missed) wrong.set(name, (wrong.get(name) ?? 0) + 1);
    const hardest = [...wrong.entries()].sort((a, b) => b[1] - a[1])[0];
    return {
      id: exercise.id,
      number: exercise.number,
      title: exercise.title,
      answeredBy: results.filter((r) => r.answered).length,
      passedBy: results.filter((r) => r.passed).length,
      averageScore:
        results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.correct / r.total, 0) / results.length,
      hardest: hardest === undefined ? undefined : { question: hardest[0], wrong: hardest[1] },
    };
  });
  return { students: studentReports, exercises: exerciseSummaries };
}

/** The report as Markdown: a table per student and per exercise, for an instructor to read or publish. */
export function classReportMarkdown(report: ClassReport): string {
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  const lines = ['# EXPLAIN exercises: class report', '', '## Students', ''];
  lines.push('| student | passed | score | missed | problems |', '| --- | ---: | ---: | --- | --- |');
  for (const s of report.students) {
    const missed = s.exercises
      .filter((e) => !e.passed)
      .map((e) => (e.answered ? `${e.id} (${e.missed.join(', ')})` : `${e.id} (not answered)`))
      .join('; ');
    lines.push(
      `| ${cell(s.student)} | ${s.passed}/${s.exercises.length} | ${percent(s.score)} | ${cell(missed)} | ${cell(s.problems.join('; '))} |`,
    );
  }
  lines.push(
    '',
    '## Exercises',
    '',
    '| # | exercise | answered | passed | average | hardest question |',
    '| ---: | --- | ---: | ---: | ---: | --- |',
  );
  for (const e of report.exercises) {
    const hardest = e.hardest === undefined ? '' : `${e.hardest.question} (${e.hardest.wrong} wrong)`;
    lines.push(
      `| ${e.number} | ${cell(`${e.id}: ${e.title}`)} | ${e.answeredBy} | ${e.passedBy} | ${percent(e.averageScore)} | ${cell(hardest)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
