/**
 * The learner's files: answer files (one exercise, or a whole class's format) and the
 * progress file, including what happens to one that cannot be read.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '@dbplay/core';
import { loadProgress, progressOf, recordAttempt, saveProgress, withExercise } from '@dbplay/explain';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnswerFile } from '../src/exercises/answers-file.ts';

describe('answer files', () => {
  it('reads the class format: a student and answers by exercise', () => {
    const file = parseAnswerFile(
      'student: Ada Lovelace\nexercises:\n  seq-scan-cost:\n    total-cost: 363\n  15:\n    fix: |\n      create index on orders (customer_id);\n',
      '/class/ada.yaml',
    );
    expect(file.student).toBe('Ada Lovelace');
    expect(file.flat).toBeUndefined();
    expect(Object.fromEntries(file.exercises)).toEqual({
      'seq-scan-cost': { 'total-cost': '363' },
      '15': { fix: 'create index on orders (customer_id);\n' },
    });
  });

  it('reads the one-exercise format, and names the student after the file', () => {
    const file = parseAnswerFile('top-node: Hash Join\nhashed-table: customers\n', '/answers/grace.yml');
    expect(file.student).toBe('grace');
    expect(file.flat).toEqual({ 'top-node': 'Hash Join', 'hashed-table': 'customers' });
  });

  it.each([
    ['student: [x\n', '/a.yaml:2: not valid YAML'],
    ['- a\n- b\n', '/a.yaml:1: an answer file is a mapping'],
    ['exercises:\n  1:\n    q: [1, 2]\n', '/a.yaml:3: exercises.1.q: an answer is a single value'],
    ['exercises:\n  1: 42\n', '/a.yaml:2: exercises.1: must map question names to answers'],
    ['exercises: {}\nstudnt: x\n', "/a.yaml:2: studnt: unknown field (did you mean 'student'?)"],
    [
      'student: &s Ada\nexercises:\n  1:\n    q: *s\n',
      '/a.yaml:4: YAML aliases are not supported (*s at line 4)',
    ],
  ])('reports %j with its line', (text, message) => {
    let error: unknown;
    try {
      parseAnswerFile(text, '/a.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).oneLine()).toContain(message);
  });
});

describe('the progress file', () => {
  const now = new Date('2026-01-02T03:04:05.678Z');
  const folders: string[] = [];
  const newFolder = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dbplay-progress-'));
    folders.push(folder);
    return folder;
  };
  afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it('starts empty, records attempts and hints, and survives a round trip', async () => {
    const file = join(await newFolder(), 'nested', 'explain-progress.json');
    const empty = await loadProgress(file, now);
    expect(empty).toEqual({ progress: { exercises: {} }, backedUpTo: undefined });
    let progress = recordAttempt(empty.progress, 'loops', 1, 3);
    progress = withExercise(progress, 'loops', { ...progressOf(progress, 'loops'), hintsShown: 2 });
    progress = recordAttempt(progress, 'loops', 3, 3);
    progress = recordAttempt(progress, 'loops', 0, 3);
    expect(progressOf(progress, 'loops')).toEqual({
      status: 'passed',
      attempts: 3,
      hintsShown: 2,
      bestCorrect: 3,
      total: 3,
      revealed: false,
    });
    expect(progressOf(progress, 'other').status).toBe('new');
    await saveProgress(file, progress);
    expect((await loadProgress(file, now)).progress).toEqual(progress);
  });

  it.each([
    ['not JSON', '{"version": 1, "exercises": '],
    ['another version', '{"version": 9, "exercises": {}}'],
    ['a bad entry', '{"version": 1, "exercises": {"loops": {"status": "done", "attempts": 1}}}'],
  ])('moves a corrupt file (%s) aside instead of wiping it', async (_label, text) => {
    const folder = await newFolder();
    const file = join(folder, 'explain-progress.json');
    await writeFile(file, text);
    const loaded = await loadProgress(file, now);
    expect(loaded.progress).toEqual({ exercises: {} });
    expect(loaded.backedUpTo).toBe(`${file}.corrupt-2026-01-02T03-04-05-678Z`);
    expect(await readdir(folder)).toEqual(['explain-progress.json.corrupt-2026-01-02T03-04-05-678Z']);
    expect(await readFile(loaded.backedUpTo as string, 'utf8')).toBe(text);
  });
});
