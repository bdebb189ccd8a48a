/**
 * Conformance, without a server: reading PostgreSQL's expected outputs back into data, and
 * comparing a run with them. The vendored suite (exercises/isolation/postgres-suite) is the
 * specification: every expected output reads, and names exactly the permutations dbplay runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadInputError } from '@dbplay/core';
import { choosePermutations, parseSpec } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';
import { compareTranscripts } from '../src/conformance/compare-transcripts.ts';
import {
  compareVersions,
  declaredDifference,
  declaredDifferences,
} from '../src/conformance/declared-differences.ts';
import { parseExpectedOutput, type StepReport } from '../src/conformance/expected-output.ts';
import { refusedConstruct } from '../src/conformance/render-conformance.ts';
import { specShape } from '../src/conformance/run-conformance.ts';

const suite = fileURLToPath(new URL('../../../exercises/isolation/postgres-suite/', import.meta.url));

const shape = (steps: [string, string][], teardownTables = 0) => ({
  stepSql: new Map(steps),
  teardownTables,
});
const spec = shape([
  ['s1a', 'SELECT * FROM foo FOR UPDATE;'],
  ['s2a', 'SELECT * FROM foo\n  FOR UPDATE;'],
  ['s1c', 'COMMIT;'],
  ['s2c', 'COMMIT;'],
]);

const output = `Parsed test spec with 2 sessions

starting permutation: s1a s2a s1c s2c
step s1a: SELECT * FROM foo FOR UPDATE;
id|data
--+----
 1|x|y
(1 row)

step s2a: SELECT * FROM foo
  FOR UPDATE; <waiting ...>
s1: NOTICE:  a notice is not compared
step s1c: COMMIT;
step s2a: <... completed>
ERROR:  could not serialize access due to concurrent update
step s2c: COMMIT;

starting permutation: s2a s2c s1a s1c
step s2a: SELECT * FROM foo
  FOR UPDATE;
id|data
--+----
(0 rows)

step s2c: COMMIT;
step s1a: SELECT * FROM foo FOR UPDATE;
id|data
--+----
(0 rows)

step s1c: COMMIT;
`;

describe('parseExpectedOutput', () => {
  const [first, second] = parseExpectedOutput(output, spec, 'x.out');

  it('reads each permutation with its steps and the line it starts on', () => {
    expect(first?.steps).toEqual(['s1a', 's2a', 's1c', 's2c']);
    expect(first?.line).toBe(3);
    expect(second?.steps).toEqual(['s2a', 's2c', 's1a', 's1c']);
  });

  it('reads waits, completions, errors and result sets; a multi-line step line is one step', () => {
    expect(first?.reports).toEqual([
      {
        step: 's1a',
        waited: false,
        completedAfter: null,
        errors: [],
        tables: [{ columns: ['id', 'data'], rows: [['1', 'x|y']] }],
      },
      {
        step: 's2a',
        waited: true,
        completedAfter: 's1c',
        errors: ['could not serialize access due to concurrent update'],
        tables: [],
      },
      { step: 's1c', waited: false, completedAfter: null, errors: [], tables: [] },
      { step: 's2c', waited: false, completedAfter: null, errors: [], tables: [] },
    ]);
    expect(second?.reports[0]?.tables).toEqual([{ columns: ['id', 'data'], rows: [] }]);
  });

  it("leaves the session teardowns' result sets, printed after the last step, out of its report", () => {
    const text = 'starting permutation: s1c\nstep s1c: COMMIT;\nunlock\n------\nt\n(1 row)\n\n';
    expect(parseExpectedOutput(text, shape([['s1c', 'COMMIT;']], 1))[0]?.reports[0]?.tables).toEqual([]);
    expect(parseExpectedOutput(text, shape([['s1c', 'COMMIT;']], 0))[0]?.reports[0]?.tables).toHaveLength(1);
  });

  it('refuses a step the spec does not have, and a completion of a step that never waited, with the line', () => {
    const fail = (text: string) => {
      try {
        parseExpectedOutput(text, spec, 'x.out');
      } catch (error) {
        expect(error).toBeInstanceOf(BadInputError);
        return (error as BadInputError).oneLine();
      }
      return 'read without an error';
    };
    expect(fail('starting permutation: s9\nstep s9: SELECT 1;\n')).toBe(
      'x.out:2: step s9 is not a step of the spec',
    );
    expect(fail('starting permutation: s1c\nstep s1c: <... completed>\n')).toBe(
      'x.out:2: step s1c completes, but it never waited',
    );
    expect(fail('starting permutation: s1a\nstep s1a: SELECT * FROM foo FOR UPDATE;\nid\n--\n 1\n')).toBe(
      'x.out:3: a result set without its "(N rows)" line',
    );
  });
});

describe('the vendored suite', () => {
  const specs = readdirSync(`${suite}specs`).filter((name) => name.endsWith('.spec'));
  const outs = readdirSync(`${suite}expected`);

  it('has an expected output for every spec, and no output without its spec', () => {
    expect(specs.length).toBeGreaterThan(100);
    const names = new Set(specs.map((name) => name.slice(0, -5)));
    for (const name of specs) expect(outs).toContain(name.replace(/\.spec$/, '.out'));
    for (const out of outs) expect(names).toContain(out.replace(/(_\d+)?\.out$/, ''));
  });

  it.each(specs)('%s: every expected output reads and names exactly the permutations dbplay runs', (name) => {
    const scenario = parseSpec(readFileSync(`${suite}specs/${name}`, 'utf8'), name);
    const runs = choosePermutations(scenario, { kind: 'listed' }).map((p) => p.steps.join(' '));
    const base = name.replace(/\.spec$/, '');
    for (const out of outs.filter(
      (file) => file === `${base}.out` || new RegExp(`^${base}_\\d+\\.out$`).test(file),
    )) {
      const expected = parseExpectedOutput(
        readFileSync(`${suite}expected/${out}`, 'utf8'),
        specShape(scenario),
        out,
      );
      expect(expected.map((p) => p.steps.join(' ')).sort()).toEqual([...runs].sort());
      for (const permutation of expected) {
        // Every step issued once per occurrence in the permutation (the tester never skips one).
        expect(permutation.reports.map((r) => r.step).sort()).toEqual([...permutation.steps].sort());
      }
    }
  });
});

describe('compareTranscripts', () => {
  const report = (step: string, changes: Partial<StepReport> = {}): StepReport => ({
    step,
    waited: false,
    completedAfter: null,
    errors: [],
    tables: [],
    ...changes,
  });
  const expected = [
    report('s1a', { tables: [{ columns: ['id'], rows: [['1']] }] }),
    report('s2a', { waited: true, completedAfter: 's1c', errors: ['deadlock detected'] }),
    report('s1c'),
  ];

  it('finds nothing when the run printed the same', () => {
    expect(compareTranscripts(expected, expected)).toEqual({ differences: [], partial: 0 });
  });

  it('finds each kind of difference, naming the step', () => {
    const actual = [
      report('s1a', { tables: [{ columns: ['id'], rows: [['2']] }] }),
      report('s2a', { waited: true, completedAfter: 's1a', errors: [] }),
    ];
    expect(compareTranscripts(expected, actual).differences).toEqual([
      { step: 's1a', expected: '(id) 1', actual: '(id) 2' },
      { step: 's2a', expected: 'completed after s1c', actual: 'completed after s1a' },
      { step: 's2a', expected: 'ERROR: deadlock detected', actual: 'no error' },
      { step: 's1c', expected: 'run', actual: 'not run' },
    ]);
  });

  it('does not compare the timing of a step the permutation gives a marker, only what it returned', () => {
    const actual = [
      expected[0] ?? report('s1a'),
      report('s2a', { errors: ['deadlock detected'] }),
      report('s1c'),
    ];
    expect(compareTranscripts(expected, actual).differences).toHaveLength(1);
    expect(compareTranscripts(expected, actual, new Set(['s2a'])).differences).toEqual([]);
  });

  it('compares the last of several result sets, and counts the step as partial', () => {
    const two = [
      report('s1a', {
        tables: [
          { columns: ['a'], rows: [] },
          { columns: ['b'], rows: [['1']] },
        ],
      }),
    ];
    const last = [report('s1a', { tables: [{ columns: ['b'], rows: [['1']] }] })];
    expect(compareTranscripts(two, last)).toEqual({ differences: [], partial: 1 });
  });
});

describe('refusedConstruct', () => {
  it.each([
    ['a.spec:19: step s1a uses NOWAIT, which the model engine does not support ("…")', 'NOWAIT'],
    [
      'a.spec:7: the setup block is not SQL the model can read: expected a column name, found \')\' ("CREATE TABLE a1 ()")',
      "expected a column name, found ')'",
    ],
    ['a.spec:3: something else entirely', 'something else entirely'],
  ])('%s → %s', (refusal, construct) => {
    expect(refusedConstruct(refusal)).toBe(construct);
  });
});

describe('declared differences', () => {
  it.each([
    ['18.4', true],
    ['17.9', true],
    ['18.6', false],
    ['18.10', false],
    ['19.1', false],
  ])('on PostgreSQL %s, the declaration applies: %s', (version, applies) => {
    expect(declaredDifference('ddl-dependency-locking', version) !== null).toBe(applies);
  });

  it('covers only the specs it names, and nothing when the server version is unknown', () => {
    expect(declaredDifference('timeouts', '18.4')).toBeNull();
    expect(declaredDifference('pub-concurrent-drop', undefined)).toBeNull();
  });

  it('names specs of the vendored suite, each with its reason and the release note of its fix', () => {
    const specs = readdirSync(join(suite, 'specs'));
    for (const d of declaredDifferences) {
      expect(specs).toContain(`${d.spec}.spec`);
      expect(d.source).toMatch(new RegExp(`PostgreSQL ${d.fixedIn.replace('.', '\\.')} release notes`));
    }
  });

  it('compares versions number by number', () => {
    expect(compareVersions('18.4', '18.6')).toBeLessThan(0);
    expect(compareVersions('18.10', '18.6')).toBeGreaterThan(0);
    expect(compareVersions('9.6.24', '18.6')).toBeLessThan(0);
    expect(compareVersions('18.6', '18.6')).toBe(0);
  });
});
