/**
 * Foreign keys (src/model/executor/foreign-keys.ts), dates and timestamps
 * (src/model/sql/date-time.ts), scalar subqueries (src/model/executor/evaluate-subqueries.ts)
 * and type modifiers (src/model/sql/column-typmod.ts) in the model, as specifications: the
 * scenarios in model-fk/ run on the model and on the embedded PostgreSQL (one server for this
 * file), each interleaving (24 at most, drawn at random) at read committed, repeatable read and
 * serializable, and must agree
 * step by step (status, waits, SQLSTATE, rows) and in the final state; then the error paths,
 * with PostgreSQL's SQLSTATEs and messages, and what the parser refuses by name.
 */
import { parseSpec, runPermutation } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { dateTimeDisplayOf, displayDateTime, parseDateTime } from '../src/model/sql/date-time.ts';
import { parseStatement } from '../src/model/sql/parse-sql.ts';
import { agreementEngines, expectAgreement, loadSpecFolder } from './expect-agreement.ts';

const directory = new URL('./model-fk/', import.meta.url);
const scenarios = await loadSpecFolder(directory);

const engines = await agreementEngines();
const { model, cache } = engines;

describe('foreign keys and dates: the model agrees with PostgreSQL', () => {
  it.each(scenarios.map((scenario) => [scenario.id, scenario] as const))(
    '%s: its interleavings',
    async (_id, scenario) => {
      await expectAgreement({
        model,
        postgres: engines.postgres,
        cache,
        scenario,
        choice: // Every interleaving of a scenario with 24 or fewer; 24 drawn at random of the others.
          { kind: 'sample', count: 24, seed: 'fk' },
        whenSessionWaits: 'skip',
      });
    },
    120_000,
  );
});

/** Runs each statement in a transaction of its own on the model; the errors, as `SQLSTATE message`. */
async function errorsOf(setup: string, statements: readonly string[]): Promise<(string | null)[]> {
  const steps = statements.map((sql, i) => `step s${i} { ${sql}; }\nstep c${i} { commit; }`).join('\n');
  const scenario = parseSpec(`setup { ${setup} }\nsession T1\n${steps}`, 'errors.spec');
  const outcome = await runPermutation({
    engine: model,
    scenario,
    level: 'read-committed',
    permutation: statements.flatMap((_, i) => [`s${i}`, `c${i}`]),
  });
  return outcome.steps
    .filter((step) => step.step.startsWith('s'))
    .map((step) => (step.error === null ? null : `${step.error.code} ${step.error.message}`));
}

describe('foreign keys: the error paths', () => {
  const tables =
    'create table parent (id int primary key, v int); create table child (id int primary key, parent_id int references parent); insert into parent values (1, 0);';

  it('a missing referenced row is 23503, naming the constraint', async () => {
    expect(await errorsOf(tables, ['insert into child values (1, 2)'])).toEqual([
      '23503 insert or update on table "child" violates foreign key constraint "child_parent_id_fkey"',
    ]);
  });

  it('a NULL key is not checked (MATCH SIMPLE)', async () => {
    expect(await errorsOf(tables, ['insert into child values (1, null)'])).toEqual([null]);
  });

  it('deleting or re-keying a referenced row is 23503; other columns may change', async () => {
    const steps = [
      'insert into child values (1, 1)',
      'update parent set v = 1',
      'update parent set id = 2',
      'delete from parent',
    ];
    expect(await errorsOf(tables, steps)).toEqual([
      null,
      null,
      '23503 update or delete on table "parent" violates foreign key constraint "child_parent_id_fkey" on table "child"',
      '23503 update or delete on table "parent" violates foreign key constraint "child_parent_id_fkey" on table "child"',
    ]);
  });

  it('DROP TABLE of a referenced table alone is 2BP01; with its referencing table it goes', async () => {
    expect(await errorsOf(tables, ['drop table parent', 'drop table parent, child'])).toEqual([
      '2BP01 cannot drop table parent because other objects depend on it',
      null,
    ]);
  });

  it('a key must reference a primary key (42830), and name columns that exist (42703)', async () => {
    expect(
      await errorsOf('create table p (id int, v int primary key);', [
        'create table c1 (x int references p (id))',
        'create table c2 (x int references p (nope))',
        'create table c3 (x int, foreign key (y) references p)',
      ]),
    ).toEqual([
      '42830 there is no unique constraint matching given keys for referenced table "p"',
      '42703 column "nope" referenced in foreign key constraint does not exist',
      '42703 column "y" referenced in foreign key constraint does not exist',
    ]);
  });

  it('ADD FOREIGN KEY checks the rows already there unless NOT VALID; VALIDATE checks them then', async () => {
    const setup =
      'create table a (i int primary key); create table b (a_id int); insert into a values (1); insert into b values (1), (7);';
    expect(
      await errorsOf(setup, [
        'alter table b add constraint f foreign key (a_id) references a (i)',
        'alter table b add constraint f foreign key (a_id) references a (i) not valid',
        'alter table b validate constraint f',
        'alter table b validate constraint nope',
      ]),
    ).toEqual([
      '23503 insert or update on table "b" violates foreign key constraint "f"',
      null,
      '23503 insert or update on table "b" violates foreign key constraint "f"',
      '42704 constraint "nope" of relation "b" does not exist',
    ]);
  });

  it.each([
    ['create table c (x int references p on delete set default)', 'ON DELETE SET DEFAULT'],
    ['create table c (x int references p on update set default)', 'ON UPDATE SET DEFAULT'],
    ['create table c (x int references p match full)', 'MATCH FULL'],
    ['set constraints all immediate', 'SET constraints'],
    ['alter table b add column c int default 1', 'ADD COLUMN … DEFAULT'],
    ['alter table b drop constraint f', 'ALTER TABLE … DROP'],
  ])('refuses %s by name', (sql, construct) => {
    expect(() => parseStatement(sql)).toThrow(construct);
  });

  it('parses the forms it takes', () => {
    expect(parseStatement('drop table if exists a, b')).toMatchObject({
      kind: 'drop-table',
      tables: ['a', 'b'],
      ifExists: true,
    });
    expect(
      parseStatement('create table c (x int constraint cx references p (id) on delete restrict)'),
    ).toMatchObject({
      foreignKeys: [{ name: 'cx', columns: ['x'], table: 'p', referenced: ['id'], onDelete: 'restrict' }],
    });
    expect(parseStatement('alter table b validate constraint f')).toMatchObject({
      kind: 'validate-constraint',
      table: 'b',
      constraint: 'f',
    });
  });
});

