/**
 * Issue 12, items 11 and 12, and the `explain reset` confirmation of item 19: progress is
 * never lost to concurrent commands; a state folder that cannot be written is one clear
 * line (exit 2) for commands whose point is the progress, and a warning under the grade
 * for `answer`, whose grade still counts; `reset` asks before forgetting.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const cache = join(tmpdir(), 'dbplay-explain-test-cache');
let scratch: string;

const explain = (args: string[], state: string) =>
  runDbplay(['explain', ...args], { env: { DBPLAY_CACHE: cache, DBPLAY_STATE: state } });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dbplay-explain-progress-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('concurrent commands', () => {
  it('lose no progress update when eight run at once', async () => {
    const state = join(scratch, 'concurrent');
    const exercises = ['1', '2', '3', '4', '5', '6', '7', '8'];
    const runs = await Promise.all(exercises.map((number) => explain(['hint', number], state)));
    expect(runs.map((run) => run.code)).toEqual(exercises.map(() => 0));
    const progress = JSON.parse(await readFile(join(state, 'explain-progress.json'), 'utf8')) as {
      exercises: Record<string, { hintsShown: number }>;
    };
    expect(Object.values(progress.exercises).map((e) => e.hintsShown)).toEqual(exercises.map(() => 1));
  });
});

describe('a state folder that cannot be written', () => {
  it('is one clear line, exit 2, when the command’s point is the progress', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a folder\n');
    const run = await explain(['hint', '1'], file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `dbplay: cannot write the progress file ${file}/explain-progress.json (a part of the path is a file, not a folder) (set DBPLAY_STATE to a folder you can write)\n`,
    );
  });

  it('is one clear line when the progress file is a folder', async () => {
    const state = join(scratch, 'folder-state');
    await mkdir(join(state, 'explain-progress.json'), { recursive: true });
    const run = await explain(['progress'], state);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `dbplay: cannot read the progress file ${state}/explain-progress.json (it is a folder) (set DBPLAY_STATE to a folder you can write)\n`,
    );
  });

  it('still prints the grade of an answer, with a warning that progress was not saved', async () => {
    const file = join(scratch, 'a-file');
    const run = await explain(['answer', '3', '--q', 'total-cost=363'], file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Passed: 1 of 1 correct.');
    expect(run.stderr).toContain(
      'dbplay: warning: your progress was not saved: cannot write the progress file',
    );
  });
});

describe('explain reset', () => {
  it('refuses to forget progress without --yes when there is no terminal to ask on', async () => {
    const state = join(scratch, 'reset');
    await explain(['hint', '1'], state);
    const run = await explain(['reset'], state);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dbplay: explain reset forgets all your EXPLAIN progress; add --yes to confirm\n',
    );
    const kept = JSON.parse(await readFile(join(state, 'explain-progress.json'), 'utf8')) as {
      exercises: Record<string, unknown>;
    };
    expect(Object.keys(kept.exercises)).toEqual(['reading-a-plan']);
    const confirmed = await explain(['reset', '--yes'], state);
    expect(confirmed.stdout).toBe('Progress reset: 1 exercises forgotten.\n');
  });
});
