/**
 * Grading a prediction against what the engine really did.
 *
 * The learner predicts before the run; the run produces the live value; the prediction is
 * right when it names the option that stands for that value, or a number within the
 * checkpoint's tolerance of it. A prediction that is not even a valid answer (an option
 * that does not exist, a word where a number is asked) is bad input, refused before the
 * run so nobody sees the answer by mistyping.
 */
import { BadInputError, didYouMean } from '@dbplay/core';
import { withinTolerance } from '@dbplay/explain';
import type { Checkpoint } from './lesson.ts';

export interface PredictionGrade {
  readonly prediction: string;
  /** The live answer, as the learner would have written it: an option key or a number. */
  readonly actual: string;
  /** What the live answer means: the option's text, or the number. */
  readonly actualText: string;
  readonly correct: boolean;
}

/** Refuses a prediction that cannot be an answer to the checkpoint. */
export function checkPrediction(checkpoint: Checkpoint, prediction: string): string {
  const text = prediction.trim();
  if (checkpoint.kind === 'choice') {
    const keys = checkpoint.options.map((option) => option.key);
    const key = text.toLowerCase();
    if (!keys.includes(key)) {
      throw new BadInputError(
        `'${text}' is not one of the options ${keys.join(', ')}${didYouMean(key, keys)}`,
      );
    }
    return key;
  }
  if (parseNumber(text) === undefined) throw new BadInputError(`'${text}' is not a number`);
  return text;
}

/** The option (key) whose value is the live value, or undefined if none is. */
export function optionFor(checkpoint: Checkpoint & { kind: 'choice' }, live: string): string | undefined {
  const wanted = live.trim().toLowerCase();
  return checkpoint.options.find((option) => option.value.toLowerCase() === wanted)?.key;
}

export function gradePrediction(
  checkpoint: Checkpoint,
  prediction: string,
  live: string | number,
): PredictionGrade {
  const predicted = checkPrediction(checkpoint, prediction);
  if (checkpoint.kind === 'choice') {
    const key = optionFor(checkpoint, String(live));
    const option = checkpoint.options.find((candidate) => candidate.key === key);
    return {
      prediction: predicted,
      actual: key ?? String(live),
      actualText: option?.text ?? String(live),
      correct: key === predicted,
    };
  }
  const actual = Number(live);
  const guess = parseNumber(predicted) as number;
  return {
    prediction: predicted,
    actual: formatNumber(actual),
    actualText: formatNumber(actual),
    correct: withinTolerance(guess, actual, checkpoint.tolerance),
  };
}

function parseNumber(text: string): number | undefined {
  const cleaned = text.replace(/[,_\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}
