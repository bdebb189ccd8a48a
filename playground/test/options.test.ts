/**
 * The command line's values, read one way in every command: each rule with the values it
 * accepts and the one-line message for those it refuses.
 */
import { BadInputError } from '@dbplay/core';
import { describe, expect, it } from 'vitest';
import { listOf, oneOf, plural, seed, serverUrl, userPath, wholeNumber } from '../src/options.ts';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return (error as BadInputError).oneLine();
  }
  throw new Error('accepted');
};

describe('whole numbers', () => {
  const order = wholeNumber('--order', { min: 3, max: 1024 });
  it.each([
    ['3', 3],
    ['1024', 1024],
    ['007', 7],
  ])('%s is %d', (text, value) => {
    expect(order(text)).toBe(value);
  });

  it.each(['2', '1025', 'abc', '', ' 5', '1e3', '0x10', '2.0', '-4'])(
    'refuses %j, naming the range',
    (text) => {
      expect(refusal(() => order(text))).toBe(`--order needs a whole number from 3 to 1,024; got '${text}'`);
    },
  );

  it('says "at least" when there is no upper bound', () => {
    expect(refusal(() => wholeNumber('--sample', { min: 1 })('0'))).toBe(
      "--sample needs a whole number, at least 1; got '0'",
    );
    expect(refusal(() => wholeNumber('--n', { min: 0 })('99999999999999999999'))).toMatch(/at least 0/);
  });
});

describe('seeds', () => {
  it('seeds with the number when the seed is digits, with the text otherwise', () => {
    expect(seed('7')).toBe(7);
    expect(seed('07')).toBe(7);
    expect(seed('apple')).toBe('apple');
    expect(seed('-1')).toBe('-1');
    expect(seed('99999999999999999999')).toBe('99999999999999999999');
  });
});

describe('names from a list', () => {
  const engines = { singular: 'engine', plural: 'engines', names: ['postgres', 'sqlite', 'model'] as const };
  it('accepts a name and suggests the closest for a typo', () => {
    expect(oneOf(engines)('sqlite')).toBe('sqlite');
    expect(refusal(() => oneOf(engines)('postgress'))).toBe(
      "unknown engine 'postgress' (did you mean 'postgres'?); the engines are postgres, sqlite, model",
    );
  });

  it('reads comma-separated lists, dropping duplicates and blanks', () => {
    expect(listOf('--engine', engines)('model, sqlite,model,')).toEqual(['model', 'sqlite']);
    expect(refusal(() => listOf('--engine', engines)(' , '))).toBe('--engine needs at least one engine name');
  });
});

describe('the server URL', () => {
  const url = 'postgres://me:secret@db:5432/x';
  it.each<[string, string | undefined, Record<string, string>, string | undefined]>([
    ['--url wins over DATABASE_URL', url, { DATABASE_URL: 'postgres://other/y' }, url],
    ["--url '' means the embedded engine, even with DATABASE_URL", '', { DATABASE_URL: url }, undefined],
    ['DATABASE_URL without --url', undefined, { DATABASE_URL: url }, url],
    ['an empty DATABASE_URL is unset', undefined, { DATABASE_URL: '' }, undefined],
    ['neither', undefined, {}, undefined],
    ['postgresql:// is accepted', 'postgresql://h/d', {}, 'postgresql://h/d'],
  ])('%s', (_rule, flag, env, expected) => {
    expect(serverUrl(flag, env)).toBe(expected);
  });

  it('refuses what is not a PostgreSQL URL as bad input, hiding the password', () => {
    expect(refusal(() => serverUrl('mysql://me:secret@h/d', {}))).toBe(
      "--url is not a PostgreSQL URL: 'mysql://me:***@h/d' (write it as postgres://user:password@host:5432/database)",
    );
    expect(refusal(() => serverUrl(undefined, { DATABASE_URL: 'localhost:5432' }))).toMatch(
      /^DATABASE_URL is not a PostgreSQL URL/,
    );
  });
});

describe('paths and counts', () => {
  it("resolves a relative path against the user's folder (INIT_CWD under pnpm)", () => {
    expect(userPath('a/b.sql', { INIT_CWD: '/home/me/work' })).toBe('/home/me/work/a/b.sql');
    expect(userPath('/abs/b.sql', { INIT_CWD: '/home/me/work' })).toBe('/abs/b.sql');
    expect(userPath('b.sql', {})).toBe(`${process.cwd()}/b.sql`);
  });

  it('says one hint and two hints', () => {
    expect([plural(1, 'hint'), plural(2, 'hint'), plural(1, 'scenario'), plural(1200, 'key')]).toEqual([
      '1 hint',
      '2 hints',
      '1 scenario',
      '1,200 keys',
    ]);
  });
});
