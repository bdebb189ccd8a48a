/**
 * `dbplay learn` and `dbplay btree-vs-lsm` through the CLI: the listing, one lesson run
 * predict-first (with --predict, typed on stdin, and without any prediction), progress kept
 * in the shared state file, --json for every part, and every error path with its exit code.
 * The lessons used here run on the B+tree, so no database engine starts.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

let state: string;
const env = () => ({ DBPLAY_STATE: state });

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'dbplay-learn-state-'));
});
afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('dbplay learn', () => {
  it('lists the lessons by topic, with the next one to take', async () => {
    const run = await runDbplay(['learn'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('B-trees and LSM-trees');
    expect(run.stdout).toContain('MVCC and VACUUM, on real PostgreSQL');
    expect(run.stdout).toMatch(/0 of \d+ lessons done/);
    expect(run.stdout).toContain('Next: dbplay learn what-an-index-is');
  });

  it('shows the goal and the question, and waits for a prediction before running', async () => {
    const run = await runDbplay(['learn', 'btree-splits'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Goal: Predict the height of a B+tree');
    expect(run.stdout).toContain('Predict first: dbplay learn btree-splits --predict <answer>');
    expect(run.stdout).not.toContain('Explore further');
    expect(run.stdout).not.toContain('height 4');
  });

  it('runs the lesson after a right prediction, records it, and names the next lesson', async () => {
    const run = await runDbplay(['learn', 'btree-splits', '--predict', '4'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ Your prediction (4) was right');
    expect(run.stdout).toContain('Explore further');
    expect(run.stdout).toContain('Next: dbplay learn btree-lookup-cost');
    const progress = JSON.parse(await readFile(join(state, 'explain-progress.json'), 'utf8'));
    expect(progress.exercises['lesson:btree-splits']).toMatchObject({ status: 'passed', attempts: 1 });
    const list = await runDbplay(['learn', '--json'], { env: env() });
    const lessons = JSON.parse(list.stdout).topics.flatMap((topic: { lessons: unknown[] }) => topic.lessons);
    expect(lessons.find((lesson: { id: string }) => lesson.id === 'btree-splits').status).toBe('predicted');
  });

  it('grades a wrong prediction with exit 1, and reads a typed prediction from stdin', async () => {
    const run = await runDbplay(['learn', '7'], { env: env(), input: '9\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ You predicted 9; the engine did 3.');
  });

  it('gives every part as JSON', async () => {
    const before = JSON.parse((await runDbplay(['learn', 'btree-splits', '--json'], { env: env() })).stdout);
    expect(before).toMatchObject({
      stage: 'predict',
      lesson: { id: 'btree-splits', checkpoint: { kind: 'number' } },
    });
    const after = JSON.parse(
      (await runDbplay(['learn', 'btree-splits', '--predict', '5', '--json'], { env: env() })).stdout,
    );
    expect(after).toMatchObject({
      stage: 'done',
      answer: 4,
      prediction: { prediction: '5', correct: false },
      next: 'btree-lookup-cost',
    });
    expect(after.explore.length).toBeGreaterThan(0);
  });

  it.each([
    [['learn', 'btree-splts'], /no lesson 'btree-splts' \(did you mean 'btree-splits'\?\)/],
    [['learn', 'btree-splits', '--predict', 'tall'], /'tall' is not a number/],
    [['learn', 'what-an-index-is', '--predict', 'z'], /'z' is not one of the options a, b, c/],
    [['learn', '--lessons', 'no/such/folder'], /cannot read the lessons folder/],
    [
      ['learn', '--lessons', '<vacuum-lessons>', 'no-vacuum', '--reveal'],
      /scenario g0 runs no VACUUM on the model/,
    ],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    // A lesson whose answer is a VACUUM's figure, on a scenario that runs none (the model only).
    const folder = join(state, 'vacuum-lessons');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, '01-no-vacuum.yaml'),
      [
        'id: no-vacuum',
        'title: No VACUUM here',
        'topic: mvcc',
        'goal: Nothing.',
        'intro: Nothing.',
        'checkpoint: { kind: number, ask: How many?, tolerance: 0, answer: 0 }',
        'run: { kind: isolation, scenario: g0, engine: model, level: read-committed, answer: vacuum-removed }',
        'explanation: Nothing.',
        'explore: [dbplay learn]',
      ].join('\n'),
    );
    args = args.map((arg) => (arg === '<vacuum-lessons>' ? folder : arg));
    const run = await runDbplay(args, { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.[jt]s:\d+/);
  });
});

describe('dbplay btree-vs-lsm', () => {
  it('prints the three amplifications as JSON, with the real engines under --real', async () => {
    const run = await runDbplay(['btree-vs-lsm', '--workload', 'update', '--n', '2000', '--real', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ workload: 'update', n: 2000 });
    for (const side of ['btree', 'lsm']) {
      for (const figure of ['writeAmplification', 'readAmplification', 'spaceAmplification']) {
        expect(typeof report[side][figure]).toBe('number');
      }
    }
    // LevelDB's write amplification comes from /proc/self/io, so it is measured on Linux.
    const measured = process.platform === 'linux' ? 'number' : 'object';
    expect(report.real.map((engine: { engine: string }) => engine.engine)).toEqual(['sqlite', 'leveldb']);
    expect(typeof report.real[1].writeAmplification).toBe(measured);
    expect(report.real[1].writeAmplification ?? 1).toBeGreaterThanOrEqual(1);
  });

  it('prints a table with a sentence on why each side lands where it does', async () => {
    const run = await runDbplay(['btree-vs-lsm', '--n', '1000']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('write amplification');
    expect(run.stdout).toContain('RUM conjecture');
  });

  it.each([
    [
      ['btree-vs-lsm', '--workload', 'inserts'],
      /unknown workload 'inserts' \(did you mean 'insert'\?\); the workloads are insert, update/,
    ],
    [['btree-vs-lsm', '--n', '0'], /--n must be a whole number from 1 to 200,000; got '0'/],
    [['btree-vs-lsm', '--n', 'many'], /--n must be a whole number/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runDbplay(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
