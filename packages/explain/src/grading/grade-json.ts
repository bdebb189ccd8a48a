/**
 * The JSON document of a graded attempt (`dbplay explain answer --json`), built here and
 * not in the CLI, so that a library user who grades gets the document the CLI prints.
 */
import type { Exercise } from '../exercises/exercise.ts';
import { type PlanJson, planJson } from '../plans/plan-json.ts';
import type { ConditionResult } from './evaluate.ts';
import type { ExerciseGrade, QuestionGrade } from './grade.ts';

export interface FixJson {
  readonly conditions: readonly ConditionResult[];
  readonly problem: string | null;
  /** Which budget ran out: `your-sql` (the learner's), `grader` (the grader's own work), or false. */
  readonly timedOut: false | 'your-sql' | 'grader';
  /** How long the learner's statements ran, against their limit. */
  readonly learnerMs: number | null;
  readonly timeLimitMs: number;
  readonly costBefore: number | null;
  readonly costAfter: number | null;
  readonly planAfter: PlanJson | null;
}

export interface QuestionGradeJson {
  readonly name: string;
  readonly kind: QuestionGrade['kind'];
  readonly given: string | null;
  readonly correct: boolean;
  /** The right answer: for a question answered right, or when the answers are revealed. */
  readonly expected: string | null;
  readonly feedback: string;
  /** The right answer in a sentence, only when the answers are revealed. */
  readonly answer: string | null;
  readonly fix?: FixJson;
}

export interface GradeJson {
  readonly ok: true;
  readonly passed: boolean;
  readonly correct: number;
  readonly total: number;
  readonly engine: ExerciseGrade['engine'];
  readonly exercise: ExerciseGrade['exercise'];
  readonly questions: readonly QuestionGradeJson[];
  /** Whether the right answers and the explanation are shown (passed, or asked for). */
  readonly revealed: boolean;
  /** Only when revealed. */
  readonly explanation: string | null;
  readonly docs: string;
}

/**
 * `reveal`: the learner has passed the exercise (now or before) or asked for the answers;
 * otherwise no right answer of a question answered wrongly or not at all, and no
 * explanation, is in the document.
 */
export function gradeJson(exercise: Exercise, grade: ExerciseGrade, options: { reveal: boolean }): GradeJson {
  return {
    ok: true,
    passed: grade.passed,
    correct: grade.correct,
    total: grade.total,
    engine: grade.engine,
    exercise: grade.exercise,
    questions: grade.questions.map((question) => questionJson(question, options.reveal)),
    revealed: options.reveal,
    explanation: options.reveal ? exercise.explanation : null,
    docs: exercise.docs,
  };
}

function questionJson(question: QuestionGrade, reveal: boolean): QuestionGradeJson {
  const fix = question.fix;
  return {
    name: question.name,
    kind: question.kind,
    given: question.given ?? null,
    correct: question.correct,
    expected: reveal || question.correct ? (question.expected ?? null) : null,
    feedback: question.feedback,
    answer: reveal ? question.answer : null,
    ...(fix === undefined
      ? {}
      : {
          fix: {
            conditions: fix.conditions,
            problem: fix.problem ?? null,
            timedOut: fix.timedOut,
            learnerMs: fix.learnerMs ?? null,
            timeLimitMs: fix.timeLimitMs,
            costBefore: fix.planBefore?.root.totalCost ?? null,
            costAfter: fix.planAfter?.root.totalCost ?? null,
            planAfter: planJson(fix.planAfter),
          },
        }),
  };
}
