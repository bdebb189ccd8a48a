/**
 * The lesson file format: a well-formed lesson reads into what the runner needs, and every
 * mistake an author can make is reported with the file, the line and the field.
 */
import { parseLesson } from '@dbplay/learn';
import { describe, expect, it } from 'vitest';

const file = '/lessons/03-hot-updates.yaml';

const good = `id: hot-updates
title: HOT updates
topic: mvcc
goal: Say what a HOT update is.
intro: |
  Some text.
checkpoint:
  kind: choice
  ask: Which update is HOT?
  options:
    - { key: a, text: both, value: both }
    - { key: b, text: only the roomy one, value: roomy }
  answer: b
run:
  kind: sql
  sql: select 1
  answer: select 'roomy'
explanation: Because.
explore:
  - dbplay learn dead-tuples
`;

function parse(text: string, name = file) {
  return parseLesson(text, name);
}

function problem(text: string, name = file): string {
  try {
    parse(text, name);
  } catch (error) {
    const located = error as { message: string; location?: { file: string; line: number } };
    return `${located.location?.file}:${located.location?.line}: ${located.message}`;
  }
  throw new Error('expected the lesson to be refused');
}

describe('reading a lesson file', () => {
  it('reads every field the runner needs', () => {
    const lesson = parse(good);
    expect(lesson).toMatchObject({
      number: 3,
      id: 'hot-updates',
      topic: 'mvcc',
      checkpoint: {
        kind: 'choice',
        answer: 'b',
        options: [
          { key: 'a', value: 'both' },
          { key: 'b', value: 'roomy' },
        ],
      },
      run: { kind: 'sql', sql: 'select 1', answer: "select 'roomy'" },
      explore: ['dbplay learn dead-tuples'],
    });
  });

  it('reads number checkpoints with absolute and percentage tolerances, and key ranges', () => {
    const numeric = good
      .replace(
        /checkpoint:[\s\S]*?run:/,
        'checkpoint:\n  kind: number\n  ask: How tall?\n  tolerance: 10%\n  answer: 5\nrun:',
      )
      .replace(
        /run:[\s\S]*?explanation:/,
        'run:\n  kind: btree\n  order: 4\n  insert: 5..1\n  answer: height\nexplanation:',
      );
    const lesson = parse(numeric);
    expect(lesson.checkpoint).toEqual({
      kind: 'number',
      ask: 'How tall?',
      tolerance: { percent: 10 },
      answer: 5,
    });
    expect(lesson.run).toEqual({
      kind: 'btree',
      order: 4,
      insert: [5, 4, 3, 2, 1],
      find: undefined,
      answer: 'height',
    });
  });

  it.each([
    ['an unknown field', good.replace('goal:', 'gaol:'), /:4: gaol: unknown field \(did you mean 'goal'\?\)/],
    [
      'a topic that does not exist',
      good.replace('topic: mvcc', 'topic: mvc'),
      /:3: topic: 'mvc' is not one of/,
    ],
    [
      'an id that is not the file name',
      good.replace('id: hot-updates', 'id: hot'),
      /:1: id: 'hot' does not match the file name/,
    ],
    ['a missing checkpoint', good.replace(/checkpoint:[\s\S]*?run:/, 'run:'), /missing field 'checkpoint'/],
    [
      'an answer that is no option',
      good.replace('  answer: b\nrun:', '  answer: z\nrun:'),
      /:13: checkpoint\.answer: 'z' is not one of a, b/,
    ],
    [
      'a choice with one option',
      good.replace('    - { key: a, text: both, value: both }\n', ''),
      /checkpoint\.options: a choice needs at least two options/,
    ],
    [
      'two options with the same value',
      good.replace('value: roomy', 'value: both'),
      /checkpoint\.options: 'both' is used by two options/,
    ],
    [
      'an unknown run kind',
      good.replace('kind: sql', 'kind: sqlite'),
      /run\.kind: 'sqlite' is not one of sql, explain/,
    ],
    [
      'an explore line that is not a dbplay command',
      good.replace('  - dbplay learn dead-tuples', '  - psql -c "vacuum"'),
      /:20: explore\[0\]: 'psql -c "vacuum"' must be a dbplay command line/,
    ],
    [
      'a run field of another kind',
      good.replace('  answer: select', '  order: 4\n  answer: select'),
      /run\.order: unknown field/,
    ],
  ])('refuses %s, naming file, line and field', (_what, text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it('refuses a file name without a number', () => {
    expect(problem(good, '/lessons/hot-updates.yaml')).toMatch(/a lesson file is named NN-<id>\.yaml/);
  });

  it('refuses a B+tree run that looks a key up without saying which', () => {
    const text = good.replace(
      /run:[\s\S]*?explanation:/,
      'run:\n  kind: btree\n  order: 4\n  insert: [1, 2]\n  answer: pages-read\nexplanation:',
    );
    expect(problem(text)).toMatch(/run: a pages-read answer needs 'find'/);
  });
});

describe('reading the run kinds', () => {
  const runOf = (run: string) =>
    parse(good.replace(/run:[\s\S]*?explanation:/, `run:\n${run}\nexplanation:`)).run;

  it('reads a compaction simulation, and refuses a strategy that does not exist', () => {
    expect(
      runOf('  kind: lsm-simulate\n  strategy: simple\n  iterations: 10\n  answer: first-compaction'),
    ).toEqual({
      kind: 'lsm-simulate',
      strategy: 'simple',
      iterations: 10,
      answer: 'first-compaction',
    });
    expect(() =>
      runOf('  kind: lsm-simulate\n  strategy: simpel\n  iterations: 10\n  answer: compactions'),
    ).toThrow(/run\.strategy: 'simpel' is not one of simple, tiered, leveled/);
  });

  it('reads sessions with their steps, and refuses a session name with spaces', () => {
    expect(
      runOf(
        '  kind: sessions\n  steps:\n    - { session: a, sql: select 1 }\n  answer: { session: b, sql: select 2 }',
      ),
    ).toEqual({
      kind: 'sessions',
      steps: [{ session: 'a', sql: 'select 1' }],
      answer: { session: 'b', sql: 'select 2' },
    });
    expect(() =>
      runOf(
        '  kind: sessions\n  steps:\n    - { session: a b, sql: select 1 }\n  answer: { session: a, sql: select 2 }',
      ),
    ).toThrow(/must be a short lower-case name/);
  });

  it('reads an EXPLAIN run and its node selector, and an isolation run', () => {
    expect(
      runOf('  kind: explain\n  dataset: shop\n  sql: select 1\n  answer: { relation: orders, field: node }'),
    ).toEqual({
      kind: 'explain',
      dataset: 'shop',
      sql: 'select 1',
      analyze: false,
      answer: { select: { relation: 'orders' }, field: 'node' },
    });
    expect(
      runOf(
        '  kind: isolation\n  scenario: deadlock\n  engine: postgres\n  level: read-committed\n  answer: first-error',
      ),
    ).toEqual({
      kind: 'isolation',
      scenario: 'deadlock',
      engine: 'postgres',
      level: 'read-committed',
      permutation: 1,
      answer: 'first-error',
    });
  });

  it('reads a VACUUM answer on the model, and refuses it on an engine that does not report one', () => {
    const isolation = (engine: string) =>
      `  kind: isolation\n  scenario: vacuum-horizon\n  engine: ${engine}\n  level: read-committed\n  answer: vacuum-kept`;
    expect(runOf(isolation('model'))).toMatchObject({ engine: 'model', answer: 'vacuum-kept' });
    expect(() => runOf(isolation('postgres'))).toThrow(
      /run\.answer: a vacuum-kept answer needs engine: model/,
    );
  });
});
