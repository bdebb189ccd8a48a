/**
 * `dbplay shell` in script mode: the golden transcripts (every backslash command, on the model,
 * PostgreSQL and SQLite), exit codes, ON_ERROR_STOP, --json, input from a pipe, and `\save`d
 * schedules replayed by `dbplay isolation run` to the same result.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BtreePageData, IsolationPageData } from '@dbplay/viewer';
import { readPageData } from '@dbplay/viewer';
import { describe, expect, test } from 'vitest';
import { runDbplay } from './run-cli.ts';
import { inputOf, runShellScript } from './shell-transcript.ts';

const goldenFolder = new URL('golden/shell/', import.meta.url);
const transcripts = readdirSync(goldenFolder).filter((name) => name.endsWith('.txt'));

describe('golden transcripts (tests/golden/shell: input after the prompts, output under it)', () => {
  test.each(transcripts)('%s', async (name) => {
    const path = new URL(name, goldenFolder);
    const run = await runShellScript(inputOf(readFileSync(path, 'utf8')));
    try {
      await expect(run.output).toMatchFileSnapshot(path.pathname);
      // The shell's LSM store is in memory: no `:memory:` folder appears where dbplay ran.
      for (const where of [run.folder, process.env.INIT_CWD ?? process.cwd(), process.cwd()]) {
        expect(existsSync(join(where, ':memory:'))).toBe(false);
      }
    } finally {
      run.cleanup();
    }
  });
});

/** Write skew typed in two sessions: each doctor goes off call after seeing the other on call. */
const typedWriteSkew = (
  onCall: string,
) => `\\setup create table doctors (name text primary key, on_call boolean); insert into doctors values ('alice', ${onCall}), ('bob', ${onCall});
select count(*) from doctors where on_call;
b: select count(*) from doctors where on_call;
update doctors set on_call = false where name = 'alice';
b: update doctors set on_call = false where name = 'bob';
commit;
b: commit;`;

/** Write skew typed, `\save`d, then replayed by `dbplay isolation run`. */
const writeSkew = (engine: string, level: string, onCall: string, folder: string) => `\\engine ${engine}
\\level ${level}
${typedWriteSkew(onCall)}
\\history
\\verdict
\\save skew.spec
isolation run ${folder}/skew.spec --engine ${engine} --level ${level}
`;

describe('\\save writes a spec that isolation run replays step for step', () => {
  test.each([
    ['model', 'serializable', 'true', 'prevented by abort (40001)'],
    ['model', 'repeatable-read', 'true', 'anomaly'],
    ['postgres', 'serializable', 'true', 'prevented by abort (40001)'],
    ['sqlite', 'deferred', '1', 'prevented by abort (SQLITE_BUSY_SNAPSHOT)'],
  ])('write skew on %s at %s', async (engine, level, onCall, verdict) => {
    const run = await runShellScript((folder) =>
      writeSkew(engine, level, onCall, folder).replace(/false/g, engine === 'sqlite' ? '0' : 'false'),
    );
    try {
      expect(run.code, run.output).toBe(0);
      const sections = run.stdout.split(/^[a-z]=[*!]?> .*$/m);
      // sections: [before, …, \history's output, \verdict's output, \save's, isolation run's]
      const [history, verdictText, , replayed] = sections.slice(-4);
      expect(replayed).toContain((history ?? '').trim());
      const judged = (verdictText ?? '').trim().split('\n').slice(1).join('\n');
      expect(judged).toContain(`verdict: ${verdict}`);
      expect(replayed).toContain(judged);
      expect(readFileSync(join(run.folder, 'skew.spec'), 'utf8')).toMatch(/^permutation a1 b1 a2 b2 a3 b3$/m);
    } finally {
      run.cleanup();
    }
  });
});

