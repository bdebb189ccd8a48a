/**
 * `a LIKE p`, `a NOT LIKE p`, `a ILIKE p`: pattern matching on text
 * (src/backend/utils/adt/like.c, like_match.c).
 *
 * In the pattern, `%` stands for any run of characters (none too), `_` for exactly one, and a
 * backslash makes the character after it stand for itself (the default ESCAPE '\'); every other
 * character stands for itself. The whole value must match, not a part of it. A pattern that
 * ends with the escape character is an error (22025); the model raises it for the first row,
 * PostgreSQL only when its matcher reaches the end of the pattern with text left, so where
 * every row fails earlier (or the planner's prefix range leaves no row) PostgreSQL returns
 * nothing instead. ILIKE compares with both sides folded to lower case. NULL on either side
 * gives NULL, as every comparison does.
 *
 * The pattern is turned into a regular expression once per distinct pattern, as PostgreSQL's
 * executor does not (it walks the pattern for every row); the answers are the same.
 */

import { ModelSqlError } from './sql-error.ts';
import type { BoundExpression } from './sql-types.ts';
import { coerce } from './sql-types.ts';

/** The regular expression a LIKE pattern means. */
export function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const character = pattern[i] as string;
    if (character === '\\') {
      const next = pattern[i + 1];
      if (next === undefined)
        throw new ModelSqlError('22025', 'LIKE pattern must not end with escape character');
      source += escapeForRegExp(next);
      i++;
    } else if (character === '%') source += '[\\s\\S]*';
    else if (character === '_') source += '[\\s\\S]';
    else source += escapeForRegExp(character);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
}

function escapeForRegExp(character: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(character) ? `\\${character}` : character;
}

export function bindLike(
  operandBound: BoundExpression,
  patternBound: BoundExpression,
  negated: boolean,
  caseInsensitive: boolean,
): BoundExpression {
  const operand = coerce(operandBound, 'text');
  const pattern = coerce(patternBound, 'text');
  const name = caseInsensitive ? '~~*' : '~~';
  for (const side of [operand, pattern])
    if (side.type !== 'text' && side.type !== 'null')
      throw new ModelSqlError(
        '42883',
        `operator does not exist: ${operand.type} ${negated ? '!' : ''}${name} ${pattern.type}`,
      );
  const compiled = new Map<string, RegExp>();
  return {
    type: 'boolean',
    evaluate: (row) => {
      const value = operand.evaluate(row);
      if (value === null) return null;
      const text = pattern.evaluate(row);
      if (text === null) return null;
      let regExp = compiled.get(String(text));
      if (regExp === undefined) {
        regExp = likePattern(String(text), caseInsensitive);
        compiled.set(String(text), regExp);
      }
      return regExp.test(String(value)) !== negated;
    },
  };
}