describe('dates and timestamps', () => {
  it('reads ISO dates and times, refusing what PostgreSQL refuses with its SQLSTATE', () => {
    expect(parseDateTime('date', ' 2024-2-9 ')).toBe('2024-02-09');
    expect(parseDateTime('timestamp', '2024-02-29T10:00:00.250')).toBe('2024-02-29 10:00:00.25');
    expect(() => parseDateTime('date', '2023-02-29')).toThrow(
      'date/time field value out of range: "2023-02-29"',
    );
    expect(() => parseDateTime('date', 'tomorrow')).toThrow('invalid input syntax for type date: "tomorrow"');
    expect(() => parseDateTime('timestamptz', '2024-01-01 10:00+02')).toThrow('a time zone offset');
  });

  it("shows them in the session's DateStyle and TimeZone, as pg_regress's settings ask", () => {
    const regress = dateTimeDisplayOf(
      "SET datestyle = 'Postgres, MDY'; SET timezone = 'America/Los_Angeles';",
    );
    expect(displayDateTime('date', '2008-12-22', regress)).toBe('12-22-2008');
    expect(displayDateTime('timestamp', '1830-10-04 00:00:00', regress)).toBe('Mon Oct 04 00:00:00 1830');
    expect(displayDateTime('timestamptz', '2010-04-01 10:00:00', regress)).toBe(
      'Thu Apr 01 10:00:00 2010 PDT',
    );
    expect(displayDateTime('timestamptz', '2010-01-01 10:00:00', regress)).toBe(
      'Fri Jan 01 10:00:00 2010 PST',
    );
    const iso = dateTimeDisplayOf("set timezone to 'America/Los_Angeles'");
    expect(displayDateTime('timestamptz', '2010-04-01 10:00:00', iso)).toBe('2010-04-01 10:00:00-07');
    const dmy = dateTimeDisplayOf("SET datestyle = 'Postgres, DMY'");
    expect(displayDateTime('date', '2008-12-22', dmy)).toBe('22-12-2008');
  });

  it('refuses interval values by name', () => {
    expect(() => parseStatement("select interval '1 day'")).toThrow('interval values');
  });
});

describe('scalar subqueries and type modifiers: the error paths', () => {
  const tables =
    'create table t (id int primary key, n numeric(4, 1), c char(2), v varchar(3)); insert into t values (1, 1, 1, 1), (2, 2, 2, 2);';

  it('a subquery with more than one row is 21000; with more than one column, 42601', async () => {
    expect(
      await errorsOf(tables, [
        'update t set n = (select id from t) where id = 1',
        'update t set n = (select id, n from t where id = 1) where id = 1',
        'update t set n = (select id from t where id = 3) where id = 1',
        'select 1 from t where id in (select id, n from t)',
      ]),
    ).toEqual([
      '21000 more than one row returned by a subquery used as an expression',
      '42601 subquery must return only one column',
      null,
      '42601 subquery has too many columns',
    ]);
  });

  it('numeric(p, s) rounds to its scale and refuses what overflows; char(n) and varchar(n) refuse longer text', async () => {
    expect(
      await errorsOf(tables, [
        'update t set n = 999.95 where id = 1',
        "update t set c = 'abc' where id = 1",
        "update t set c = 'ab   ', v = 'xyz  ' where id = 1",
        "update t set v = 'wxyz' where id = 1",
      ]),
    ).toEqual([
      '22003 numeric field overflow',
      '22001 value too long for type character(2)',
      null,
      '22001 value too long for type character varying(3)',
    ]);
  });

  it('parses scalar subqueries, lower() and upper(), and type modifiers', () => {
    expect(parseStatement('select (select max(id) from t) + 1')).toMatchObject({
      items: [
        {
          expression: {
            kind: 'arithmetic',
            left: { kind: 'subquery', query: { text: 'select max(id) from t' } },
          },
        },
      ],
    });
    expect(
      parseStatement('create table t (a numeric(13, 2), b char(3), c character, d varchar(5))'),
    ).toMatchObject({
      columns: [
        { typmod: { kind: 'numeric', precision: 13, scale: 2 } },
        { typmod: { kind: 'char', length: 3 } },
        { typmod: { kind: 'char', length: 1 } },
        { typmod: { kind: 'varchar', length: 5 } },
      ],
    });
    expect(parseStatement("select lower('A')")).toMatchObject({
      items: [{ expression: { kind: 'case-fold', function: 'lower' } }],
    });
    expect(() => parseStatement('create table t (a numeric(2, 3))')).toThrow(
      'NUMERIC scale 3 must be between 0 and precision 2',
    );
    expect(
      parseStatement('select 1 from t where not exists (select 1 from u) and id in (select id from u)'),
    ).toMatchObject({
      where: {
        kind: 'and',
        left: { kind: 'not', operand: { kind: 'subquery', form: 'exists' } },
        right: { kind: 'in', list: [{ kind: 'subquery', form: 'rows' }] },
      },
    });
  });
});