describe('exit codes, ON_ERROR_STOP and --json', () => {
  test('a failing command stops the script with its exit code (2: bad input)', async () => {
    const run = await runShellScript('\\engine model\n\\level nonsense\n\\engine\n');
    run.cleanup();
    expect(run.code).toBe(2);
    expect(run.output).toContain("dbplay: unknown level 'nonsense' for model");
    expect(run.output).not.toContain('a=> \\engine\n');
  });

  test('with ON_ERROR_STOP off the script goes on, and exits with the first failure', async () => {
    const run = await runShellScript('\\set ON_ERROR_STOP off\n\\level nonsense\n\\engine\n');
    run.cleanup();
    expect(run.code).toBe(2);
    expect(run.output).toContain('a=> \\engine\nengine model · level read-committed\n');
  });

  test('a dbplay command that fails stops the script with its own exit code', async () => {
    const run = await runShellScript('isolation run no-such-scenario\n\\engine\n');
    run.cleanup();
    expect(run.code).toBe(2);
    expect(run.output).toContain("dbplay: no scenario 'no-such-scenario' in the catalog");
    expect(run.output).not.toContain('engine model');
  });

  test('an engine that cannot be reached is exit code 3', async () => {
    const run = await runShellScript('\\engine postgres\nselect 1;\n', {
      args: ['--url', 'postgres://nobody@127.0.0.1:1/none'],
    });
    run.cleanup();
    expect(run.code).toBe(3);
  });

  test('the input ending inside a statement is bad input', async () => {
    const run = await runShellScript('select count(*)\nfrom nothing\n');
    run.cleanup();
    expect(run.code).toBe(2);
    expect(run.output).toContain('dbplay: the input ends inside a statement (no ; after: select count(*))');
  });

  test('--json prints one JSON document per command', async () => {
    const run = await runShellScript(
      '\\setup create table t (id int primary key, v int); insert into t values (1, 10);\nupdate t set v = 11 where id = 1;\nb: update t set v = 12 where id = 1;\ncommit;\nisolation list\n',
      { args: ['--json'] },
    );
    run.cleanup();
    const records = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((record) => record.command)).toEqual([
      '\\setup create table t (id int primary key, v int); insert into t values (1, 10);',
      'update t set v = 11 where id = 1;',
      'b: update t set v = 12 where id = 1;',
      'commit;',
      'isolation list',
    ]);
    expect(JSON.stringify(records[4].output)).toContain('"g2-item"');
    expect(records[2].events.map((event: { kind: string }) => event.kind)).toEqual(['begin', 'wait']);
    expect(
      records[3].events.map((event: { kind: string; session: string }) => `${event.kind} ${event.session}`),
    ).toEqual(['result a', 'result b']);
    expect(records[3].events[1].after).toBe('a2');
    expect(records.every((record) => record.exitCode === 0)).toBe(true);
  });
});

test('dbplay shell < FILE reads the script from stdin', async () => {
  const run = await runDbplay(['shell'], { input: 'a: select 1 as one;\nrollback;\n' });
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe(
    'a=> a: select 1 as one;\nBEGIN ISOLATION LEVEL READ COMMITTED\n one\n-----\n   1\n(1 row)\na=*> rollback;\nROLLBACK\n',
  );
  expect(run.code).toBe(0);
});

describe('dbplay commands inside the shell print what they print outside it', () => {
  test.each([
    ['isolation run lost-update --engine model --level repeatable-read'],
    ['isolation show write-skew'],
    ['btree insert 5 12 7 20 25 --order 3'],
    ['lsm simulate tiered --json'],
  ])('%s', async (command) => {
    const inside = await runShellScript(`${command}\n`);
    inside.cleanup();
    const outside = await runDbplay(command.split(' '));
    expect(inside.code).toBe(outside.code);
    expect(inside.stdout).toBe(`a=> ${command}\n${outside.stdout}`);
  });
});

describe('\\html FILE writes what the shell holds as a page (@dbplay/viewer)', () => {
  test('the B+tree since btree new, and the sessions typed, each the page its --html writes', async () => {
    const run = await runShellScript(`btree new --order 3
btree insert 5 9 12 7
btree delete 9
btree find 7
btree range 3 9
\\html tree.html
\\level repeatable-read
${typedWriteSkew('true')}
\\html skew.html
\\html btree again.html
\\html btree notes.txt
`);
    try {
      expect(run.output).toContain(`as a page: ${join(run.folder, 'tree.html')}`);
      expect(run.output).toContain('dbplay: \\html writes an HTML page: name it NAME.html, not notes.txt');
      expect(run.code).toBe(2);
      const tree = readPageData(readFileSync(join(run.folder, 'tree.html'), 'utf8')) as BtreePageData;
      expect(tree.operations).toEqual([
        'insert 5',
        'insert 9',
        'insert 12',
        'insert 7',
        'delete 9',
        'find 7',
        'range 3..9',
      ]);
      expect(tree.steps.map((step) => step.kind)).toContain('split');
      expect(tree.steps.map((step) => step.kind)).toContain('found');
      const skew = readPageData(readFileSync(join(run.folder, 'skew.html'), 'utf8')) as IsolationPageData;
      expect(skew.sessions.map((session) => session.status)).toEqual(['committed', 'committed']);
      expect(skew.internals.length).toBeGreaterThan(0);
      expect(skew.graph?.cycle?.anomaly).toBe('G2-item');
      expect(readFileSync(join(run.folder, 'again.html'), 'utf8')).toBe(
        readFileSync(join(run.folder, 'tree.html'), 'utf8'),
      );
    } finally {
      run.cleanup();
    }
  });
});
