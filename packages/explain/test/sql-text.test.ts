/**
 * Reading SQL text: classifying statements and checking a learner's fix before it runs.
 * (Splitting scripts into statements as psql does is @dbplay/core's, tested there.)
 */
import type { FixQuestion } from '@dbplay/explain';
import { describe, expect, it } from 'vitest';
import { checkFixSql } from '../src/grading/check-fix-sql.ts';
import { modifiesData, settingName, statementKind } from '../src/grading/statement-kind.ts';

describe('classifying statements', () => {
  it.each([
    ['select 1', 'query'],
    ['  WITH x AS (select 1) select * from x', 'query'],
    ['(select 1)', 'query'],
    ['vacuum orders', 'vacuum'],
    ['set work_mem = 64', 'setting'],
    ['RESET ALL', 'setting'],
    ["select set_config('enable_seqscan', 'off', false)", 'setting'],
    ['alter database postgres set enable_seqscan = off', 'setting'],
    ['commit', 'transaction-control'],
    ['begin', 'transaction-control'],
    ['savepoint a', 'transaction-control'],
    ['create index concurrently on t (a)', 'not-in-transaction'],
    ['alter system set work_mem = 1', 'not-in-transaction'],
    ['create index on t (a)', 'other'],
    ['drop table orders', 'other'],
  ])('%s is %s', (sql, kind) => {
    expect(statementKind(sql)).toBe(kind);
  });

  it('names the setting a SET changes', () => {
    expect(settingName('set local Work_Mem to 1')).toBe('work_mem');
    expect(settingName('reset enable_seqscan')).toBe('enable_seqscan');
  });

  it('knows which statements change data, ignoring strings and comments', () => {
    expect(modifiesData('update orders set status = status')).toBe(true);
    expect(modifiesData('with d as (delete from t returning *) select * from d')).toBe(true);
    expect(modifiesData('select * from t for update')).toBe(true);
    expect(modifiesData("select 'insert into t' -- delete\n")).toBe(false);
    expect(modifiesData('select updated_at from t')).toBe(false);
    expect(modifiesData('create index on orders (customer_id)')).toBe(false);
  });
});

describe('checking a fix before running it', () => {
  const question = (allow: Partial<FixQuestion> = {}): FixQuestion => ({
    kind: 'fix',
    name: 'fix',
    ask: '',
    location: { file: 'x.yaml', line: 1 },
    require: [{ kind: 'same-rows', order: 'unordered' }],
    allowRewrite: false,
    allowSettings: [],
    reference: '',
    ...allow,
  });

  it('accepts DDL, and finds a rewritten query at the end', () => {
    const plain = checkFixSql('create index on t (a);\nanalyze t;', question());
    expect(plain).toMatchObject({ ok: true, fix: { rewrite: undefined, outsideTransaction: false } });
    const rewrite = checkFixSql(
      'create index on t (a); select * from t where a = 1',
      question({ allowRewrite: true }),
    );
    expect(rewrite).toMatchObject({ ok: true, fix: { rewrite: 'select * from t where a = 1' } });
    expect(checkFixSql('vacuum t', question())).toMatchObject({
      ok: true,
      fix: { outsideTransaction: true, modifiesData: true },
    });
  });

  it.each([
    ['commit; drop table orders', {}, /line 1: leave out transaction control/],
    [
      'set enable_seqscan = off',
      {},
      /changing enable_seqscan hides the problem instead of fixing it; this exercise allows no settings/,
    ],
    ['set enable_seqscan = off', { allowSettings: ['work_mem'] }, /this exercise allows only work_mem/],
    ['create index concurrently on t (a)', {}, /cannot be part of an exercise fix/],
    ['select * from t', {}, /asks you to change the database .* not the query/],
    [
      'select 1;\ncreate index on t (a)',
      { allowRewrite: true },
      /line 1: a rewritten query must be the last statement/,
    ],
  ])('refuses %j', (sql, allow, message) => {
    const result = checkFixSql(sql, question(allow));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(message);
  });

  it('lets an allowed setting through', () => {
    expect(checkFixSql("set work_mem = '4MB'", question({ allowSettings: ['work_mem'] })).ok).toBe(true);
  });
});
