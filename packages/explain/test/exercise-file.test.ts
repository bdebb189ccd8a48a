/**
 * The exercise file format: a valid file parses into the typed exercise, and every kind of
 * mistake is reported with the file, the line and the field, as `dbplay explain validate`
 * prints it.
 */
import { BadInputError } from '@dbplay/core';
import { loadCatalog, parseExercise } from '@dbplay/explain';
import { describe, expect, it } from 'vitest';

const file = '/exercises/07-sample.yaml';
const valid = `id: sample
title: A sample
topic: testing
difficulty: 2
dataset: shop
checked_on: [PostgreSQL 18.7]
setup: |
  create index on orders (customer_id);
query: select * from orders where customer_id = 42
explain: { analyze: true }
prompt: Look at the plan.
facts:
  - label: pages
    sql: select relpages from pg_class where relname = 'orders'
questions:
  - name: node
    kind: name
    ask: Which node?
    expect: { relation: orders, field: node }
    reference: Bitmap Heap Scan
  - name: rows
    kind: number
    ask: How many rows?
    expect: { field: rows }
    tolerance: 5%
    reference: 5
  - name: pick
    kind: choice
    ask: Which?
    options:
      - key: a
        text: an index
        when: { present: { node: Bitmap Index Scan } }
      - key: b
        text: no index
        when: { absent: { node: Bitmap Index Scan } }
    reference: a
  - name: fix
    kind: fix
    ask: Fix it.
    allow: { rewrite: true, settings: [Work_Mem] }
    require:
      - absent: { node: Seq Scan, relation: orders }
      - measure: { node: Bitmap Heap Scan, field: lossy_heap_blocks }
        at_most: 0
      - cost_times_lower: 10
      - same_rows: ordered
      - sql: select true
    reference: create index on orders (customer_id);
hints: [Look at the index.]
explanation: Because.
docs: https://www.postgresql.org/docs/18/using-explain.html
`;

function parse(text: string, name = file) {
  return parseExercise(text, name, { datasets: ['shop', 'events'] });
}

