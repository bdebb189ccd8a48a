/**
 * The model engine from the command line, as a learner uses it: `run --engine model` with
 * `--json` (internals per step and the dependency graph), `--trace` and `--step`; `compare`
 * against the embedded PostgreSQL; the matrix with the model beside PostgreSQL; and every
 * error path with its exit code and message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDbplay } from './run-cli.ts';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
/** `dbplay isolation run SCENARIO --engine model FLAGS…`, as most of these tests run it. */
const runModel = (scenario: string, ...flags: string[]) =>
  runDbplay(['isolation', 'run', scenario, '--engine', 'model', ...flags]);
const scratch = mkdtempSync(join(tmpdir(), 'dbplay-model-specs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface ModelRunJson {
  engine: string;
  level: string;
  permutations: {
    steps: {
      step: string;
      status: string;
      error: { code: string; detail: string | null } | null;
      events?: string[];
      internals?: {
        tables: { table: string; versions: { tid: string; xmin: number; xmax: number | null }[] }[];
        sireadLocks: { holder: string; target: string }[];
        rwConflicts: { reader: string; writer: string }[];
        pivots: { tin: string; pivot: string; tout: string }[];
      };
    }[];
    verdict: {
      serializable: boolean;
      explanation: string[];
      cycle?: { text: string; anomaly: string } | null;
    };
    dsg?: {
      transactions: string[];
      edges: { from: string; to: string; kind: string }[];
      cycle: string | null;
    };
  }[];
}

describe('dbplay isolation run --engine model', () => {
  it('adds each step’s internals and the dependency graph to --json', async () => {
    const run = await runModel('write-skew', '--level', 'repeatable-read', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ModelRunJson;
    expect(report).toMatchObject({ engine: 'model', level: 'repeatable-read' });
    const [permutation] = report.permutations;
    const update = permutation?.steps.find((step) => step.step === 's1w1');
    expect(update?.events).toContain('T1 writes for the first time and gets transaction id 741.');
    expect(update?.internals?.tables[0]?.versions.map((v) => [v.tid, v.xmin, v.xmax])).toEqual([
      ['(0,1)', 740, 741],
      ['(0,2)', 740, null],
      ['(0,3)', 741, null],
    ]);
    expect(permutation?.dsg?.cycle).toBe('T1 -rw(test id=2)-> T2 -rw(test id=1)-> T1');
    expect(permutation?.verdict.cycle).toEqual({
      text: 'T1 -rw(test id=2)-> T2 -rw(test id=1)-> T1',
      anomaly: 'G2-item',
    });
    expect(permutation?.verdict.explanation).toContain(
      'The dependency graph has a cycle, G2-item (write skew): T1 -rw(test id=2)-> T2 -rw(test id=1)-> T1.',
    );
  });

  it('names the pivot at serializable, and SSI’s reason code', async () => {
    const run = await runModel('write-skew', '--level', 'serializable', '--json');
    const [permutation] = (JSON.parse(run.stdout) as ModelRunJson).permutations;
    const last = permutation?.steps.at(-1);
    expect(last?.error).toMatchObject({
      code: '40001',
      detail: 'Reason code: Canceled on identification as a pivot, during commit attempt.',
    });
    const before = permutation?.steps.find((step) => step.step === 's2w2')?.internals;
    expect(before?.pivots).toContainEqual({ tin: 'T1', pivot: 'T2', tout: 'T1' });
    expect(before?.sireadLocks).toContainEqual({ holder: 'T1', target: 'page test_pkey 1' });
  });

  it('--trace narrates every internal step, then draws the run', async () => {
    const run = await runModel('p4', '--level', 'read-committed', '--trace');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /\d+\. block {2}T2 wants to update test \(0,1\) \(1, 10\), but T1 \(xid 741\) has updated it and is still running/,
    );
    expect(run.stdout).toMatch(
      /\d+\. read {2}EvalPlanQual: the newest version test \(0,3\) \(1, 11\) still matches/,
    );
    expect(run.stdout).toContain('verdict: anomaly (P4)');
  });

  it('--step draws the internals after each scenario step (and shows the rest when input ends)', async () => {
    const run = await runModel('p4', '--level', 'repeatable-read', '--step');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. step  s1r1 (T1): select * from test where id = 1;');
    expect(run.stdout).toContain('table test: tuple versions');
    expect(run.stdout).toContain('waits-for: T2 → T1');
    expect(run.stdout).toContain('could not serialize access due to concurrent update');
  });

  it('says what read uncommitted and two-phase locking are on the model', async () => {
    const dirty = await runModel('g1a', '--level', 'read-uncommitted');
    expect(dirty.stdout).toContain('the model shows genuine dirty reads at READ UNCOMMITTED');
    expect(dirty.stdout).toContain(
      'G1a (aborted read): T2 read test id=1, written by T1, which rolled back.',
    );
    const locking = await runModel('g2', '--level', 'serializable-2pl');
    expect(locking.stdout).toContain('strict two-phase locking with predicate locks');
    expect(locking.stdout).toContain('40P01');
  });
});

describe('dbplay isolation compare', () => {
  it('runs the model and PostgreSQL side by side and counts identical permutations', async () => {
    const run = await runDbplay(['isolation', 'compare', 'write-skew', 'p4', '--all-permutations', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      identical: number;
      total: number;
      undeclared: number;
      whenSessionWaits: string;
      scenarios: { id: string; levels: { level: string; identical: number; total: number }[] }[];
    };
    expect(report).toMatchObject({ identical: 120, total: 120, undeclared: 0, whenSessionWaits: 'skip' });
    expect(
      report.scenarios.map((s) => [s.id, s.levels.map((l) => `${l.level} ${l.identical}/${l.total}`)]),
    ).toEqual([
      ['g2-item', ['read-committed 20/20', 'repeatable-read 20/20', 'serializable 20/20']],
      ['p4', ['read-committed 20/20', 'repeatable-read 20/20', 'serializable 20/20']],
    ]);
  });

  it('prints the agreement as a table and a count', async () => {
    const run = await runDbplay(['isolation', 'compare', 'deadlock']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ deadlock +│ serializable +│ 1 of 1 +│ identical +│/);
    expect(run.stdout).toContain(
      '3 of 3 permutations identical (100%) · 0 differ as declared (0 declarations) · 0 differ undeclared',
    );
  });
});

describe('dbplay isolation matrix with the model', () => {
  it('puts the model beside PostgreSQL and says whether they agree', async () => {
    const run = await runDbplay([
      'isolation',
      'matrix',
      '--engine',
      'postgres,model',
      '--scenarios',
      'g2-item,ssi-false-positive-seqscan',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      cells: { scenario: string; engine: string; level: string; outcome: string }[];
      agreement: { scenario: string; level: string; identical: boolean }[];
    };
    expect(report.cells.filter((c) => c.engine === 'model').map((c) => c.level)).toEqual([
      'read-uncommitted',
      'read-committed',
      'repeatable-read',
      'serializable',
      'serializable-2pl',
      'read-uncommitted',
      'read-committed',
      'repeatable-read',
      'serializable',
      'serializable-2pl',
    ]);
    expect(report.agreement).toHaveLength(6);
    expect(report.agreement.every((entry) => entry.identical)).toBe(true);
  });
});

describe('errors', () => {
  function specFile(name: string, text: string): string {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  }

  it('refuses SQL outside the model’s subset with the file, the line and the construct (exit 2)', async () => {
    const file = specFile(
      'join.spec',
      `setup { create table t (id int primary key); insert into t values (1); }
session A
step a1 { select * from t join t u on t.id = u.id; }
step a2 { commit; }
`,
    );
    const run = await runModel(file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([
      `dbplay: ${file}:3: step a1 uses JOIN, which the model engine does not support ("select * from t join t u on t.id = u.id;") (the model runs a SQL subset (see the README, "Isolation anomalies"); run this scenario on a real engine: --engine postgres or --engine sqlite)`,
    ]);
  });

  it('refuses --step and --trace on a real engine, with --json, and over several permutations', async () => {
    const real = await runDbplay(['isolation', 'run', 'p4', '--engine', 'sqlite', '--step']);
    expect(real.code).toBe(2);
    expect(lines(real.stderr)).toEqual([
      "dbplay: --step shows the model engine's internals; a real engine does not expose them (run it with --engine model (add --level deferred))",
    ]);
    const json = await runModel('p4', '--step', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const several = await runModel('p4', '--trace', '--all-permutations');
    expect(lines(several.stderr)).toEqual([
      'dbplay: --trace follows one permutation, and this choice has 20 (pick one with --permutation K)',
    ]);
  });

  it('refuses a level, a sample or a rule compare cannot use, before starting any engine', async () => {
    const level = await runDbplay(['isolation', 'compare', 'p4', '--levels', 'serializable-2pl']);
    expect(level.code).toBe(2);
    expect(lines(level.stderr)).toEqual([
      "dbplay: compare needs levels both engines have; 'serializable-2pl' is not one of read-uncommitted, read-committed, repeatable-read, serializable",
    ]);
    const dirty = await runDbplay(['isolation', 'compare', 'p4', '--levels', 'read-uncommitted']);
    expect(lines(dirty.stderr)).toEqual([
      "dbplay: the model's read uncommitted shows dirty reads on purpose, and PostgreSQL runs it as read committed: there is nothing to compare (compare read-committed, repeatable-read and serializable)",
    ]);
    const sample = await runDbplay(['isolation', 'compare', 'p4', '--all-permutations', '--sample', '0']);
    expect(lines(sample.stderr)).toEqual(["dbplay: --sample needs a whole number, at least 1; got '0'"]);
    const rule = await runDbplay(['isolation', 'compare', 'p4', '--when-waiting', 'sometimes']);
    expect(lines(rule.stderr)).toEqual(["dbplay: --when-waiting takes skip or postpone; got 'sometimes'"]);
    const level2 = await runModel('p4', '--level', 'serialisable');
    expect(lines(level2.stderr)).toEqual([
      "dbplay: unknown level 'serialisable' for model (did you mean 'serializable'?); the levels are read-uncommitted, read-committed, repeatable-read, serializable, serializable-2pl",
    ]);
  });
});

describe('many interleavings: counted, sampled and numbered without listing them', () => {
  // Six sessions of four steps and no permutation lines: about 3.2·10¹⁵ interleavings.
  const manySessions = join(scratch, 'six-sessions.spec');
  writeFileSync(
    manySessions,
    `setup { create table test (id int primary key, value int); insert into test values (1, 10); }\n${Array.from(
      { length: 6 },
      (_, s) =>
        `session T${s + 1}\n${[1, 2, 3].map((n) => `step t${s + 1}r${n} { select value from test where id = 1; }`).join('\n')}\nstep t${s + 1}c { commit; }`,
    ).join('\n')}\n`,
  );

  it('draws a sample at once, each with its number among all interleavings', async () => {
    const run = await runModel(manySessions, '--sample', '3', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { permutations: { number: number; permutation: string[] }[] };
    expect(report.permutations).toHaveLength(3);
    for (const permutation of report.permutations) {
      expect(permutation.permutation).toHaveLength(24);
      expect(permutation.number).toBeGreaterThan(0);
      expect(permutation.number).toBeLessThanOrEqual(3_246_670_537_110_000);
    }
  });

  it('refuses --sample beside another choice of permutations, before running anything (exit 2)', async () => {
    for (const [flag, shown] of [
      [['--permutation', '2'], "'--permutation <k>'"],
      [['--all-permutations'], "'--all-permutations'"],
    ] as const) {
      const run = await runModel('write-skew', '--sample', '3', ...flag);
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        `dbplay: option '--sample <n>' cannot be used with option ${shown}; see 'dbplay isolation --help'`,
      ]);
    }
  });

  it('refuses to run every one above the limit, with the count and a hint (exit 2)', async () => {
    for (const flags of [['--all-permutations'], []]) {
      const run = await runModel(manySessions, ...flags);
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        `dbplay: scenario six-sessions has 3,246,670,537,110,000 interleavings, more than the 10,000 dbplay runs at once (${flags.length > 0 ? '--all-permutations would run every one' : 'the file lists no permutations, so every interleaving would run'}) (draw some with --sample N (and --seed), or pick one with --permutation K)`,
      ]);
    }
  });

  it('runs the K-th of every interleaving, however many there are', async () => {
    const run = await runModel(
      manySessions,
      '--all-permutations',
      '--permutation',
      '3246670537110000',
      '--json',
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { permutations: { number: number; permutation: string[] }[] };
    // The last interleaving in the tester's order runs the last session first.
    expect(report.permutations[0]?.permutation.slice(0, 4)).toEqual(['t6r1', 't6r2', 't6r3', 't6c']);
  });

  it('ends a table of permutations with a command that shows one of them, which works when followed', async () => {
    const spec = join(scratch, 'lost update.spec');
    writeFileSync(
      spec,
      'setup { create table test (id int primary key, value int); insert into test values (1, 10); }\nsession T1\nstep r1 { select value from test where id = 1; }\nstep w1 { update test set value = 11 where id = 1; }\nstep c1 { commit; }\nsession T2\nstep r2 { select value from test where id = 1; }\nstep w2 { update test set value = 12 where id = 1; }\nstep c2 { commit; }\npermutation r1 w1 c1 r2 w2 c2\n',
    );
    const all = await runModel(spec, '--all-permutations');
    expect(all.code).toBe(0);
    const hint = lines(all.stdout).find((line) => line.endsWith('draws one'));
    expect(hint).toBe(
      `dbplay isolation run '${spec}' --engine model --level read-committed --all-permutations --permutation K draws one`,
    );
    // Row 7 of the table, and the run the hint gives for K = 7.
    const row = lines(all.stdout).find((line) => /^\s*│?\s*7\s/.test(line.replace(/^[│|]/, ' ')));
    const one = await runModel(spec, '--level', 'read-committed', '--all-permutations', '--permutation', '7');
    expect(one.code).toBe(0);
    const heading = lines(one.stdout).find((line) => line.startsWith('permutation 7: '));
    expect(heading).toBeDefined();
    expect(row).toContain(heading?.slice('permutation 7: '.length));
  });
});
