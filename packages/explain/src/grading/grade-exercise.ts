/**
 * Grading one learner's answers to one exercise against what the planner does now.
 *
 * The non-fix questions are graded in one transaction: run the setup, plan the query
 * (and each option's query, for choices that compare queries), and read the answers off
 * those plans. Each fix question gets a transaction of its own: setup, the unchanged
 * query's plan, cost and rows, then the learner's statements under a time limit, then
 * the plan again, which must meet the question's conditions; then everything is rolled
 * back, so the next attempt starts from the same dataset (grade-fix.ts). What a grade holds
 * is in grade.ts.
 */

import type { ChoiceQuestion, Exercise, NameQuestion, NumberQuestion } from '../exercises/exercise.ts';
import { describeTolerance, withinTolerance } from '../exercises/tolerance.ts';
import { normaliseNodeName } from '../plans/plan-node-name.ts';
import { acceptedNames, selectNodes } from '../plans/plan-query.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { ExerciseRunner, ExerciseTransaction } from '../sessions/exercise-transaction.ts';
import { ExerciseDefinitionError, evaluateCondition, evaluateMeasure, formatValue } from './evaluate.ts';
import type { Answers, ExerciseGrade, GradeOptions, QuestionGrade } from './grade.ts';
import { gradeFix } from './grade-fix.ts';

/**
 * Grades one learner's answers to one exercise against the plan the planner makes now.
 *
 * @example Grading exercise 3 on PGlite (test/examples/grade-an-exercise.ts, compiled and run by the tests):
 * ```ts
 * const catalog = await loadCatalog(exercisesFolder);
 * const exercise = findExercise(catalog, 'seq-scan-cost');
 * const pool = new SessionPool(new PgliteSessionFactory({ datasets: catalog.datasets, cacheDir }));
 * try {
 *   const runner = await pool.runner(exercise.dataset);
 *   const grade = await gradeExercise(runner, exercise, { 'total-cost': '363' });
 *   return `${grade.correct} of ${grade.total} correct`; // '1 of 1 correct'
 * } finally {
 *   await pool.close();
 * }
 * ```
 */
export async function gradeExercise(
  runner: ExerciseRunner,
  exercise: Exercise,
  answers: Answers,
  options: GradeOptions = {},
): Promise<ExerciseGrade> {
  const engine = await runner.session.engine();
  const grades = new Map<string, QuestionGrade>();
  const asked = exercise.questions.filter((question) => options.only?.includes(question.name) ?? true);
  const plain = asked.filter((question) => question.kind !== 'fix');
  let plan: Plan | undefined;
  if (plain.length > 0) {
    await runner.withSetup(exercise, async (tx) => {
      const baseline = await tx.explain(exercise.query, exercise.explain);
      plan = baseline;
      for (const question of plain) {
        grades.set(
          question.name,
          await gradeQuestion(question, answers[question.name], baseline, tx, exercise),
        );
      }
    });
  }
  for (const question of asked) {
    if (question.kind !== 'fix') continue;
    const grade = await gradeFix(runner, exercise, question, answers[question.name], options);
    plan ??= grade.fix?.planBefore;
    grades.set(question.name, grade);
  }
  const questions = asked.map((question) => grades.get(question.name) as QuestionGrade);
  const correct = questions.filter((grade) => grade.correct).length;
  return {
    exercise: { number: exercise.number, id: exercise.id, title: exercise.title },
    engine,
    questions,
    correct,
    total: questions.length,
    passed: correct === questions.length,
    plan,
  };
}

async function gradeQuestion(
  question: ChoiceQuestion | NameQuestion | NumberQuestion,
  given: string | undefined,
  plan: Plan,
  tx: ExerciseTransaction,
  exercise: Exercise,
): Promise<QuestionGrade> {
  const answer = given?.trim();
  const base = {
    name: question.name,
    kind: question.kind,
    ask: question.ask,
    attempted: answer !== undefined && answer !== '',
    fix: undefined,
  };
  switch (question.kind) {
    case 'choice': {
      const right = await rightOptions(question, plan, tx, exercise);
      if (right.length !== 1) {
        throw new ExerciseDefinitionError(
          `question ${question.name} of ${exercise.id}: ${right.length} options hold in this plan (${right.join(', ') || 'none'}); exactly one must`,
        );
      }
      const expected = right[0] as string;
      const option = question.options.find((candidate) => candidate.key === expected);
      const correct = answer !== undefined && answer.toLowerCase() === expected.toLowerCase();
      return {
        ...base,
        given,
        correct,
        expected,
        feedback: correct ? `Right: ${expected}) ${option?.text ?? ''}` : notRight(given),
        answer: `The planner's answer is ${expected}) ${option?.text ?? ''}`,
      };
    }
    case 'name': {
      const value = await evaluateMeasure(question.expect, plan, tx);
      const expected = value === undefined ? undefined : String(value);
      const accepted =
        question.expect.field === 'node'
          ? selectNodes(plan, question.expect.select).flatMap(acceptedNames)
          : expected === undefined
            ? []
            : [expected];
      const correct =
        answer !== undefined &&
        accepted.some((name) => normaliseNodeName(name) === normaliseNodeName(answer));
      return {
        ...base,
        given,
        correct,
        expected,
        feedback: correct ? `Right: ${expected}.` : notRight(given),
        answer: `The plan says ${expected ?? 'nothing here'}.`,
      };
    }
    case 'number': {
      const value = await evaluateMeasure(question.expect, plan, tx);
      const expected = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(expected)) {
        throw new ExerciseDefinitionError(
          `question ${question.name} of ${exercise.id} reads no number from the plan`,
        );
      }
      const number = answer === undefined ? Number.NaN : parseNumber(answer);
      const correct = withinTolerance(number, expected, question.tolerance);
      const within = describeTolerance(question.tolerance);
      return {
        ...base,
        given,
        correct,
        expected: formatValue(expected),
        feedback: correct
          ? `Right: the planner says ${formatValue(expected)} (answers within ${within} count).`
          : notRight(given),
        answer: `The planner says ${formatValue(expected)} (answers within ${within} count).`,
      };
    }
  }
}

/** The keys of the options whose condition holds in the plan of their query. */
async function rightOptions(
  question: ChoiceQuestion,
  plan: Plan,
  tx: ExerciseTransaction,
  exercise: Exercise,
): Promise<string[]> {
  const right: string[] = [];
  for (const option of question.options) {
    const optionPlan = option.query === undefined ? plan : await tx.explain(option.query, exercise.explain);
    if ((await evaluateCondition(option.when, optionPlan, tx)).ok) right.push(option.key);
  }
  return right;
}

/** A wrong answer's feedback: that it is wrong, never what is right. */
function notRight(given: string | undefined): string {
  return given === undefined || given.trim() === '' ? 'Not answered.' : `Not ${given.trim()}.`;
}

/** `2,485`, `2485.00` and ` 12.5 % ` are numbers too. */
export function parseNumber(text: string): number {
  const cleaned = text.replace(/[,_\s%]/g, '');
  return cleaned === '' ? Number.NaN : Number(cleaned);
}
