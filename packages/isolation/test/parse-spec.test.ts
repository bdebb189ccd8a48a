/**
 * The spec parser: PostgreSQL's own format (bare sessions, quoted names, several setup
 * blocks, permutation markers), dbplay's braced sessions and header metadata, and an error
 * with file and line for every malformed spec.
 */
import { BadInputError } from '@dbplay/core';
import { parseSpec } from '@dbplay/isolation';
import { describe, expect, it } from 'vitest';

/** The one-line message a user sees (`file:line: message`), or the unexpected success. */
function failure(text: string, file = 'bad.spec'): string {
  try {
    parseSpec(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).exitCode).toBe(2);
    return (error as BadInputError).oneLine();
  }
  return 'parsed without an error';
}

// The shape of PostgreSQL's src/test/isolation/specs/read-only-anomaly.spec, markers added.
const postgresStyle = `# Fekete's read-only anomaly
setup
{
    CREATE TABLE bank_account (id TEXT PRIMARY KEY, balance DECIMAL NOT NULL);
    INSERT INTO bank_account (id, balance) VALUES ('X', 0), ('Y', 0);
}
setup { CREATE TABLE other (id int); }
teardown { DROP TABLE bank_account; }

session s1
setup { BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ; }
step s1ry { SELECT balance FROM bank_account WHERE id = 'Y'; }
step s1wy { UPDATE bank_account SET balance = 20 WHERE id = 'Y'; }
step s1c { COMMIT; }

session "s 2"
setup { BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ; }
step "s2rx" { SELECT balance FROM bank_account WHERE id = 'X'; }
step s2wx { UPDATE bank_account SET balance = -11 WHERE id = 'X'; }
step s2c { COMMIT; }
teardown { RESET ALL; }

permutation s2rx s1ry s1wy s1c s2wx s2c
permutation s1ry s2rx(*) s1wy(s2rx, s2rx notices 2) s2wx s1c s2c
`;

