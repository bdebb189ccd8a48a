/**
 * LIKE's patterns (sql/bind-like.ts) against a plain matcher written from the definition in
 * PostgreSQL's manual ("9.7.1. LIKE"): `%` matches any run of characters, `_` exactly one,
 * a backslash makes the next character literal, and the whole string must match. The model
 * compiles a pattern to a regular expression; the plain matcher walks it character by character
 * as like_match.c does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { likePattern } from '../src/model/sql/bind-like.ts';

/** The pattern's elements: a literal character, `_` or `%`. */
function elements(pattern: string): ({ kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' })[] {
  const out: ({ kind: 'char'; char: string } | { kind: 'one' } | { kind: 'any' })[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') out.push({ kind: 'char', char: pattern[++i] as string });
    else if (c === '%') out.push({ kind: 'any' });
    else if (c === '_') out.push({ kind: 'one' });
    else out.push({ kind: 'char', char: c });
  }
  return out;
}

function plainMatch(text: string, pattern: string): boolean {
  const parts = elements(pattern);
  const match = (t: number, p: number): boolean => {
    if (p === parts.length) return t === text.length;
    const part = parts[p];
    if (part?.kind === 'any') {
      for (let skip = t; skip <= text.length; skip++) if (match(skip, p + 1)) return true;
      return false;
    }
    if (t === text.length) return false;
    if (part?.kind === 'one') return match(t + 1, p + 1);
    return text[t] === part?.char && match(t + 1, p + 1);
  };
  return match(0, 0);
}

const alphabet = fc.constantFrom('a', 'b', '.', '*', '(', '$', '%', '_', '\\', 'é');

describe('LIKE patterns', () => {
  it('match exactly what the plain matcher matches', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 6 }),
        fc.string({ unit: alphabet, maxLength: 6 }),
        (text, pattern) => {
          fc.pre(!/(^|[^\\])(\\\\)*\\$/.test(pattern));
          expect(likePattern(pattern, false).test(text)).toBe(plainMatch(text, pattern));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuse a pattern that ends with the escape character (22025)', () => {
    expect(() => likePattern('ab\\', false)).toThrow('LIKE pattern must not end with escape character');
  });

  it('ignore case for ILIKE', () => {
    expect(likePattern('a%B', true).test('AxxB')).toBe(true);
    expect(likePattern('a%B', false).test('AxxB')).toBe(false);
  });
});
