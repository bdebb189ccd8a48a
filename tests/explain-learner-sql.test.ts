/**
 * Issue 12, items 2, 3 and 4: learner SQL runs with the least rights and cannot escape.
 * COPY to a program or a file, the server-file functions and role changes are refused
 * with a clear message on PGlite and on a server by URL (the embedded PostgreSQL server
 * stands in for one); a planner setting changed by any spelling is caught by its effect;
 * and a class with one hostile answer file still gets its report.
 */
import { access, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@dbplay/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runDbplay } from './run-cli.ts';

const cache = join(tmpdir(), 'dbplay-explain-test-cache');
let scratch: string;
let pwned: string;

const explain = (args: string[]) =>
  runDbplay(['explain', ...args], { env: { DBPLAY_CACHE: cache, DBPLAY_STATE: scratch } });

async function sqlFile(name: string, text: string): Promise<string> {
  const file = join(scratch, name);
  await writeFile(file, text);
  return file;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'dbplay-explain-learner-sql-'));
  pwned = join(scratch, 'pwned');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('learner SQL on PGlite', () => {
  it('refuses COPY … TO PROGRAM with a clear message, runs nothing, and does not crash', async () => {
    const fix = await sqlFile(
      'program.sql',
      `create index on orders (customer_id);\ncopy (select 1) to program 'id > ${pwned}';\n`,
    );
    const run = await explain(['answer', '15', '--sql', fix]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ fix: line 2: COPY to or from a program runs a shell command on the server: refused',
    );
    expect(run.stderr).not.toMatch(/bug/);
    expect(await exists(pwned)).toBe(false);
  });

  it.each([
    [`copy orders to '${join(tmpdir(), 'dbplay-orders.csv')}';\n`, 'COPY to or from a file'],
    [`select pg_read_file('/etc/passwd');\n`, 'functions that reach server files'],
    [`select lo_import('/etc/passwd');\n`, 'functions that reach server files'],
    ['reset role;\n', 'changing the role'],
    [`do $$ begin execute 'reset ' || 'role'; end $$;\n`, 'code blocks, functions'],
  ])('refuses %j', async (sql, reason) => {
    const run = await explain(['answer', '15', '--sql', await sqlFile('refused.sql', sql)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(reason);
  });

  it('catches a planner setting changed by any spelling, by its effect (exercise 26)', async () => {
    // Quoted inside CREATE TABLE AS: refused by its text …
    const quoted = await sqlFile(
      'quoted.sql',
      `create table x as select "set_config"('enable_seqscan', 'off', false);\n`,
    );
    const first = await explain(['answer', '26', '--sql', quoted]);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(
      /✗ fix: line 1: changing the role or session user, or settings by set_config/,
    );
    // … and a plain SET of a setting the exercise does not allow, by what it did.
    const set = await sqlFile('set.sql', 'set enable_seqscan = off;\n');
    const second = await explain(['answer', '26', '--sql', set]);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('changing enable_seqscan hides the problem');
  });

  it('grades the rest of a class when one student sends COPY … TO PROGRAM, and says so in that row', async () => {
    const folder = join(scratch, 'class');
    await cp(join(repoRoot, 'tests', 'fixtures', 'explain'), folder, { recursive: true });
    await writeFile(
      join(folder, 'mallory.yaml'),
      `student: Mallory\nexercises:\n  missing-fk-index:\n    fix: |\n      copy (select 1) to program 'id > ${pwned}';\n  reading-a-plan:\n    top-node: lots\n`,
    );
    const run = await explain(['grade', folder, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { students: { student: string; passed: number }[] };
    expect(report.students.map((s) => s.student)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Mallory']);
    expect(report.students[0]?.passed).toBe(2);
    expect(await exists(pwned)).toBe(false);
  });
});

describe('learner SQL on a server by URL', () => {
  let server: EmbeddedPostgres;

  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('refuses COPY … TO PROGRAM there too, and a right fix still passes as the learner role', async () => {
    const hostile = await sqlFile('server-program.sql', `copy (select 1) to program 'id > ${pwned}';\n`);
    const run = await explain(['answer', '15', '--sql', hostile, '--url', server.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('COPY to or from a program runs a shell command on the server: refused');
    expect(await exists(pwned)).toBe(false);
    const right = await sqlFile('server-right.sql', 'create index on orders (customer_id);\n');
    const pass = await explain(['answer', '15', '--sql', right, '--url', server.url]);
    expect(pass.stdout).toContain('✓ fix: Fixed');
    expect(pass.code).toBe(0);
  });
});
