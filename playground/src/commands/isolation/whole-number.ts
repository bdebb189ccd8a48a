/**
 * The whole-number options of `run` and `compare` (`--permutation 3`, `--sample 250`,
 * `--show 0`): a number refused with the option's name when it is not one.
 */
import { BadInputError } from '@dbplay/core';

export function wholeNumber(text: string, option: string, minimum = 1): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new BadInputError(`${option} takes a whole number from ${minimum}; got '${text}'`);
  }
  return value;
}
