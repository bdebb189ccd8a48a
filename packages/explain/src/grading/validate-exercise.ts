/**
 * Validating exercises, for authors and for the test suite: an exercise is only as good
 * as the proof that its answers are what the planner does.
 *
 * For each exercise, on two fresh PGlite instances (A from the cached snapshot, B from an
 * independent build of the dataset, so ANALYZE ran twice):
 *   1. the reference answers all pass, on A and on B;
 *   2. the unchanged query fails every fix question (a fix that is not needed teaches nothing);
 *   3. the exercise's plan is the same on A and B (node types, tables, indexes, costs and
 *      estimates): a plan that moves with ANALYZE's random sample would grade learners by luck.
 *
 * Without instance B (`second` left out) only 1 and 2 are checked, on A: the test suite does that
 * on every run, since building every dataset a second time is most of validation's cost, and
 * leaves 3 to `dbplay explain validate`, which an author runs on a changed exercise.
 */
import { isDbplayError } from '@dbplay/core';
import type { Exercise } from '../exercises/exercise.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { ExerciseRunner } from '../sessions/exercise-transaction.ts';
import { inDatasetOrder, type SessionPool } from '../sessions/session-pool.ts';
import type { Answers, GradeOptions } from './grade.ts';
import { gradeExercise } from './grade-exercise.ts';

export interface ExerciseValidation {
  readonly exercise: Exercise;
  readonly referencesPass: boolean;
  readonly unchangedFails: boolean;
  readonly stablePlan: boolean;
  /**
   * The longest time the reference fixes' SQL took (over both instances), against the
   * learner's time limit: a reference needs a wide margin to pass on a busy machine.
   * Undefined for an exercise without fix questions.
   */
  readonly referenceMs: number | undefined;
  readonly timeLimitMs: number;
  readonly problems: readonly string[];
  readonly ok: boolean;
}

export interface ValidateOptions extends GradeOptions {
  /** Sessions on the cached datasets (instance A). */
  readonly first: SessionPool;
  /** Sessions on independently built datasets (instance B); without it, the plan's stability is not checked. */
  readonly second?: SessionPool;
  readonly onExercise?: (exercise: Exercise, index: number, total: number) => void;
}

export function referenceAnswers(exercise: Exercise): Answers {
  return Object.fromEntries(
    exercise.questions.map((question) => [question.name, String(question.reference)]),
  );
}

export async function validateExercises(
  exercises: readonly Exercise[],
  options: ValidateOptions,
): Promise<ExerciseValidation[]> {
  // Grouped by dataset, so each pool opens each dataset once.
  const ordered = inDatasetOrder(exercises);
  const datasets = ordered.map((exercise) => exercise.dataset);
  await Promise.all([options.first.prepare(datasets), options.second?.prepare(datasets)]);
  const results = new Map<Exercise, ExerciseValidation>();
  for (const [index, exercise] of ordered.entries()) {
    options.onExercise?.(exercise, index, ordered.length);
    results.set(exercise, await validateOne(exercise, options));
  }
  return exercises.map((exercise) => results.get(exercise) as ExerciseValidation);
}

async function validateOne(exercise: Exercise, options: ValidateOptions): Promise<ExerciseValidation> {
  const problems: string[] = [];
  let referencesPass = true;
  let unchangedFails = true;
  let stablePlan = true;
  let referenceMs: number | undefined;
  const grade = { ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }) };
  try {
    const instances: [label: string, pool: SessionPool][] = [['A', options.first]];
    if (options.second !== undefined) instances.push(['B', options.second]);
    // Each instance is its own PGlite worker thread: grading both at once uses two cores.
    const graded = await Promise.allSettled(
      instances.map(async ([label, pool]) => {
        const runner = await pool.runner(exercise.dataset);
        const result = await gradeExercise(runner, exercise, referenceAnswers(exercise), grade);
        // The fingerprint is needed only to compare two instances.
        const plan =
          options.second === undefined
            ? undefined
            : result.plan === undefined
              ? await planFingerprint(runner, exercise)
              : fingerprint(result.plan);
        return { label, result, plan };
      }),
    );
    const plans: string[] = [];
    for (const outcome of graded) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { label, result, plan } = outcome.value;
      for (const question of result.questions) {
        const ms = question.fix?.learnerMs;
        if (ms !== undefined) referenceMs = Math.max(referenceMs ?? 0, ms);
        if (!question.correct) {
          referencesPass = false;
          problems.push(
            `instance ${label}: the reference answer to ${question.name} fails: ${question.feedback}`,
          );
        }
      }
      if (plan !== undefined) plans.push(plan);
    }
    if (plans.length === 2 && plans[0] !== plans[1]) {
      stablePlan = false;
      problems.push('the plan differs between two independently built instances (ANALYZE sampling?)');
    }
    const fixes = exercise.questions.filter((question) => question.kind === 'fix');
    if (fixes.length > 0) {
      const runner = await options.first.runner(exercise.dataset);
      // No answers at all: every fix question is graded with the query as it is.
      const unchanged = await gradeExercise(
        runner,
        exercise,
        {},
        { ...grade, only: fixes.map((fix) => fix.name) },
      );
      for (const fix of fixes) {
        if (unchanged.questions.find((question) => question.name === fix.name)?.correct === true) {
          unchangedFails = false;
          problems.push(`the unchanged query already passes the fix question ${fix.name}`);
        }
      }
    }
  } catch (error) {
    referencesPass = false;
    problems.push(
      isDbplayError(error) ? error.oneLine() : error instanceof Error ? error.message : String(error),
    );
  }
  return {
    exercise,
    referencesPass,
    unchangedFails,
    stablePlan,
    referenceMs,
    timeLimitMs: options.timeLimitMs ?? 5_000,
    problems,
    ok: problems.length === 0,
  };
}

async function planFingerprint(runner: ExerciseRunner, exercise: Exercise): Promise<string> {
  return runner.withSetup(exercise, async (tx) =>
    fingerprint(await tx.explain(exercise.query, exercise.explain)),
  );
}

/** What must not change between instances: shape, names, costs and estimates (never times or buffers). */
export function fingerprint(plan: Plan): string {
  return JSON.stringify(
    plan.nodes.map((node) => [
      node.depth,
      node.name,
      node.relation,
      node.index,
      node.startupCost,
      node.totalCost,
      node.planRows,
      node.planWidth,
      node.actual?.totalRows,
      node.actual?.loops,
    ]),
  );
}

/** The JSON document of `dbplay explain validate --json`: ok when every exercise is. */
export function validationJson(results: readonly ExerciseValidation[]) {
  return {
    ok: results.every((result) => result.ok),
    exercises: results.map((result) => ({
      number: result.exercise.number,
      id: result.exercise.id,
      file: result.exercise.file,
      ok: result.ok,
      referencesPass: result.referencesPass,
      unchangedFails: result.unchangedFails,
      stablePlan: result.stablePlan,
      referenceMs: result.referenceMs ?? null,
      timeLimitMs: result.timeLimitMs,
      problems: result.problems,
    })),
  };
}
