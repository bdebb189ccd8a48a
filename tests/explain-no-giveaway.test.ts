/**
 * Issue 12, item 14: grading gives nothing away. A wrong answer is called wrong and the
 * next hint offered; the answer of a question not attempted is never printed; the right
 * answers and the explanation come only with a pass, `--reveal` or `explain solution`,
 * and asking is recorded in the progress. An answer in the wrong form is bad input
 * (exit 2, the expected form) and is not counted as an attempt.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const cache = join(tmpdir(), 'dbplay-explain-test-cache');
let state: string;

const explain = (args: string[]) =>
  runDbplay(['explain', ...args], { env: { DBPLAY_CACHE: cache, DBPLAY_STATE: state } });

interface ProgressJson {
  exercises: { id: string; attempts: number; revealed: boolean; status: string }[];
}
const progressOf = async (id: string) =>
  (JSON.parse((await explain(['progress', '--json'])).stdout) as ProgressJson).exercises.find(
    (exercise) => exercise.id === id,
  );

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'dbplay-explain-giveaway-'));
});

afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('grading gives nothing away', () => {
  it('says a wrong answer is wrong, offers the next hint, and prints no right answer or explanation', async () => {
    const run = await explain(['answer', '1', '--q', 'hashed-table=orders']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ hashed-table: Not orders.\n');
    expect(run.stdout).toContain('✗ top-node: Not answered.\n');
    expect(run.stdout).toContain('✗ orders-scan: Not answered.\n');
    // The answers: customers, Hash Join, Seq Scan; none of them may appear.
    expect(run.stdout).not.toMatch(/customers|Hash Join|Seq Scan|Explanation|Read more/);
    expect(run.stdout).toContain('Stuck? dbplay explain hint 1 (hint 1 of 3)');
    expect(run.stdout).toContain('dbplay explain solution 1');

    const json = await explain(['answer', '1', '--q', 'hashed-table=orders', '--json']);
    expect(json.stdout).not.toMatch(/customers|Hash Join|Seq Scan/);
    const document = JSON.parse(json.stdout) as {
      revealed: boolean;
      explanation: string | null;
      questions: { expected: string | null; answer: string | null }[];
    };
    expect(document).toMatchObject({ revealed: false, explanation: null });
    expect(document.questions.every((q) => q.expected === null && q.answer === null)).toBe(true);
  });

  it('shows the right answers and the explanation with --reveal, and records that they were shown', async () => {
    const run = await explain(['answer', '3', '--q', 'total-cost=100', '--reveal']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ total-cost: Not 100.');
    expect(run.stdout).toContain('The planner says 363 (answers within ± 0.5 count).');
    expect(run.stdout).toContain('Explanation');
    expect(await progressOf('seq-scan-cost')).toMatchObject({ attempts: 1, revealed: true });
  });

  it('shows an exercise’s solution on request, and records it', async () => {
    const run = await explain(['solution', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('top-node: Hash Join');
    expect(run.stdout).toContain('Explanation');
    expect(await progressOf('reading-a-plan')).toMatchObject({ revealed: true });
    const table = await explain(['progress']);
    expect(table.stdout).toMatch(/answers shown/);
  });
});

describe('an answer in the wrong form is bad input, not an attempt', () => {
  it.each([
    [
      ['answer', '3', '--q', 'total-cost=abc'],
      "dbplay: the answer to total-cost, 'abc', is not a number: total-cost takes a number, like total-cost=1234.5 (answers within ± 0.5 count) (a malformed answer is not counted as an attempt)",
    ],
    [
      ['answer', '8', '--q', 'seq-scan-despite-index=z'],
      "dbplay: the answer to seq-scan-despite-index, 'z', is not one of its options: answer seq-scan-despite-index with a, b, c (a malformed answer is not counted as an attempt)",
    ],
    [
      ['answer', '8', '--q', 'seq-scan-despit-index=a'],
      "dbplay: exercise 8 has no question 'seq-scan-despit-index' (did you mean 'seq-scan-despite-index'?); its questions are this-query, seq-scan-despite-index",
    ],
  ])('%j exits 2 with the expected form', async (args, message) => {
    const run = await explain(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
    expect(await progressOf('selectivity-scan-choice')).toBeUndefined();
  });

  it('did not count the malformed answer to exercise 3 either', async () => {
    expect(await progressOf('seq-scan-cost')).toMatchObject({ attempts: 1 });
  });
});
