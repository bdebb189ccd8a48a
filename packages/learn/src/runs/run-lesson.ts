/**
 * Running a lesson: its checkpoint's run on the live engine, and the learner's prediction
 * graded against what the run produced.
 *
 * The order matters and is enforced here, not left to the caller: the prediction is
 * checked for being a possible answer before anything runs (a typo must not reveal the
 * answer), and the live value is only returned together with the grade.
 */
import { BadInputError } from '@dbplay/core';
import {
  checkPrediction,
  gradePrediction,
  optionFor,
  type PredictionGrade,
} from '../lessons/grade-prediction.ts';
import type { Lesson } from '../lessons/lesson.ts';
import { runAmplification } from './amplification-run.ts';
import { runBtree } from './btree-run.ts';
import { runExplain } from './explain-run.ts';
import { runIsolation } from './isolation-run.ts';
import type { LessonEngines } from './lesson-engines.ts';
import type { RunOutput } from './run-output.ts';
import { runSessions } from './sessions-run.ts';
import { runSimulation } from './simulation-run.ts';
import { runSql } from './sql-run.ts';

export interface LessonResult {
  readonly lesson: Lesson;
  readonly run: RunOutput;
  /** Absent when the lesson was run without a prediction (validation, or `--no-predict`). */
  readonly grade: PredictionGrade | undefined;
}

/** Runs the lesson's checkpoint on its engine and returns what it showed. */
export function runCheckpoint(lesson: Lesson, engines: LessonEngines): Promise<RunOutput> {
  const run = lesson.run;
  switch (run.kind) {
    case 'sql':
      return runSql(run, engines);
    case 'explain':
      return runExplain(run, engines);
    case 'isolation':
      return runIsolation(run, engines);
    case 'btree':
      return runBtree(run);
    case 'btree-vs-lsm':
      return runAmplification(run);
    case 'sessions':
      return runSessions(run, engines);
    case 'lsm-simulate':
      return runSimulation(run);
  }
}

export async function runLesson(
  lesson: Lesson,
  engines: LessonEngines,
  prediction: string | undefined,
): Promise<LessonResult> {
  if (prediction !== undefined) checkPrediction(lesson.checkpoint, prediction);
  const run = await runCheckpoint(lesson, engines);
  return {
    lesson,
    run,
    grade: prediction === undefined ? undefined : gradePrediction(lesson.checkpoint, prediction, run.value),
  };
}

export interface LessonValidation {
  readonly lesson: Lesson;
  readonly live: string | number | undefined;
  readonly problems: readonly string[];
  readonly ok: boolean;
}

/**
 * For authors and the test suite: the run produces the answer the file expects (and, for a
 * choice, a value one of the options stands for).
 */
export async function validateLesson(lesson: Lesson, engines: LessonEngines): Promise<LessonValidation> {
  const problems: string[] = [];
  let live: string | number | undefined;
  try {
    live = (await runCheckpoint(lesson, engines)).value;
    const checkpoint = lesson.checkpoint;
    if (checkpoint.kind === 'choice') {
      const key = optionFor(checkpoint, String(live));
      if (key === undefined) {
        problems.push(
          `the run gave '${live}', which no option stands for (values: ${checkpoint.options.map((o) => o.value).join(', ')})`,
        );
      } else if (key !== checkpoint.answer) {
        problems.push(`the run gave option ${key} ('${live}'); the file expects ${checkpoint.answer}`);
      }
    } else if (!gradePrediction(checkpoint, String(checkpoint.answer), live).correct) {
      problems.push(`the run gave ${live}; the file expects ${checkpoint.answer}`);
    }
  } catch (error) {
    problems.push(error instanceof BadInputError || error instanceof Error ? error.message : String(error));
  }
  return { lesson, live, problems, ok: problems.length === 0 };
}
