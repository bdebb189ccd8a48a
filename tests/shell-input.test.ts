/**
 * How the shell cuts input into commands: where a statement ends (a ; outside quotes, dollar
 * quotes and comments), how a command line splits into words, and `NAME: SQL`.
 */
import { describe, expect, test } from 'vitest';
import { sessionPrefix, splitWords, statementComplete } from '../playground/src/shell/shell-input.ts';

describe('statementComplete: a ; that ends the statement', () => {
  test.each([
    ['select 1;', true],
    ['select 1', false],
    ['select 1;  ', true],
    ["select ';'", false],
    ["select ';';", true],
    ["select 'it''s;'", false],
    ['select "a;b" from t;', true],
    ['select 1; -- done', true],
    ['select 1 -- not yet;', false],
    ['select /* ; */ 1', false],
    ['select /* unclosed ;', false],
    ['do $$ begin; end $$', false],
    ['do $$ begin; end $$;', true],
    ['do $body$ select 1; $body$;', true],
    ['update t\nset v = 1\nwhere id = 2;', true],
  ])('%j → %s', (sql, complete) => {
    expect(statementComplete(sql)).toBe(complete);
  });
});

describe('splitWords: command lines split as a shell would', () => {
  test.each([
    ['btree insert 5 9 12', ['btree', 'insert', '5', '9', '12']],
    ['answer top-node="Hash Join"', ['answer', 'top-node=Hash Join']],
    ["explain plan 'select 1' --dataset shop", ['explain', 'plan', 'select 1', '--dataset', 'shop']],
    ['lsm put "a key" it\\ is', ['lsm', 'put', 'a key', 'it is']],
    ['  spaced   out  ', ['spaced', 'out']],
    ['empty ""', ['empty', '']],
  ])('%j', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  test('an unclosed quote is refused', () => {
    expect(() => splitWords('answer top-node="Hash')).toThrow('an unclosed " quote');
  });
});

describe('sessionPrefix: NAME: SQL runs in session NAME', () => {
  test.each([
    ['b: update t set v = 1;', { session: 'b', sql: 'update t set v = 1;' }],
    ['T2: commit;', { session: 'T2', sql: 'commit;' }],
    ['select 1;', null],
    ["select 'a: b';", null],
    ['b:commit;', null],
  ])('%j', (text, expected) => {
    expect(sessionPrefix(text)).toEqual(expected);
  });
});
