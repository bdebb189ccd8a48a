/**
 * What a grade is: the answers a learner gives, the options of a grading run, and what the
 * grader returns for each question and for the whole exercise. The grader (grade-exercise.ts,
 * grade-fix.ts) builds these; the CLI, the class report (grade-class.ts), the JSON document
 * (grade-json.ts) and validation (validate-exercise.ts) read them.
 */
import type { Question } from '../exercises/exercise.ts';
import type { Plan } from '../plans/plan-tree.ts';
import type { EngineInfo } from '../sessions/sql-session.ts';
import type { ConditionResult } from './evaluate.ts';

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
