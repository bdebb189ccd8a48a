/**
 * Issue 12, item 13: the learner's SQL and the grader's own work have separate time
 * budgets. A correct answer is not failed because the machine is busy, the message says
 * which budget ran out. That `validate` passes with two CPU-bound processes running beside it
 * is a timing, so it is measured by `pnpm bench explain-under-load`, not here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const cache = join(tmpdir(), 'dbplay-explain-test-cache');
let state: string;

const explain = (args: string[]) =>
  runDbplay(['explain', ...args], { env: { DBPLAY_CACHE: cache, DBPLAY_STATE: state } });

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'dbplay-explain-budget-'));
});

afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('time budgets: the learner’s SQL and the grader’s work', () => {
  it('charges a one-line SET to the learner, not the grader’s EXPLAIN ANALYZE after it', async () => {
    const fix = join(state, 'work-mem.sql');
    await writeFile(fix, "set work_mem = '32MB';\n");
    // 200 ms is plenty for a SET, and far less than the EXPLAIN ANALYZE of the sort takes.
    const run = await explain(['answer', '36', '--sql', fix, '--time-limit', '200', '--json']);
    const document = JSON.parse(run.stdout) as {
      passed: boolean;
      questions: {
        kind: string;
        correct: boolean;
        fix?: { timedOut: string | false; timeLimitMs: number };
      }[];
    };
    const fixQuestion = document.questions.find((question) => question.kind === 'fix');
    expect(fixQuestion).toMatchObject({ correct: true, fix: { timedOut: false, timeLimitMs: 200 } });
  }, 300_000);

  it('says it was the learner’s SQL that ran out, when it was', async () => {
    const fix = join(state, 'slow.sql');
    await writeFile(fix, 'select count(*) from orders a, orders b, orders c;\n');
    const run = await explain(['answer', 'function-on-column', '--sql', fix, '--time-limit', '500']);
    expect(run.stdout).toContain('Your SQL was stopped after 500 ms');
    expect(run.stdout).toContain("the grader's own work has a budget of its own");
    expect(run.code).toBe(1);
  }, 300_000);
});
