/**
 * `dbplay explain` end to end: the real binary as a child process, PGlite underneath, a
 * temporary state folder for progress and the shared test cache for datasets; and once,
 * the same exercises on a real PostgreSQL server through --url.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The root package does not depend on @dbplay/engines by name; the test starts its server directly.
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@dbplay/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runDbplay } from './run-cli.ts';

const cache = join(tmpdir(), 'dbplay-explain-test-cache');
const shipped = join(repoRoot, 'exercises', 'explain');
const fixtures = join(repoRoot, 'tests', 'fixtures', 'explain');
let state: string;
let scratch: string;

const explain = (args: string[], env: Record<string, string> = {}) =>
  runDbplay(['explain', ...args], { env: { DBPLAY_CACHE: cache, DBPLAY_STATE: state, ...env } });
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'dbplay-explain-state-'));
  scratch = await mkdtemp(join(tmpdir(), 'dbplay-explain-scratch-'));
});

afterAll(async () => {
  await rm(state, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('dbplay explain: learning', () => {
  it('lists the path of exercises, as a table and as JSON', async () => {
    const table = await explain(['list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /│ +1 │ reading-a-plan +│ Reading a plan from the leaves up +│ reading the plan tree +│ ★☆☆☆☆ +│ +│/,
    );
    expect(table.stdout).toContain('0 of 52 passed. Start with: dbplay explain show 1');
    const json = await explain(['list', '--json']);
    const document = JSON.parse(json.stdout) as { ok: boolean; exercises: { id: string; status: string }[] };
    expect(document.exercises).toHaveLength(52);
    expect(document.exercises[0]).toMatchObject({
      id: 'reading-a-plan',
      status: 'new',
      difficulty: 1,
      dataset: 'shop',
    });
    expect(json.stderr).toBe('');
  });

  it('shows an exercise with its tables, query, plan and questions', async () => {
    const run = await explain(['show', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exercise 1: Reading a plan from the leaves up');
    expect(run.stdout).toContain('  orders (100,000 rows, 1,695 pages)');
    expect(run.stdout).toContain(
      'Hash Join  cost 613.00..3560.62  rows 1,000  width 20\n│   Hash Cond: (o.customer_id = c.id)\n├─ Seq Scan on orders o',
    );
    expect(run.stdout).toContain('  top-node (name): Which node is at the top of the plan');
    expect(run.stdout).toContain(
      'Answer with: dbplay explain answer 1 --q top-node=… --q hashed-table=… --q orders-scan=…',
    );
  });

  it('hides a plan to be predicted, and never puts an answer in the JSON', async () => {
    const run = await explain(['show', 'seq-scan-cost', '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as {
      exercise: { plan: unknown; facts: unknown[]; questions: unknown[] };
    };
    expect(document.exercise.plan).toBeNull();
    expect(document.exercise.facts).toHaveLength(4);
    expect(run.stdout).not.toMatch(/reference|"expect"|363/);
  });

  it('grades answers: exit 1 with feedback and the explanation, exit 0 when all are right', async () => {
    const wrong = await explain(['answer', '1', '--q', 'top-node=Nested Loop']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('✗ top-node: Not Nested Loop.\n');
    expect(wrong.stdout).toContain('Not yet: 0 of 3 correct.');
    expect(wrong.stdout).not.toContain('Hash Join');
    expect(wrong.stdout).not.toContain('Read more:');

    const answers = join(scratch, 'answers-1.yaml');
    await writeFile(answers, 'top-node: hash join\nhashed-table: customers\n');
    const right = await explain(['answer', '1', '--answers', answers, '--q', 'orders-scan=seq scan']);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('Passed: 3 of 3 correct.');
    expect(right.stdout).toContain(
      'Read more: https://www.postgresql.org/docs/18/using-explain.html#USING-EXPLAIN-BASICS',
    );

    const progress = JSON.parse((await explain(['progress', '--json'])).stdout) as {
      passed: number;
      exercises: { id: string; status: string; attempts: number }[];
    };
    expect(progress.passed).toBe(1);
    expect(progress.exercises[0]).toMatchObject({ id: 'reading-a-plan', status: 'passed', attempts: 2 });
  });

  it('grades a fix from a SQL file, drawing the plan after it', async () => {
    const fix = join(scratch, 'fix.sql');
    await writeFile(fix, '-- index the foreign key\ncreate index on orders (customer_id);\n');
    const run = await explain(['answer', '15', '--sql', fix]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ fix: Fixed: the plan now meets all 3 conditions.');
    expect(run.stdout).toContain('    ✓ the plan has no Seq Scan on orders');
    expect(run.stdout).toMatch(/Plan after your fix\n +Nested Loop {2}cost/);
    const json = await explain(['answer', '15', '--sql', fix, '--json']);
    const document = JSON.parse(json.stdout) as {
      passed: boolean;
      questions: { fix: { costBefore: number; costAfter: number } }[];
    };
    expect(document.passed).toBe(true);
    expect(document.questions[0]?.fix.costBefore).toBe(2953.36);
    expect(document.questions[0]?.fix.costAfter).toBeLessThan(100);
  });

  it('stops a runaway query at the time limit and says so', async () => {
    const runaway = join(scratch, 'runaway.sql');
    await writeFile(runaway, 'select count(*) from orders a, orders b, orders c;\n');
    const run = await explain(['answer', 'function-on-column', '--sql', runaway, '--time-limit', '1000']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✗ fix: Your SQL was stopped after 1000 ms: it ran longer than its time limit (--time-limit); the grader's own work has a budget of its own.",
    );
  });

  it('gives hints one at a time, and remembers them', async () => {
    const first = await explain(['hint', '3']);
    expect(lines(first.stdout)).toEqual([
      'Hint 1 of 2: Multiply the pages by seq_page_cost (1.0), and the rows by cpu_tuple_cost (0.01).',
    ]);
    const second = await explain(['hint', '3', '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({
      hints: [expect.any(String), '163 × 1.0 + 20,000 × 0.01.'],
      remaining: 0,
    });
    const third = await explain(['hint', '3']);
    expect(third.stdout).toContain('That was the last hint.');
  });

  it('resets progress', async () => {
    const one = await explain(['reset', '1', '--yes']);
    expect(one.stdout).toBe('Progress of exercise 1 (reading-a-plan) reset.\n');
    const all = await explain(['reset', '--yes']);
    expect(all.code).toBe(0);
    expect(
      (JSON.parse((await explain(['progress', '--json'])).stdout) as { exercises: unknown[] }).exercises,
    ).toEqual([]);
  });

  it('backs up a corrupt progress file and says where, instead of wiping it', async () => {
    await writeFile(join(state, 'explain-progress.json'), '{ half a file');
    const run = await explain(['list']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^dbplay: warning: the progress file .*explain-progress\.json could not be read; it was moved to .*explain-progress\.json\.corrupt-\S+ and progress starts afresh\n$/,
    );
    const backups = (await readdir(state)).filter((name) => name.includes('.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(state, backups[0] as string), 'utf8')).toBe('{ half a file');
  });

  it('prints psql’s own text plan beside the drawing with --format text', async () => {
    const run = await explain(['plan', 'select count(*) from orders', '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Aggregate {2}cost 2854\.29\.\.2854\.30/);
    expect(run.stdout).toContain("psql's text plan (EXPLAIN)");
    expect(run.stdout).toMatch(
      /\n {2}Aggregate {2}\(cost=2854\.29\.\.2854\.30 rows=1 width=8\)\n {4}-> {2}Index Only Scan/,
    );
    const bad = await explain(['plan', 'select 1', '--format', 'yaml']);
    expect(bad.code).toBe(2);
  });

  it('draws any query in the playground, with notes', async () => {
    const run = await explain(['plan', 'select * from orders where customer_id = 4242', '--analyze']);
    expect(run.code).toBe(0);
    // With ANALYZE: each node's loops and actual time, and the mark goes by time (issue 16).
    expect(run.stdout).toMatch(
      /Seq Scan on orders {2}cost 0\.00\.\.2945\.00 {2}rows 5 est → 7 actual {2}loops 1 {2}time \d+\.\d{3}\.\.\d+\.\d{3} ms {2}width 96/,
    );
    expect(run.stdout).toContain(
      'an index on (customer_id) would let PostgreSQL read only the matching rows.',
    );
    const json = await explain([
      'plan',
      'select * from events where payload @> \'{"device": "tv"}\'',
      '--dataset',
      'events',
      '--json',
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      dataset: 'events',
      plan: { root: { name: 'Seq Scan', relation: 'events' } },
    });
  });
});

describe('dbplay explain: bad input', () => {
  it.each([
    [['show', '99'], "dbplay: no exercise '99'; exercises are numbered 1 to 52 (see 'dbplay explain list')"],
    [
      ['show', 'loop'],
      "dbplay: no exercise 'loop' (did you mean 'loops'?); exercises are numbered 1 to 52 (see 'dbplay explain list')",
    ],
    [
      ['answer', '1'],
      "dbplay: no answers given (use --q NAME=VALUE, --answers FILE.yaml or --sql FILE.sql; see 'dbplay explain show 1' (or 'dbplay explain solution 1' for the answers))",
    ],
    [
      ['answer', '1', '--q', 'topnode=Hash Join'],
      "dbplay: exercise 1 has no question 'topnode' (did you mean 'top-node'?); its questions are top-node, hashed-table, orders-scan",
    ],
    [['answer', '1', '--q', 'top-node'], "dbplay: --q needs NAME=VALUE, got 'top-node'"],
    [['answer', '1', '--sql', 'fix.sql'], 'dbplay: exercise 1 has no fix question; --sql is for fixes'],
    [['answer', '15', '--sql', '/nonexistent/fix.sql'], 'dbplay: --sql: cannot read /nonexistent/fix.sql'],
    [
      ['answer', '15', '--time-limit', 'soon'],
      "dbplay: --time-limit needs a whole number, at least 1; got 'soon'",
    ],
    [
      ['plan', 'select 1', '--dataset', 'shp'],
      "dbplay: no dataset 'shp' (did you mean 'shop'?); the datasets are events, people, shop",
    ],
    [['plan', 'selec 1'], 'dbplay: syntax error at or near "selec"'],
    [['grade', '/nonexistent-folder'], 'dbplay: cannot read the folder of answer files /nonexistent-folder'],
    [
      ['grade', '.', '--report', 'report.txt'],
      // A path in an error is the absolute one tried (issue 12 item 17); the CLI runs in repoRoot.
      `dbplay: --report writes FILE.md or FILE.json, not ${join(repoRoot, 'report.txt')}`,
    ],
  ])('%j exits 2 with one line', async (args, message) => {
    const run = await explain(args as string[]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([message]);
  });

  it('says when an answer file has nothing for the exercise', async () => {
    const answers = join(scratch, 'other.yaml');
    await writeFile(answers, 'exercises:\n  loops:\n    loops: 101\n');
    const run = await explain(['answer', '1', '--answers', answers]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([`dbplay: ${answers} has no answers for exercise 1 (reading-a-plan)`]);
  });

  it('reports a dataset script that fails to build, with its file, exit 2', async () => {
    const folder = join(scratch, 'bad-dataset');
    await mkdir(join(folder, 'datasets'), { recursive: true });
    await writeFile(
      join(folder, 'datasets', 'shop.sql'),
      '-- broken\ncreate table orders (id int);\ninsert into ordrs values (1);\n',
    );
    await cp(join(shipped, '03-seq-scan-cost.yaml'), join(folder, '03-seq-scan-cost.yaml'));
    const run = await explain(['show', '3', '--exercises', folder], {
      DBPLAY_CACHE: join(scratch, 'bad-dataset-cache'),
    });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `dbplay: ${folder}/datasets/shop.sql:1: dataset shop failed to build: relation "ordrs" does not exist`,
    ]);
  });

  it('reports a malformed exercise file with its file, line and field, exit 2', async () => {
    const folder = join(scratch, 'bad-exercises');
    await mkdir(join(folder, 'datasets'), { recursive: true });
    await cp(join(shipped, 'datasets', 'shop.sql'), join(folder, 'datasets', 'shop.sql'));
    const text = (await readFile(join(shipped, '03-seq-scan-cost.yaml'), 'utf8')).replace(
      'difficulty: 2',
      'dificulty: 2',
    );
    await writeFile(join(folder, '03-seq-scan-cost.yaml'), text);
    const run = await explain(['list', '--exercises', folder]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      `dbplay: ${folder}/03-seq-scan-cost.yaml:4: dificulty: unknown field (did you mean 'difficulty'?) (the fields here are id, title, topic, difficulty, dataset, checked_on, setup, query, explain, show_plan, prompt, facts, questions, hints, explanation, docs)`,
    ]);
    const validate = await explain(['validate', join(folder, '03-seq-scan-cost.yaml')]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('03-seq-scan-cost.yaml:4: dificulty: unknown field');
  });
  it('refuses a YAML alias at its line, in an exercise file and in an answer file, exit 2', async () => {
    const folder = join(scratch, 'alias-exercises');
    await mkdir(join(folder, 'datasets'), { recursive: true });
    await cp(join(shipped, 'datasets', 'shop.sql'), join(folder, 'datasets', 'shop.sql'));
    const text = (await readFile(join(shipped, '03-seq-scan-cost.yaml'), 'utf8')).replace(
      /^topic: .*$/m,
      'topic: *shared-topic',
    );
    const file = join(folder, '03-seq-scan-cost.yaml');
    await writeFile(file, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('topic:')) + 1;
    const list = await explain(['list', '--exercises', folder]);
    expect(list.code).toBe(2);
    expect(lines(list.stderr)).toEqual([
      `dbplay: ${file}:${line}: YAML aliases are not supported (*shared-topic at line ${line}) (write the value out in full where it is used)`,
    ]);
    const answers = join(scratch, 'alias-answers.yaml');
    await writeFile(answers, 'cost: &c 461\ntotal-cost: *c\n');
    const answer = await explain(['answer', '3', '--answers', answers]);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toContain(`${answers}:2: YAML aliases are not supported (*c at line 2)`);
  });
});

describe('dbplay explain: authors and instructors', () => {
  it('validates exercises on two fresh instances and fails an exercise whose reference is wrong', async () => {
    const folder = join(scratch, 'authored');
    await mkdir(join(folder, 'datasets'), { recursive: true });
    await cp(join(shipped, 'datasets', 'shop.sql'), join(folder, 'datasets', 'shop.sql'));
    await cp(join(shipped, '03-seq-scan-cost.yaml'), join(folder, '01-seq-scan-cost.yaml'));
    const wrong = (await readFile(join(shipped, '15-missing-fk-index.yaml'), 'utf8')).replace(
      'create index orders_customer_id_idx on orders (customer_id);',
      'create index orders_status_idx on orders (status);',
    );
    await writeFile(join(folder, '02-missing-fk-index.yaml'), wrong);
    const ambiguous = (await readFile(join(shipped, '01-reading-a-plan.yaml'), 'utf8'))
      .replace('id: reading-a-plan', 'id: ambiguous')
      .replace('expect: { relation: orders, field: node }', 'expect: { node: Seq Scan, field: node }');
    await writeFile(join(folder, '03-ambiguous.yaml'), ambiguous);
    const badSetup = (await readFile(join(shipped, '09-low-cardinality.yaml'), 'utf8'))
      .replace('id: low-cardinality', 'id: bad-setup')
      .replace('on orders (status)', 'on orders (statuss)');
    await writeFile(join(folder, '04-bad-setup.yaml'), badSetup);
    const run = await explain(['validate', '--exercises', folder]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '03-ambiguous.yaml: Seq Scan matches 2 nodes of the plan; a measure needs exactly one',
    );
    expect(run.stdout).toContain(
      '04-bad-setup.yaml:1: the setup of exercise bad-setup failed: column "statuss" does not exist',
    );
    expect(run.stdout).toMatch(/│ 1 │ seq-scan-cost +│ the seq-scan cost formula +│ ✓ +│ ✓ +│ ✓ +│/);
    expect(run.stdout).toMatch(/│ 2 │ missing-fk-index +│ .* +│ ✗ +│ ✓ +│ ✓ +│/);
    expect(run.stdout).toContain(
      '02-missing-fk-index.yaml: instance A: the reference answer to fix fails: Not yet: the plan misses 2 of 3 conditions.',
    );
    expect(run.stdout).toContain('3 of 4 exercises failed validation.');
  });

  it('grades a class into a per-student and per-exercise report', async () => {
    const folder = join(scratch, 'class');
    await cp(fixtures, folder, { recursive: true });
    // Written here, not kept in the repository: Biome checks YAML files, and this one is broken on purpose.
    await writeFile(join(folder, 'broken.yaml'), 'student: [Nobody\n');
    const report = join(scratch, 'report.md');
    const run = await explain(['grade', folder, '--report', report]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ Ada Lovelace +│ +2\/2 │ +100% │/);
    expect(run.stdout).toMatch(/│ Grace Hopper +│ +0\/2 │ +25% │/);
    expect(run.stdout).toMatch(/│ .*broken\.yaml +│ +0\/2 │ +0% │ .*broken\.yaml:2: not valid YAML/);
    const markdown = await readFile(report, 'utf8');
    expect(markdown).toContain(
      '| Grace Hopper | 0/2 | 25% | reading-a-plan (top-node, orders-scan); missing-fk-index (not answered) |  |',
    );
    expect(markdown).toContain(
      '| 1 | reading-a-plan: Reading a plan from the leaves up | 2 | 1 | 44% | top-node (2 wrong) |',
    );
    const json = await explain(['grade', folder, '--json']);
    const document = JSON.parse(json.stdout) as { students: { student: string; score: number }[] };
    expect(document.students.map((s) => s.student)).toEqual([
      'Ada Lovelace',
      expect.stringMatching(/broken\.yaml$/),
      'Grace Hopper',
    ]);
  });
});

describe('dbplay explain --url: the same exercises on a PostgreSQL server', () => {
  let server: EmbeddedPostgres;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('shows and grades exercises on the server, and validates them there', async () => {
    const show = await explain(['show', '1', '--url', server.url]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /PostgreSQL 18\.\d+ at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres/,
    );
    expect(show.stdout).not.toContain(server.url);
    expect(show.stdout).toContain('Hash Join  cost 613.00..3560.62  rows 1,000  width 20');

    const fix = join(scratch, 'fix-url.sql');
    await writeFile(fix, 'create index on orders (customer_id);\n');
    const answer = await explain(['answer', '15', '--sql', fix, '--url', server.url]);
    expect(answer.code).toBe(0);

    const validate = await explain(['validate', '1', '15', '29', '--url', server.url]);
    expect(validate.stdout).toContain('All 3 exercises are valid.');
    expect(validate.code).toBe(0);
  });

  it('exits 3 when the server cannot be reached', async () => {
    const run = await explain(['show', '1', '--url', 'postgres://me:secret@127.0.0.1:1/db']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('could not connect to postgres://me:***@127.0.0.1:1/db');
    expect(run.stderr).not.toContain('secret');
  });
});