describe('parseSpec', () => {
  it("reads PostgreSQL's own format: bare sessions, quoted names, setups, teardowns, markers", () => {
    const scenario = parseSpec(postgresStyle, 'specs/read-only-anomaly.spec');
    expect(scenario.id).toBe('read-only-anomaly');
    // A block's line is the line of its opening brace.
    expect(scenario.setup.map((block) => block.line)).toEqual([3, 7]);
    expect(scenario.setup[0]?.sql).toMatch(/^CREATE TABLE bank_account[\s\S]*\('Y', 0\);$/);
    expect(scenario.teardown?.sql).toBe('DROP TABLE bank_account;');
    expect(scenario.sessions.map((s) => s.name)).toEqual(['s1', 's 2']);
    const second = scenario.sessions[1];
    expect(second?.setup?.sql).toBe('BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ;');
    expect(second?.teardown?.sql).toBe('RESET ALL;');
    expect(second?.steps.map((s) => [s.name, s.session, s.line])).toEqual([
      ['s2rx', 's 2', 18],
      ['s2wx', 's 2', 19],
      ['s2c', 's 2', 20],
    ]);
    expect(scenario.permutations).toHaveLength(2);
    expect(scenario.permutations[1]?.steps).toEqual([
      { name: 's1ry', markers: [] },
      { name: 's2rx', markers: [{ kind: 'waits-at-once' }] },
      {
        name: 's1wy',
        markers: [
          { kind: 'after-step', step: 's2rx' },
          { kind: 'after-notices', step: 's2rx', notices: 2 },
        ],
      },
      { name: 's2wx', markers: [] },
      { name: 's1c', markers: [] },
      { name: 's2c', markers: [] },
    ]);
    expect(scenario.metadata.title).toBeNull();
  });

  it("reads dbplay's braced sessions and the header metadata, continuation lines included", () => {
    const scenario = parseSpec(
      `# id: braced
# aliases: curly, braces
# title: Braces
# anomaly: g2-item
# story: First sentence.
#   Second sentence, continued.
# cite: Somebody 2024
# engines: postgres
# Free text in the header is ignored.

setup { create table t (id int, note text); insert into t values (1, '{ not a block }'); }
session A {
  step a1 { select '}' as brace, $$ { $$ as dollar, "odd}name" from t; -- a comment with } and '
  }
  step a2 { /* } */ commit; }
}
session B { step b1 { select 1; } }
`,
      'x.spec',
    );
    expect(scenario.id).toBe('braced');
    expect(scenario.metadata).toEqual({
      title: 'Braces',
      anomaly: 'G2-item',
      story: 'First sentence. Second sentence, continued.',
      cite: 'Somebody 2024',
      engines: ['postgres'],
      note: null,
      aliases: ['curly', 'braces'],
      modelDifferences: [],
    });
    expect(scenario.setup[0]?.sql).toContain("'{ not a block }'");
    expect(scenario.sessions.map((s) => [s.name, s.steps.map((step) => step.name)])).toEqual([
      ['A', ['a1', 'a2']],
      ['B', ['b1']],
    ]);
    expect(scenario.sessions[0]?.steps[0]?.sql).toBe(
      `select '}' as brace, $$ { $$ as dollar, "odd}name" from t; -- a comment with } and '`,
    );
    expect(scenario.permutations).toEqual([]);
  });

  it('parses every catalog-style spec the same with or without braces around a session', () => {
    const bare = parseSpec(
      'session A\nstep a1 { select 1; }\nstep a2 { commit; }\nsession B\nstep b1 { select 2; }',
    );
    const braced = parseSpec(
      'session A { step a1 { select 1; } step a2 { commit; } }\nsession B { step b1 { select 2; } }',
    );
    const shape = (scenario: typeof bare) =>
      scenario.sessions.map((s) => ({
        name: s.name,
        steps: s.steps.map((step) => [step.name, step.session, step.sql]),
      }));
    expect(shape(braced)).toEqual(shape(bare));
  });

  describe('refuses malformed specs with the file, the line and what is wrong', () => {
    it('an unbalanced brace', () => {
      expect(failure('session A\nstep a1 { select 1;\nstep a2 { commit; }\n', 'dir/t.spec')).toBe(
        "dir/t.spec:2: unterminated SQL block (the '{' on line 2 has no matching '}')",
      );
      expect(failure('session A\nstep a1 { select 1; }\n}\n')).toBe(
        "bad.spec:3: unexpected '}' (no block or session body is open here)",
      );
      expect(failure('session A {\n  step a1 { select 1; }\n')).toBe(
        "bad.spec:1: unterminated session body (the '{' of session A on line 1 has no matching '}')",
      );
      expect(failure("session A\nstep a1 { select 'oops; }\n")).toBe(
        "bad.spec:2: unterminated string in a SQL block (the '{' on line 2 has no matching '}')",
      );
    });

    it('an unterminated quote at the line the quote opens, however far the file goes on', () => {
      // The quote on line 2 swallows the rest of the file; the error names line 2, not the last line.
      const filler = Array.from({ length: 32 }, (_, i) => `-- line ${i + 4}`).join('\n');
      const spec = `setup {\n  insert into t values ('oops);\n}\n${filler}\nsession A\nstep a1 { select 1; }\n`;
      expect(spec.split('\n').length).toBeGreaterThan(35);
      expect(failure(spec)).toBe(
        "bad.spec:2: unterminated string in a SQL block (the '{' on line 1 has no matching '}')",
      );
      expect(failure('session "A\nstep a1 { select 1; }\n' + filler)).toBe(
        'bad.spec:1: unterminated quoted name (a name in double quotes must end on the same line)',
      );
    });

    it('an unknown step in a permutation, with the closest name', () => {
      expect(failure('session A\nstep a1 { select 1; }\nstep a2 { commit; }\n\npermutation a1 a3\n')).toBe(
        "bad.spec:5: unknown step 'a3' in permutation (did you mean 'a1' or 'a2'?)",
      );
      expect(failure('session A\nstep read { select 1; }\npermutation raed\n')).toBe(
        "bad.spec:3: unknown step 'raed' in permutation (did you mean 'read'?)",
      );
      expect(failure('session A\nstep a1 { select 1; }\npermutation a1(zz)\n')).toBe(
        "bad.spec:3: unknown step 'zz' in a marker",
      );
    });

    it('a duplicate step name, even across sessions', () => {
      expect(failure('session A\nstep s1 { select 1; }\nsession B\nstep s1 { select 2; }\n')).toBe(
        "bad.spec:4: duplicate step name 's1' (first defined on line 2)",
      );
    });

    it('a duplicate session, an empty session, and a step no permutation uses', () => {
      expect(failure('session A\nstep a { select 1; }\nsession A\nstep b { select 1; }\n')).toBe(
        "bad.spec:3: duplicate session name 'A' (first defined on line 1)",
      );
      expect(failure('session A\nsession B\nstep b { select 1; }\n')).toBe(
        'bad.spec:1: session A has no steps',
      );
      expect(failure('session A\nstep a { select 1; }\nstep b { select 1; }\npermutation a\n')).toBe(
        "bad.spec:3: step 'b' is in no permutation (PostgreSQL's tester refuses unused steps too)",
      );
    });

    it('misplaced or misspelt keywords, and missing pieces', () => {
      expect(failure('setup { select 1; }\nsesion A\n')).toBe(
        "bad.spec:2: expected setup, teardown or session, found 'sesion' (did you mean 'session'?)",
      );
      expect(failure('session A\nstep { select 1; }\n')).toBe(
        "bad.spec:2: expected a step name after step, found '{'",
      );
      expect(failure('session A\nstep a1 select 1;\n')).toBe(
        "bad.spec:2: expected a '{ SQL }' block after step a1, found 'select'",
      );
      expect(failure('setup { select 1; }\n')).toBe(
        'bad.spec:2: the scenario has no sessions (add: session NAME, then step NAME { SQL })',
      );
      expect(failure('session A\nstep a { select 1; }\npermutation\n')).toBe(
        'bad.spec:3: a permutation with no steps',
      );
      expect(failure('session A\nstep a { select 1; }\nteardown { x }\nsetup { y }\n')).toBe(
        "bad.spec:4: a setup block after session A's steps: a session's setup comes before its steps, and global setup blocks before the first session",
      );
      expect(failure('session "A\nstep a { select 1; }\n')).toBe(
        'bad.spec:1: unterminated quoted name (a name in double quotes must end on the same line)',
      );
      expect(failure('session A\nstep step { select 1; }\n')).toBe(
        "bad.spec:2: expected a step name after step, found the keyword 'step' (quote it to use it as a name)",
      );
    });

    it('bad metadata in the header', () => {
      expect(failure('# title: x\n# anomaly: write-skew\nsession A\nstep a { select 1; }\n')).toBe(
        "bad.spec:2: unknown anomaly 'write-skew'; the names are G0, G1a, G1b, G1c, OTV, P2, P3, PMP, P4, G-single, G2-item, G2, none",
      );
      expect(failure('# anomaly: G2-itme\nsession A\nstep a { select 1; }\n')).toMatch(
        /^bad\.spec:1: unknown anomaly 'G2-itme' \(did you mean 'G2-item'\?\)/,
      );
      expect(failure('# title: one\n# title: two\nsession A\nstep a { select 1; }\n')).toBe(
        "bad.spec:2: the header sets 'title' twice (first on line 1)",
      );
    });
  });
});