function problem(text: string, name = file): BadInputError {
  try {
    parse(text, name);
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('the file parsed without an error');
}

describe('a valid exercise file', () => {
  it('parses into the typed exercise, numbered by its file name', () => {
    const exercise = parse(valid);
    expect(exercise).toMatchObject({
      number: 7,
      id: 'sample',
      difficulty: 2,
      dataset: 'shop',
      explain: { analyze: true, buffers: false },
      showPlan: true,
      hints: ['Look at the index.'],
    });
    expect(exercise.facts).toEqual([
      {
        label: 'pages',
        measure: { kind: 'sql', sql: "select relpages from pg_class where relname = 'orders'" },
      },
    ]);
    const [name, rows, pick, fix] = exercise.questions;
    expect(name).toMatchObject({
      kind: 'name',
      expect: { kind: 'field', select: { relation: 'orders' }, field: 'node' },
    });
    expect(rows).toMatchObject({
      kind: 'number',
      tolerance: { percent: 5 },
      reference: 5,
      location: { file, line: 21 },
    });
    expect(pick).toMatchObject({ kind: 'choice', reference: 'a' });
    expect(fix).toMatchObject({
      kind: 'fix',
      allowRewrite: true,
      allowSettings: ['work_mem'],
      require: [
        { kind: 'absent', select: { node: 'Seq Scan', relation: 'orders' } },
        { kind: 'compare', op: 'at_most', value: 0 },
        { kind: 'cost-times-lower', factor: 10 },
        { kind: 'same-rows', order: 'ordered' },
        { kind: 'sql', sql: 'select true' },
      ],
    });
  });
});

describe('mistakes in an exercise file, each with its file and line', () => {
  const cases: [string, string, string][] = [
    ['not YAML', valid.replace('title: A sample', 'title: [unclosed'), `${file}:3: not valid YAML`],
    [
      'an unknown field, with a suggestion',
      valid.replace('docs:', 'dcos:'),
      `${file}:52: dcos: unknown field (did you mean 'docs'?)`,
    ],
    ['a missing field', valid.replace('title: A sample\n', ''), `${file}:1: missing field 'title'`],
    [
      'a difficulty out of range',
      valid.replace('difficulty: 2', 'difficulty: 7'),
      `${file}:4: difficulty: must be a whole number from 1 to 5`,
    ],
    [
      'an unknown dataset',
      valid.replace('dataset: shop', 'dataset: shops'),
      `${file}:5: dataset: 'shops' is not one of shop, events (did you mean 'shop'?)`,
    ],
    [
      'an id that does not match the file name',
      valid.replace('id: sample', 'id: other'),
      `${file}:1: id: 'other' does not match the file name, which says 'sample'`,
    ],
    [
      'an unknown question kind',
      valid.replace('kind: name', 'kind: nmae'),
      `${file}:17: questions[0].kind: 'nmae' is not one of choice, name, number, fix (did you mean 'name'?)`,
    ],
    [
      'a bad tolerance',
      valid.replace('tolerance: 5%', 'tolerance: lots'),
      `${file}:25: questions[1].tolerance: must be a number, not 'lots'`,
    ],
    [
      'a choice reference that is no option',
      valid.replace('    reference: a\n', '    reference: z\n'),
      `${file}:37: questions[2].reference: 'z' is not one of a, b`,
    ],
    [
      'a field no plan has',
      valid.replace('field: node }', 'field: nodes }'),
      `${file}:19: questions[0].expect.field: 'nodes' is not one of`,
    ],
    [
      'a name question reading a number',
      valid.replace('expect: { relation: orders, field: node }', 'expect: { field: rows }'),
      `${file}:19: questions[0].expect: a name question reads one of the fields`,
    ],
    [
      'same_rows outside a fix',
      valid.replace('when: { absent: { node: Bitmap Index Scan } }', 'when: { same_rows: ordered }'),
      `${file}:36: questions[2].options[1].when: cost_times_lower and same_rows compare a fix`,
    ],
    [
      'a measure without a comparison',
      valid.replace('        at_most: 0\n', ''),
      `${file}:44: questions[3].require[1]: a measure needs a comparison`,
    ],
    [
      'two conditions in one entry',
      valid.replace('      - cost_times_lower: 10', '      - { cost_times_lower: 10, sql: select 1 }'),
      `${file}:46: questions[3].require[2]: one condition per entry`,
    ],
    [
      'a duplicate question name',
      valid.replace('name: rows', 'name: node'),
      `${file}:21: questions[1].name: the name 'node' is used twice`,
    ],
    [
      'a bad question name',
      valid.replace('name: rows', 'name: Rows!'),
      `${file}:21: questions[1].name: 'Rows!' must be lower case`,
    ],
    [
      'a docs link elsewhere',
      valid.replace('https://www.postgresql.org/docs/18/using-explain.html', 'https://example.com'),
      `${file}:52: docs: must link to the PostgreSQL documentation`,
    ],
    [
      'no hints',
      valid.replace('hints: [Look at the index.]', 'hints: []'),
      `${file}:50: hints: needs at least one hint`,
    ],
    [
      'a list where a mapping belongs',
      '- just\n- a list\n',
      `${file}:1: an exercise file must be a mapping of fields`,
    ],
  ];

  it.each(cases)('%s', (_label, text, message) => {
    expect(problem(text).oneLine()).toContain(message);
  });

  it('a file not named NN-<id>.yaml', () => {
    expect(problem(valid, '/exercises/sample.yaml').oneLine()).toBe(
      '/exercises/sample.yaml:1: an exercise file is named NN-<id>.yaml, like 07-loops.yaml; got sample.yaml',
    );
  });

  it('exit code 2, as bad input', () => {
    expect(problem(valid.replace('difficulty: 2', 'difficulty: 0')).exitCode).toBe(2);
  });
});

describe('the shipped catalog', () => {
  it('reads every file: at least 30 exercises in a path of increasing difficulty, each with hints and a docs link', async () => {
    const catalog = await loadCatalog(new URL('../../../exercises/explain', import.meta.url).pathname);
    expect(catalog.exercises.length).toBeGreaterThanOrEqual(30);
    expect(catalog.exercises.map((exercise) => exercise.number)).toEqual(
      catalog.exercises.map((_, index) => index + 1),
    );
    // The first path (1–37) rises in difficulty; 38 onwards are further topics added after it
    // (issue 16: Memoize, generic plans, WindowAgg …) in topic order, not by difficulty. They
    // keep their numbers, which the README, the lessons and the transcripts use: docs/explain.md
    // says so.
    const difficulties = catalog.exercises.slice(0, 37).map((exercise) => exercise.difficulty);
    expect(difficulties).toEqual([...difficulties].sort((a, b) => a - b));
    expect(new Set(catalog.exercises.map((exercise) => exercise.topic)).size).toBeGreaterThanOrEqual(25);
    expect([...catalog.datasets.keys()]).toEqual(['events', 'people', 'shop']);
    const kinds = new Set(
      catalog.exercises.flatMap((exercise) => exercise.questions.map((question) => question.kind)),
    );
    expect([...kinds].sort()).toEqual(['choice', 'fix', 'name', 'number']);
  });
});
