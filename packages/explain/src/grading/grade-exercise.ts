/**
 * Grading one learner's answers to one exercise against what the planner does now.
 *
 * The non-fix questions are graded in one transaction: run the setup, plan the query
 * (and each option's query, for choices that compare queries), and read the answers off
 * those plans. Each fix question gets a transaction of its own: setup, the unchanged
 * query's plan, cost and rows, then the learner's statements under a time limit, then
 * the plan again, which must meet the question's conditions; then everything is rolled
 * back, so the next attempt starts from the same dataset.
 */

import { sameRows } from '@dbplay/core';
import {
  type ChoiceQuestion,
  describeTolerance,
  type Exercise,
  type FixQuestion,
  type NameQuestion,
  type NumberQuestion,
  type Question,
} from '../exercises/exercise.ts';
import { normaliseNodeName } from '../plans/plan-node-name.ts';
import { acceptedNames, selectNodes } from '../plans/plan-query.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { ExerciseRunner, ExerciseTransaction } from '../sessions/exercise-transaction.ts';
import { type EngineInfo, SqlError, type SqlResult, TimeLimitError } from '../sessions/sql-session.ts';
import { checkFixSql } from './check-fix-sql.ts';
import {
  type ConditionResult,
  ExerciseDefinitionError,
  evaluateCondition,
  evaluateMeasure,
  formatValue,
} from './evaluate.ts';

/** A learner's answers to one exercise, by question name, as typed. */
export type Answers = Readonly<Record<string, string>>;

export interface GradeOptions {
  /** How long the learner's SQL may run, in all, before it is stopped. Default 5,000 ms. */
  readonly timeLimitMs?: number;
  /**
   * How long each piece of the grader's own work may take (the plan and rows of the query
   * before and after the fix): its own budget, never charged to the learner. Default 60,000 ms.
   */
  readonly graderTimeLimitMs?: number;
  /** Grade only these questions (by name); the others are left out of the result. */
  readonly only?: readonly string[];
}

export interface FixOutcome {
  readonly conditions: readonly ConditionResult[];
  readonly planBefore: Plan | undefined;
  readonly planAfter: Plan | undefined;
  /** Why the fix could not be judged: a refused statement, an SQL error, a time limit. */
  readonly problem: string | undefined;
  /** Which time budget ran out: the learner's SQL, or the grader's own work. */
  readonly timedOut: false | 'your-sql' | 'grader';
  /** How long the learner's statements ran, in milliseconds (undefined when they did not run). */
  readonly learnerMs: number | undefined;
  /** The learner's budget, in milliseconds. */
  readonly timeLimitMs: number;
}

export interface QuestionGrade {
  readonly name: string;
  readonly kind: Question['kind'];
  readonly ask: string;
  readonly given: string | undefined;
  /** Whether the learner answered this question at all. */
  readonly attempted: boolean;
  readonly correct: boolean;
  /** The right answer as read from the plan (not for fixes, which have many). */
  readonly expected: string | undefined;
  /**
   * For the learner, and never giving the right answer away: "Right: Hash Join.",
   * "Not Nested Loop.", "Not answered.", or what a fix did.
   */
  readonly feedback: string;
  /**
   * The right answer in a sentence ("The plan says Hash Join."), to show only once the
   * learner has passed the exercise or asked for it (`--reveal`, `explain solution`).
   */
  readonly answer: string;
  readonly fix: FixOutcome | undefined;
}

export interface ExerciseGrade {
  readonly exercise: { readonly number: number; readonly id: string; readonly title: string };
  readonly engine: EngineInfo;
  readonly questions: readonly QuestionGrade[];
  readonly correct: number;
  readonly total: number;
  readonly passed: boolean;
  /** The unchanged query's plan, as graded (validation compares it across instances). */
  readonly plan: Plan | undefined;
}

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
      const allowed =
        'absolute' in question.tolerance
          ? question.tolerance.absolute
          : (Math.abs(expected) * question.tolerance.percent) / 100;
      const correct = Number.isFinite(number) && Math.abs(number - expected) <= allowed + 1e-9;
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

