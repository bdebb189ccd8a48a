/**
 * ALTER TABLE and ALTER INDEX: one parser reads the head (the relation, ONLY, IF EXISTS) and
 * dispatches on the action (parse-alter-table.ts). Each action the subset takes becomes its
 * statement; every other action, and the head's forms the model does not take, are refused by
 * name, whichever action follows.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement, UnsupportedSqlError } from '../src/model/sql/parse-sql.ts';

describe('ALTER TABLE', () => {
  it.each<[string, object]>([
    ['alter table t add primary key (a, b)', { kind: 'alter-table', action: { kind: 'add-primary-key' } }],
    [
      'alter table t set (fillfactor = 50)',
      { kind: 'alter-table', action: { kind: 'set-options', index: false } },
    ],
    ['alter index i set (fillfactor = 70)', { kind: 'alter-table', table: 'i', action: { index: true } }],
    [
      'alter table only t add foreign key (a) references p not valid',
      { kind: 'add-foreign-key', notValid: true },
    ],
    ['alter table only t validate constraint fk', { kind: 'validate-constraint', constraint: 'fk' }],
    ['alter table t attach partition c default', { kind: 'attach-partition', partition: 'c' }],
    ['alter table t detach partition c', { kind: 'detach-partition', partition: 'c' }],
    ['alter table t detach partition c concurrently', { kind: 'detach-partition', mode: 'concurrently' }],
    ['alter table t add column b int', { kind: 'add-column' }],
    ['alter table c no inherit t', { kind: 'alter-inheritance', parent: 't', inherit: false }],
    ['alter table t alter a set data type text', { kind: 'alter-column-type', column: 'a', type: 'text' }],
    ['alter table s.t owner to bob', { kind: 'alter-owner', table: 's.t', owner: 'bob' }],
    ['alter table public.t owner to bob', { kind: 'alter-owner', table: 't' }],
    // A column named like an action word is read as a column, not as the action.
    ['alter table t add foreign key (owner) references p', { kind: 'add-foreign-key' }],
  ])('reads %s', (sql, expected) => {
    expect(parseStatement(sql)).toMatchObject({ ...expected, text: sql });
  });

  it.each([
    ['alter view v owner to bob', 'ALTER VIEW'],
    ['alter table if exists t detach partition c', 'ALTER TABLE IF EXISTS'],
    ['alter index if exists i set (fillfactor = 70)', 'ALTER INDEX IF EXISTS'],
    ['alter table only t set (fillfactor = 50)', 'ALTER TABLE ONLY'],
    ['alter table only t add primary key (a)', 'ALTER TABLE ONLY'],
    ['alter table only t detach partition c', 'ALTER TABLE ONLY'],
    ['alter table s.t add primary key (a)', 'schema-qualified names'],
    ['alter table s.t detach partition c', 'schema-qualified names'],
    ['alter table t set logged', 'ALTER … SET LOGGED'],
    ['alter index i rename to j', 'ALTER INDEX … RENAME'],
    ['alter table t rename to u', 'ALTER TABLE … RENAME'],
    ['alter table t drop column b', 'ALTER TABLE … DROP'],
    ['alter table t add check (id > 0)', 'ALTER TABLE … ADD CHECK'],
    ['alter table t add constraint c primary key (a)', 'ALTER TABLE … ADD PRIMARY KEY'],
    ['alter table t cluster on i', 'ALTER TABLE … CLUSTER'],
    ['alter table t detach partition c, detach partition d', 'several actions in one ALTER TABLE'],
    ['alter table t validate constraint a, validate constraint b', 'several actions in one ALTER TABLE'],
    ['alter table t owner to bob, owner to alice', 'several actions in one ALTER TABLE'],
  ])('refuses %s by name: %s', (sql, construct) => {
    const error = (() => {
      try {
        parseStatement(sql);
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UnsupportedSqlError);
    expect((error as UnsupportedSqlError).construct).toBe(construct);
  });
});
