/**
 * Grading a fix question: change the database (an index, a setting, statistics) or rewrite
 * the query until its plan meets the question's conditions.
 *
 * Each fix gets a transaction of its own: the exercise's setup, the unchanged query's plan
 * (and its rows, when a condition asks that the fix not change the result), then the
 * learner's statements, checked first (check-fix-sql.ts) and run as the learner's role on the
 * learner's time budget, then the plan again, checked against every condition; then all of
 * it is rolled back, so the next attempt starts from the same dataset. The grader's own work
 * (planning and fetching rows before and after) runs on a budget of its own, so a slow
 * machine is never blamed on the learner's SQL.
 */
import { sameRows } from '@dbplay/core';
import type { Exercise, FixQuestion } from '../exercises/exercise.ts';
import type { Plan } from '../plans/plan-tree.ts';
import {
  digestible,
  type ExerciseRunner,
  type ExerciseTransaction,
  type RowOrder,
} from '../sessions/exercise-transaction.ts';
import { SqlError, type SqlResult, TimeLimitError } from '../sessions/sql-session.ts';
import { checkFixSql } from './check-fix-sql.ts';
import { type ConditionResult, evaluateCondition } from './evaluate.ts';
import type { FixOutcome, GradeOptions, QuestionGrade } from './grade.ts';

/** Grades the learner's fix (`given`, their SQL) for one fix question of the exercise. */
export async function gradeFix(
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
  // The row orders the same_rows conditions compare in. The rows are compared by fingerprints
  // made in PostgreSQL when both queries can be subqueries, else fetched and compared here.
  const rowOrders = [
    ...new Set(
      question.require.flatMap((condition) => (condition.kind === 'same-rows' ? [condition.order] : [])),
    ),
  ];
  const inDatabase = digestible(exercise.query) && (fix.rewrite === undefined || digestible(fix.rewrite));
  const rowsOf = async (tx: ExerciseTransaction, query: string, timeLimitMs: number): Promise<Rows> => {
    if (rowOrders.length === 0) return undefined;
    if (!inDatabase) return { fetched: await tx.rows(query, timeLimitMs) };
    const digests = new Map<RowOrder, string>();
    for (const order of rowOrders) digests.set(order, await tx.rowsDigest(query, order, timeLimitMs));
    return { digests };
  };

  // Whose time is being spent: a time limit says which budget ran out.
  let phase = 'grader' as 'your-sql' | 'grader';
  let planBefore: Plan | undefined;
  try {
    return await runner.withSetup(
      exercise,
      async (tx) => {
        planBefore = await tx.explain(exercise.query, exercise.explain, graderLimitMs);
        const rowsBefore = await rowsOf(tx, exercise.query, graderLimitMs);
        phase = 'your-sql';
        const started = performance.now();
        const deadline = started + timeLimitMs;
        const remaining = (): number => Math.max(1, Math.round(deadline - performance.now()));
        const query = fix.rewrite ?? exercise.query;
        let planAfter: Plan | undefined;
        let rowsAfter: Rows;
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
                rowsAfter = await rowsOf(tx, query, remaining());
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
            rowsAfter = await rowsOf(tx, query, graderLimitMs);
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
          sameRows: (order: RowOrder) => sameRowsOf(rowsBefore, rowsAfter, order),
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
          : `The grader's own work (planning the query${rowOrders.length > 0 ? ' and reading its rows' : ''}) was stopped after ${graderLimitMs} ms, not your SQL${learnerMs === undefined ? '' : `, which took ${learnerMs} ms`}. The machine may be busy: try again.`;
      return failed(problem, { planBefore, timedOut: phase });
    }
    throw error;
  }
}

/** A query's rows for a same_rows condition: fingerprints by order, or the rows themselves. */
type Rows = { readonly digests: ReadonlyMap<RowOrder, string> } | { readonly fetched: SqlResult } | undefined;

function sameRowsOf(before: Rows, after: Rows, order: RowOrder): boolean {
  if (before !== undefined && after !== undefined && 'digests' in before && 'digests' in after) {
    const digest = before.digests.get(order);
    return digest !== undefined && digest === after.digests.get(order);
  }
  if (before !== undefined && after !== undefined && 'fetched' in before && 'fetched' in after) {
    return sameRows(before.fetched, after.fetched, { order, columnNames: 'ignore' });
  }
  return false;
}

/** A statement of the learner's that failed: their answer's problem, not the grader's. */
class LearnerSqlFailed extends Error {}
