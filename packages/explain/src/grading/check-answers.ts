/**
 * Is each answer in the form its question takes? Checked before anything is graded, so
 * that a typo (`--q total-cost=abc`, an option letter the question does not have, a
 * question name the exercise does not have) is bad input, exit 2, with the form expected,
 * and is not counted as an attempt. Only the form is checked here, never the answer.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import type { Exercise, Question } from '../exercises/exercise.ts';
import { describeTolerance } from '../exercises/tolerance.ts';
import type { Answers } from './grade.ts';
import { parseNumber } from './grade-exercise.ts';

export function checkAnswers(exercise: Exercise, answers: Answers): void {
  const names = exercise.questions.map((question) => question.name);
  for (const [name, value] of Object.entries(answers)) {
    const question = exercise.questions.find((candidate) => candidate.name === name);
    if (question === undefined) {
      throw new BadInputError(
        `exercise ${exercise.number} has no question '${name}'${didYouMean(name, names)}; its questions are ${names.join(', ')}`,
        { code: 'bad-answer' },
      );
    }
    const problem = formProblem(question, value.trim());
    if (problem !== undefined) {
      throw new BadInputError(`the answer to ${name}, '${value.trim()}', ${problem}`, {
        code: 'bad-answer',
        hint: 'a malformed answer is not counted as an attempt',
      });
    }
  }
}

function formProblem(question: Question, value: string): string | undefined {
  if (value === '') return `is empty: give ${question.name}=VALUE`;
  switch (question.kind) {
    case 'choice': {
      const keys = question.options.map((option) => option.key);
      return keys.some((key) => key.toLowerCase() === value.toLowerCase())
        ? undefined
        : `is not one of its options: answer ${question.name} with ${keys.join(', ')}`;
    }
    case 'number':
      return Number.isFinite(parseNumber(value))
        ? undefined
        : `is not a number: ${question.name} takes a number, like ${question.name}=1234.5 (answers within ${describeTolerance(question.tolerance)} count)`;
    case 'name':
    case 'fix':
      return undefined;
  }
}
