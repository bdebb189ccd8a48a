/**
 * Checks that a call fails the way a user should see it: a BadInputError (exit 2) with this
 * exact message and error code.
 */
import { BadInputError } from '@dbplay/core';
import { expect } from 'vitest';

export function expectBadInput(work: () => unknown, message: string | RegExp, code?: string): BadInputError {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BadInputError);
  const error = caught as BadInputError;
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  if (code !== undefined) expect(error.code).toBe(code);
  expect(error.exitCode).toBe(2);
  return error;
}

export async function expectBadInputAsync(
  work: () => Promise<unknown>,
  message: string | RegExp,
  code?: string,
) {
  let caught: unknown;
  try {
    await work();
  } catch (error) {
    caught = error;
  }
  return expectBadInput(
    () => {
      if (caught !== undefined) throw caught;
    },
    message,
    code,
  );
}
