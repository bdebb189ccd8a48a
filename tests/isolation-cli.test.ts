/**
 * `dbplay isolation …` as a user runs it: the catalog, a story, runs on both engines with the
 * `--json` document the issue specifies, and every error path with its exit code: a malformed
 * spec (2, with file and line), a misspelt scenario, level or engine (2, with a suggestion),
 * and a server that cannot be reached (3, with the reason and the URL, password hidden).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const scratch = mkdtempSync(join(tmpdir(), 'dbplay-specs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function specFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

interface RunJson {
  scenario: string;
  engine: string;
  level: string;
  permutations: {
    permutation: string[];
    steps: {
      step: string;
      session: string;
      sql: string;
      status: string;
      rows: Record<string, unknown>[] | null;
      error: { code: string; message: string } | null;
      waitedFor: string[];
    }[];
    final: Record<string, Record<string, unknown>[]>;
    verdict: {
      serializable: boolean;
      committed: string[];
      aborted: string[];
      explanation: string[];
      outcome: string;
    };
  }[];
}

describe('dbplay isolation list and show', () => {
  it('lists the catalog as one JSON document', async () => {
    const run = await runDbplay(['isolation', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const { scenarios } = JSON.parse(run.stdout) as {
      scenarios: { id: string; anomaly: string; title: string; engines: string[] }[];
    };
    expect(scenarios).toHaveLength(38);
    expect(scenarios.find((s) => s.id === 'g2-item')).toMatchObject({
      anomaly: 'G2-item',
      title: 'Write skew (Hermitage g2-item)',
      engines: ['postgres', 'sqlite', 'model'],
    });
  });

  it('tells the story and draws the schedule in swim lanes', async () => {
    const run = await runDbplay(['isolation', 'show', 'doctors-on-call']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('story:   Alice and Bob are both on call and both feel unwell.');
    expect(run.stdout).toContain('│ # │ T1');
    expect(run.stdout).toMatch(/│ 3 │ s1off\s+│/);
  });
});

describe('dbplay isolation run', () => {
  it('prints the issue’s JSON shape: steps with status, rows and error, the final state, the verdict', async () => {
    const run = await runDbplay([
      'isolation',
      'run',
      'p4',
      '--engine',
      'sqlite',
      '--level',
      'deferred',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as RunJson;
    expect(report).toMatchObject({ scenario: 'p4', engine: 'sqlite', level: 'deferred' });
    const [permutation] = report.permutations;
    expect(permutation?.steps.map((s) => [s.step, s.session, s.status, s.error?.code ?? null])).toEqual([
      ['s1r1', 'T1', 'ok', null],
      ['s2r1', 'T2', 'ok', null],
      ['s1w1', 'T1', 'ok', null],
      ['s2w1', 'T2', 'error', 'SQLITE_BUSY_SNAPSHOT'],
      ['s1c', 'T1', 'ok', null],
      ['s2c', 'T2', 'ok', null],
    ]);
    expect(permutation?.steps[0]).toMatchObject({
      sql: 'select * from test where id = 1;',
      rows: [{ id: 1, value: 10 }],
    });
    expect(permutation?.steps[3]?.waitedFor).toEqual(['T1']);
    expect(permutation?.final).toEqual({
      test: [
        { id: 1, value: 11 },
        { id: 2, value: 20 },
      ],
    });
    expect(permutation?.verdict).toMatchObject({ serializable: true, committed: ['T1', 'T2'], aborted: [] });
    expect(permutation?.verdict.explanation[0]).toBe(
      'Serializable: the outcome is that of the serial order T2→T1.',
    );
  });

  it('runs write skew on PostgreSQL and explains the serializable abort', async () => {
    const run = await runDbplay(['isolation', 'run', 'write-skew', '--level', 'serializable']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PostgreSQL 18.');
    expect(run.stdout).toContain('each session begins with BEGIN ISOLATION LEVEL SERIALIZABLE');
    expect(run.stdout).toMatch(/│ 6 +│ +│ s2c commit +│/);
    expect(run.stdout).toContain('verdict: prevented by abort (40001)');
    expect(run.stdout).toContain('this abort prevented a real anomaly');

    const anomaly = await runDbplay([
      'isolation',
      'run',
      'write-skew',
      '--level',
      'repeatable-read',
      '--json',
    ]);
    const report = JSON.parse(anomaly.stdout) as RunJson;
    expect(report.permutations[0]?.verdict).toMatchObject({ serializable: false, outcome: 'anomaly' });
    expect(report.permutations[0]?.verdict.explanation).toContain(
      'In T1→T2, T2 would have read (1, 11), (2, 20) at s2r (it read (1, 10), (2, 20)).',
    );
  });

  it('runs every interleaving, or one of them, and prints the transcript the golden files keep', async () => {
    const all = await runDbplay([
      'isolation',
      'run',
      'lost-update-increment',
      '--engine',
      'sqlite',
      '--all-permutations',
      '--json',
    ]);
    expect(all.code).toBe(0);
    const report = JSON.parse(all.stdout) as RunJson;
    expect(report.permutations).toHaveLength(6);
    expect(report.permutations.every((p) => p.verdict.serializable)).toBe(true);

    const text = await runDbplay(['isolation', 'run', 'g1a', '--engine', 'sqlite', '--all-permutations']);
    expect(text.stdout).toMatch(/10 permutations: \d+ /);

    const one = await runDbplay([
      'isolation',
      'run',
      'g1a',
      '--engine',
      'sqlite',
      '--transcript',
      '--level',
      'immediate',
    ]);
    expect(one.stdout).toContain('starting permutation 1: s1w1 s2ra s1a s2rb s2c');
    expect(one.stdout).toContain('step s2ra (T2): select * from test; <waiting for T1 ...>');
  });
});

describe('dbplay isolation: bad input is exit 2, with file and line', () => {
  it.each([
    [
      'an unbalanced brace',
      'session A\nstep a1 { select 1;\nstep a2 { commit; }\n',
      ":2: unterminated SQL block (the '{' on line 2 has no matching '}')",
    ],
    [
      'an unknown step in a permutation',
      'session A\nstep a1 { select 1; }\nsession B\nstep b1 { select 2; }\npermutation a1 b2\n',
      ":5: unknown step 'b2' in permutation (did you mean 'b1'?)",
    ],
    [
      'a duplicate step name',
      'session A\nstep s1 { select 1; }\nsession B\nstep s1 { select 2; }\n',
      ":4: duplicate step name 's1' (first defined on line 2)",
    ],
    [
      'a setup that fails',
      'setup {\n  create tabel t (id int);\n}\nsession A\nstep a1 { select 1; }\n',
      ':1: the setup block failed on SQLite: near "tabel": syntax error',
    ],
  ])('%s', async (_what, text, message) => {
    const file = specFile(`${_what.replace(/\W+/g, '-')}.spec`, text);
    const run = await runDbplay(['isolation', 'run', file, '--engine', 'sqlite']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([`dbplay: ${file}${message}`]);
  });

  it('suggests the scenario, level or engine meant', async () => {
    const scenario = await runDbplay(['isolation', 'run', 'writeskew']);
    expect(scenario.code).toBe(2);
    expect(lines(scenario.stderr)).toEqual([
      "dbplay: no scenario 'writeskew' in the catalog (did you mean 'write-skew'?); 'dbplay isolation list' shows them, or give a path to a .spec file",
    ]);
    const level = await runDbplay(['isolation', 'run', 'g0', '--level', 'serialisable', '--json']);
    expect(level.code).toBe(2);
    expect(JSON.parse(level.stdout)).toEqual({
      ok: false,
      error: {
        code: 'bad-input',
        message:
          "unknown level 'serialisable' for postgres (did you mean 'serializable'?); the levels are read-uncommitted, read-committed, repeatable-read, serializable",
      },
    });
    const mode = await runDbplay(['isolation', 'run', 'g0', '--engine', 'sqlite', '--level', 'serializable']);
    expect(lines(mode.stderr)).toEqual([
      "dbplay: unknown level 'serializable' for sqlite; the levels are deferred, immediate",
    ]);
    const engine = await runDbplay(['isolation', 'matrix', '--engine', 'postgress,sqlite']);
    expect(engine.code).toBe(2);
    expect(lines(engine.stderr)).toEqual([
      "dbplay: unknown engine 'postgress' (did you mean 'postgres'?); the engines are postgres, sqlite, model",
    ]);
    const permutation = await runDbplay(['isolation', 'run', 'g0', '--permutation', '2']);
    expect(lines(permutation.stderr)).toEqual([
      'dbplay: scenario g0 has 1 listed permutation; --permutation takes a number from 1 to 1',
    ]);
  });
});

describe('dbplay isolation: a server that cannot be reached is exit 3', () => {
  const url = 'postgres://learner:secret@127.0.0.1:1/nodb';

  it('names the URL tried, without its password, and the reason', async () => {
    const run = await runDbplay(['isolation', 'run', 'g0', '--url', url]);
    expect(run.code).toBe(3);
    expect(lines(run.stderr)).toEqual([
      'dbplay: could not connect to postgres://learner:***@127.0.0.1:1/nodb: connect ECONNREFUSED 127.0.0.1:1 (is the server running, and are the host, port, user and password right?)',
    ]);
    const matrix = await runDbplay(['isolation', 'matrix', '--engine', 'postgres', '--json'], {
      env: { DATABASE_URL: url },
    });
    expect(matrix.code).toBe(3);
    expect(matrix.stdout).not.toContain('secret');
    expect(JSON.parse(matrix.stdout)).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
  });
});

describe('dbplay isolation matrix', () => {
  it('gives every cell as JSON', async () => {
    const run = await runDbplay([
      'isolation',
      'matrix',
      '--engine',
      'sqlite',
      '--scenarios',
      'g2-item,p4',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      cells: { scenario: string; level: string; outcome: string; codes: string[] }[];
    };
    expect(report.cells.map((c) => [c.scenario, c.level, c.outcome, c.codes.join()])).toEqual([
      ['g2-item', 'deferred', 'prevented-by-abort', 'SQLITE_BUSY_SNAPSHOT'],
      ['g2-item', 'immediate', 'prevented-by-waiting', ''],
      ['p4', 'deferred', 'prevented-by-abort', 'SQLITE_BUSY_SNAPSHOT'],
      ['p4', 'immediate', 'prevented-by-waiting', ''],
    ]);
  });
});