async function gradeFix(
  runner: ExerciseRunner,
  exercise: Exercise,
  question: FixQuestion,
  given: string | undefined,
  options: GradeOptions,
): Promise<QuestionGrade> {
  const timeLimitMs = options.timeLimitMs ?? 5_000;
  const graderLimitMs = options.graderTimeLimitMs ?? 60_000;
  const base = {
    name: question.name,
    kind: question.kind,
    ask: question.ask,
    given,
    attempted: given !== undefined && given.trim() !== '',
    expected: undefined,
    answer: `One fix that passes:\n${question.reference.trim()}`,
  };
  let learnerMs: number | undefined;
  const failed = (problem: string, extra: Partial<FixOutcome> = {}): QuestionGrade => ({
    ...base,
    correct: false,
    feedback: problem,
    fix: {
      conditions: [],
      planBefore: undefined,
      planAfter: undefined,
      problem,
      timedOut: false,
      learnerMs,
      timeLimitMs,
      ...extra,
    },
  });
  const checked = checkFixSql(given ?? '', question);
  if (!checked.ok) return failed(checked.reason);
  const { fix } = checked;
  const wantsRows = question.require.some((condition) => condition.kind === 'same-rows');

  // Whose time is being spent: a time limit says which budget ran out.
  let phase = 'grader' as 'your-sql' | 'grader';
  let planBefore: Plan | undefined;
  try {
    return await runner.withSetup(
      exercise,
      async (tx) => {
        planBefore = await tx.explain(exercise.query, exercise.explain, graderLimitMs);
        const rowsBefore = wantsRows ? await tx.rows(exercise.query, graderLimitMs) : undefined;
        phase = 'your-sql';
        const started = performance.now();
        const deadline = started + timeLimitMs;
        const remaining = (): number => Math.max(1, Math.round(deadline - performance.now()));
        const query = fix.rewrite ?? exercise.query;
        let planAfter: Plan | undefined;
        let rowsAfter: SqlResult | undefined;
        // The learner's statements, and their rewritten query if any, run as the learner role
        // on the learner's budget; then the grader checks what they changed.
        const learned = await tx
          .asLearner(question.allowSettings, async () => {
            for (const [index, statement] of fix.statements.entries()) {
              try {
                await tx.run(statement.text, remaining());
              } catch (error) {
                if (error instanceof SqlError) {
                  throw new LearnerSqlFailed(
                    `Statement ${index + 1} (line ${statement.line}) failed: ${error.message}`,
                  );
                }
                throw error;
              }
            }
            if (fix.rewrite !== undefined) {
              try {
                planAfter = await tx.explain(query, exercise.explain, remaining());
                rowsAfter = wantsRows ? await tx.rows(query, remaining()) : undefined;
              } catch (error) {
                if (error instanceof SqlError) {
                  throw new LearnerSqlFailed(`After your fix the query fails: ${error.message}`);
                }
                throw error;
              }
            }
          })
          .catch((error: unknown) => {
            if (error instanceof LearnerSqlFailed) return error;
            throw error;
          });
        if (learned instanceof LearnerSqlFailed) return failed(learned.message, { planBefore });
        learnerMs = Math.round(performance.now() - started);
        if (learned.refused !== undefined) return failed(`Refused: ${learned.refused}.`, { planBefore });
        phase = 'grader';
        if (planAfter === undefined) {
          // Planning and running the exercise's unchanged query again is the grader's work.
          try {
            planAfter = await tx.explain(query, exercise.explain, graderLimitMs);
            rowsAfter = wantsRows ? await tx.rows(query, graderLimitMs) : undefined;
          } catch (error) {
            if (error instanceof SqlError) {
              return failed(`After your fix the query fails: ${error.message}`, { planBefore });
            }
            throw error;
          }
        }
        const after: Plan = planAfter;
        const comparison = {
          baselineCost: planBefore.root.totalCost,
          sameRows: (order: 'ordered' | 'unordered') =>
            rowsBefore !== undefined &&
            rowsAfter !== undefined &&
            sameRows(rowsBefore, rowsAfter, { order, columnNames: 'ignore' }),
        };
        const conditions: ConditionResult[] = [];
        for (const condition of question.require) {
          conditions.push(await evaluateCondition(condition, after, tx, comparison));
        }
        const correct = conditions.every((condition) => condition.ok);
        const unmet = conditions.filter((condition) => !condition.ok).length;
        return {
          ...base,
          correct,
          feedback: correct
            ? `Fixed: the plan now meets all ${conditions.length} conditions.`
            : given === undefined || given.trim() === ''
              ? `No fix given: the unchanged query misses ${unmet} of ${conditions.length} conditions.`
              : `Not yet: the plan misses ${unmet} of ${conditions.length} conditions.`,
          fix: {
            conditions,
            planBefore,
            planAfter,
            problem: undefined,
            timedOut: false,
            learnerMs,
            timeLimitMs,
          },
        };
      },
      { outsideTransaction: fix.outsideTransaction, modifiesData: fix.modifiesData },
    );
  } catch (error) {
    if (error instanceof TimeLimitError) {
      const problem =
        phase === 'your-sql'
          ? `Your SQL was stopped after ${timeLimitMs} ms: it ran longer than its time limit (--time-limit); the grader's own work has a budget of its own.`
          : `The grader's own work (planning the query${wantsRows ? ' and fetching its rows' : ''}) was stopped after ${graderLimitMs} ms, not your SQL${learnerMs === undefined ? '' : `, which took ${learnerMs} ms`}. The machine may be busy: try again.`;
      return failed(problem, { planBefore, timedOut: phase });
    }
    throw error;
  }
}

/** A statement of the learner's that failed: their answer's problem, not the grader's. */
class LearnerSqlFailed extends Error {}

/** A wrong answer's feedback: that it is wrong, never what is right. */
function notRight(given: string | undefined): string {
  return given === undefined || given.trim() === '' ? 'Not answered.' : `Not ${given.trim()}.`;
}

/** `2,485`, `2485.00` and ` 12.5 % ` are numbers too. */
export function parseNumber(text: string): number {
  const cleaned = text.replace(/[,_\s%]/g, '');
  return cleaned === '' ? Number.NaN : Number(cleaned);
}
