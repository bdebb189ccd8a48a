/**
 * An exercise's solution: the reference answer to every question and the explanation,
 * for `dbplay explain solution <exercise>`. The references are the answers `validate`
 * proves right on the planner; showing them is recorded in the learner's progress.
 */
import type { Exercise, Question } from '../exercises/exercise.ts';

export interface SolutionAnswer {
  readonly name: string;
  readonly kind: Question['kind'];
  readonly ask: string;
  /** The reference answer as typed (`Hash Join`, `b`, `363`, or a fix's SQL). */
  readonly answer: string;
  /** For a choice: the text of the right option. */
  readonly option: string | null;
}

export interface Solution {
  readonly ok: true;
  readonly exercise: { readonly number: number; readonly id: string; readonly title: string };
  readonly answers: readonly SolutionAnswer[];
  readonly explanation: string;
  readonly docs: string;
}

export function solutionOf(exercise: Exercise): Solution {
  return {
    ok: true,
    exercise: { number: exercise.number, id: exercise.id, title: exercise.title },
    answers: exercise.questions.map((question) => ({
      name: question.name,
      kind: question.kind,
      ask: question.ask,
      answer: String(question.reference).trim(),
      option:
        question.kind === 'choice'
          ? (question.options.find((option) => option.key === question.reference)?.text ?? null)
          : null,
    })),
    explanation: exercise.explanation,
    docs: exercise.docs,
  };
}
