/**
 * `dbplay lsm …` as a user runs it: a store in a directory poked at command after command
 * (a golden transcript), `--json` everywhere, `--trace` and `--step`, `load`, `simulate`,
 * and every way to get it wrong, each with one line on stderr and exit code 2.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { scratchDirectory } from '@dbplay/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, dbplayBin, repoRoot, runDbplay } from './run-cli.ts';

// Stores in memory when there is room: a synced write is an fsync, free on a tmpfs (see
// packages/lsm/test/temp-dir.ts for why the tests lose nothing by it).
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
function freshDir(): string {
  const dir = mkdtempSync(join(scratchDirectory(), 'dbplay-lsm-cli-'));
  made.push(dir);
  return dir;
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('dbplay lsm, a store across commands', () => {
  it('puts, gets, deletes, scans, flushes, compacts, draws and measures, as in the golden transcript', async () => {
    const dir = freshDir();
    const store = join(dir, 'store');
    const session: string[][] = [
      [
        'put',
        'apple',
        'red',
        '--memtable-size',
        '200',
        '--strategy',
        'leveled',
        '--level0-file-num-compaction-trigger',
        '2',
        '--max-levels',
        '3',
      ],
      ['put', 'banana', 'yellow'],
      ['put', 'cherry', 'dark red'],
      ['put', 'date', 'brown'],
      ['put', 'elderberry', 'purple'],
      ['put', 'fig', 'green'],
      ['put', 'grape', 'purple'],
      ['delete', 'banana'],
      ['get', 'cherry'],
      ['get', 'banana'],
      ['scan', '--from', 'b', '--to', 'f'],
      ['flush'],
      ['get', 'apple', '--trace'],
      ['compact'],
      ['draw'],
      ['stats'],
    ];
    const transcript: string[] = [];
    for (const args of session) {
      const [command, ...rest] = args;
      const run = await runDbplay(['lsm', command as string, '--dir', store, ...rest]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      transcript.push(`$ dbplay lsm ${args.join(' ')}`, run.stdout.trimEnd(), '');
    }
    await expect(transcript.join('\n')).toMatchFileSnapshot('golden/lsm-cli-session.txt');
    expect(readdirSync(store).sort()).toEqual(expect.arrayContaining(['MANIFEST']));
    expect(readdirSync(store)).not.toContain('LOCK');
  });

  it('answers --json with one document for every command', async () => {
    const store = join(freshDir(), 'store');
    const json = async (...args: string[]) => {
      const run = await runDbplay(['lsm', ...args, '--dir', store, '--json']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as Record<string, unknown>;
    };
    expect(await json('put', 'k1', 'v1', '--memtable-size', '128', '--trace')).toMatchObject({
      ok: true,
      operation: 'put',
      key: 'k1',
      value: 'v1',
      memtable: { entries: 1 },
      steps: [{ kind: 'write', touched: ['memtable'] }],
    });
    for (let i = 2; i <= 6; i++) await json('put', `k${i}`, 'v'.repeat(30));
    expect(await json('delete', 'k2')).toMatchObject({ ok: true, operation: 'delete', key: 'k2' });
    expect(await json('get', 'k1')).toEqual({ ok: true, key: 'k1', found: true, value: 'v1' });
    expect(await json('get', 'k2')).toEqual({ ok: true, key: 'k2', found: false, value: null });
    expect(await json('scan', '--limit', '2')).toEqual({
      ok: true,
      entries: [
        { key: 'k1', value: 'v1' },
        { key: 'k3', value: 'v'.repeat(30) },
      ],
      count: 2,
      truncated: true,
    });
    expect(await json('flush')).toMatchObject({ ok: true, operation: 'flush' });
    expect(await json('compact')).toMatchObject({
      ok: true,
      operation: 'compact',
      snapshot: { strategy: 'leveled' },
    });
    expect(await json('draw')).toMatchObject({ strategy: 'leveled', memtableLimit: 128 });
    const stats = await json('stats');
    expect(stats).toMatchObject({
      strategy: 'leveled',
      space: { liveKeys: 5 },
      counters: { puts: 6, deletes: 1 },
    });
    expect((stats.writeAmplification as { total: number }).total).toBeGreaterThan(1);
  }, 300_000); // a dozen CLI runs: slow on a busy machine

  it('shows each step with a drawing under --step, waiting for a line of input between steps', async () => {
    const store = join(freshDir(), 'store');
    await runDbplay(['lsm', 'put', 'a', 'x'.repeat(20), '--dir', store, '--memtable-size', '64']);
    const run = await runDbplay(['lsm', 'put', 'b', 'y'.repeat(20), '--dir', store, '--step'], {
      input: '\n\n\n\n\n\n\n\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\. write {2}Put "b" = "y{20}": appended to 000001\.wal/);
    expect(run.stdout).toContain('2. freeze  The memtable holds');
    expect(run.stdout).toContain('3. flush  The frozen memtable is written in key order as table #3');
    expect(run.stdout).toContain('║ #3 a .. b');
    expect(run.stderr).toContain('Enter: next step');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^stored "b" \(memtable: 0 entries, 0 of 64 bytes\); the memtable was flushed to a table/,
    );
  });

  it('takes the Enters for --step from a file, as a scripted session does', async () => {
    const dir = freshDir();
    const store = join(dir, 'store');
    const script = join(dir, 'enters.txt');
    writeFileSync(script, '\n\n');
    // A store to read from: reading commands refuse a folder with no store.
    await runDbplay(['lsm', 'put', 'something', 'else', '--dir', store]);
    const run = await new Promise<CliRun>((resolve, reject) => {
      const input = openSync(script, 'r');
      const child = spawn(process.execPath, [dbplayBin, 'lsm', 'get', 'nothing', '--dir', store, '--step'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
        stdio: [input, 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        closeSync(input);
        resolve({ code, stdout, stderr });
      });
    });
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2. result  "nothing" is not in the store');
    expect(run.stdout.trimEnd().endsWith('(not found)')).toBe(true);
  });

  it('loads N seeded random keys and reports the metrics', async () => {
    const store = join(freshDir(), 'store');
    const run = await runDbplay([
      'lsm',
      'load',
      '--dir',
      store,
      '--n',
      '500',
      '--memtable-size',
      '4096',
      '--strategy',
      'tiered',
      '--num-tiers',
      '3',
      '--value-size',
      '20',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(''); // the progress bar shows only on a terminal
    expect(run.stdout).toMatch(/^wrote 500 keys\nLSM-tree \(tiered compaction\)/);
    expect(run.stdout).toMatch(/│ writes +│ +500 puts, 0 deletes │/);
    const json = await runDbplay(['lsm', 'load', '--dir', store, '--n', '100', '--seed', '2', '--json']);
    const document = JSON.parse(json.stdout) as {
      written: number;
      metrics: { counters: { puts: number }; space: { liveKeys: number } };
    };
    expect(document.written).toBe(100);
    expect(document.metrics.counters.puts).toBe(600);
    expect(document.metrics.space.liveKeys).toBe(600);
  });
});

describe("the README's LSM example", () => {
  it("creates a small store with the default strategy's parameters, and the load flushes and compacts", async () => {
    const store = join(freshDir(), 'fruit');
    // Exactly the README's first two commands (issue 12 item 15: the first one exited 2).
    const put = await runDbplay(
      'lsm put --dir STORE apple red --memtable-size 1024 --sst-size 2048 --base-level-size 4096 --max-levels 3'
        .split(' ')
        .map((word) => (word === 'STORE' ? store : word)),
    );
    expect(put.stderr).toBe('');
    expect(put.stdout).toBe('stored "apple" (memtable: 1 entry, 24 of 1024 bytes)\n');
    const load = await runDbplay([
      'lsm',
      'load',
      '--dir',
      store,
      '--n',
      '300',
      '--value-size',
      '20',
      '--json',
    ]);
    expect(load.code).toBe(0);
    const { metrics } = JSON.parse(load.stdout) as {
      metrics: { counters: { flushes: number; compactions: number }; strategy: string };
    };
    expect(metrics.strategy).toBe('leveled');
    expect(metrics.counters.flushes).toBeGreaterThan(5);
    expect(metrics.counters.compactions).toBeGreaterThan(0);
    const draw = JSON.parse((await runDbplay(['lsm', 'draw', '--dir', store, '--json'])).stdout) as {
      memtableLimit: number;
      runs: unknown[];
    };
    expect(draw.memtableLimit).toBe(1024);
    expect(draw.runs).toHaveLength(4); // L0 and --max-levels 3
  });
});

describe('dbplay lsm simulate', () => {
  it('prints mini-lsm-style transcripts, and the final figures as JSON', async () => {
    const run = await runDbplay(['lsm', 'simulate', 'simple', '--iterations', '4']);
    expect(run.code).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('golden/lsm-simulate-simple-4.txt');
    const json = await runDbplay(['lsm', 'simulate', 'tiered', '--num-tiers', '3', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      writeAmplification: expect.any(Number),
      maxSpaceAmplification: expect.any(Number),
      readAmplification: expect.any(Number),
      levels: expect.any(Array),
    });
    const defaults = JSON.parse((await runDbplay(['lsm', 'simulate', 'leveled', '--json'])).stdout) as {
      levels: number[];
    };
    expect(defaults.levels).toHaveLength(5); // L0 and mini-lsm's default 4 levels
  });

  it('refuses a misspelt strategy and a flag of another strategy', async () => {
    const typo = await runDbplay(['lsm', 'simulate', 'tierd']);
    expect(typo.code).toBe(2);
    expect(lines(typo.stderr)).toEqual([
      "dbplay: unknown compaction strategy 'tierd' (did you mean 'tiered'?); the strategies are simple, tiered, leveled",
    ]);
    const wrong = await runDbplay(['lsm', 'simulate', 'simple', '--num-tiers', '3', '--json']);
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout)).toEqual({
      ok: false,
      error: {
        code: 'bad-input',
        message:
          '--num-tiers is a parameter of tiered compaction, not of simple; simple takes --level0-file-num-compaction-trigger, --max-levels, --size-ratio-percent',
      },
    });
  });
});

describe('dbplay lsm, bad input', () => {
  it('exits 2 with one line for each mistake', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const store = join(freshDir(), 'store');
    await runDbplay(['lsm', 'put', 'a', 'b', '--dir', store, '--strategy', 'tiered']);
    const cases: [string[], string][] = [
      [
        ['lsm', 'put', 'a', 'b'],
        "dbplay: required option '--dir <dir>' not specified; see 'dbplay lsm --help'",
      ],
      [
        ['lsm', 'get', 'a', '--dir', dir],
        `dbplay: ${dir} is not a dbplay LSM store: it has no MANIFEST and holds other files (notes.txt) (give an empty or new directory to create a store there)`,
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', store, '--memtable-size', 'big'],
        "dbplay: --memtable-size needs a whole number, at least 0; got 'big'",
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', store, '--memtable-size', '10'],
        'dbplay: the memtable size must be a whole number from 64 to 1073741824; got 10',
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', store, '--strategy', 'leveled'],
        `dbplay: ${store} was created with the tiered compaction strategy and cannot switch to leveled (open it without a strategy, or use a new directory)`,
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', store, '--strategy', 'levelled'],
        "dbplay: unknown compaction strategy 'levelled' (did you mean 'leveled'?); the strategies are simple, tiered, leveled",
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', store, '--max-levels', '3'],
        "dbplay: --max-levels is a parameter of simple and leveled compaction, not of tiered, this store's strategy; tiered takes --num-tiers, --max-size-amplification-percent, --size-ratio, --min-merge-width, --max-merge-width",
      ],
      [
        ['lsm', 'put', 'a', 'b', '--dir', join(dir, 'new'), '--num-tiers', '3'],
        'dbplay: --num-tiers is a parameter of tiered compaction, not of leveled, the default strategy; leveled takes --level0-file-num-compaction-trigger, --max-levels, --level-size-multiplier, --base-level-size-mb, --base-level-size',
      ],
      [
        ['lsm', 'get', 'a', '--dir', store, '--trace', '--step'],
        "dbplay: option '--trace' cannot be used with option '--step'; see 'dbplay lsm --help'",
      ],
      [
        ['lsm', 'simulate', 'leveled', '--base-level-size', '4096', '--base-level-size-mb', '1'],
        'dbplay: give the base level size once: --base-level-size-mb or --base-level-size',
      ],
      [
        ['lsm', 'load', '--dir', store],
        "dbplay: required option '--n <count>' not specified; see 'dbplay lsm --help'",
      ],
      [
        ['lsm', 'load', '--dir', store, '--n', '100000000000'],
        'dbplay: --n must be from 1 to 10,000,000 keys; got 100000000000',
      ],
      [
        ['lsm', 'load', '--dir', store, '--n', '10', '--key-size', '1000000000'],
        'dbplay: --key-size must be from 1 to 65536 bytes (64 KiB); got 1000000000',
      ],
      [
        ['lsm', 'load', '--dir', store, '--n', '10', '--value-size', '600000000'],
        'dbplay: --value-size must be at most 4194304 bytes (4 MiB); got 600000000',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runDbplay(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr)).toEqual([message]);
      expect(run.stdout).toBe('');
    }
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  }, 300_000);

  it('refuses a load that would not fit on the disk, before writing anything', async () => {
    const store = join(freshDir(), 'store');
    const run = await runDbplay(['lsm', 'load', '--dir', store, '--n', '9000000', '--value-size', '4000000']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        /^dbplay: --n 9000000 keys of 16 \+ 4000000 bytes need about [\d.]+ GiB \(each written to the log and to a table\), more than the [\d.]+ (GiB|MiB) free where .* is \(load fewer keys, or smaller ones\)$/,
      ),
    ]);
    expect(readdirSync(join(store, '..'))).toEqual([]);
  });

  it('reading commands on a folder with no store say so, exit 2, and create nothing', async () => {
    const dir = freshDir();
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    for (const target of [join(dir, 'typo-store'), empty]) {
      for (const args of [['get', 'apple'], ['scan'], ['stats'], ['draw']]) {
        const run = await runDbplay(['lsm', ...args, '--dir', target]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(lines(run.stderr)).toEqual([
          `dbplay: no LSM store in ${target} (check the directory, or write to it to create a store)`,
        ]);
      }
    }
    expect(readdirSync(dir)).toEqual(['empty']);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('reports a deleted log and a swapped table with the file and what is wrong, exit 2', async () => {
    const make = async () => {
      const store = join(freshDir(), 'store');
      // Four L0 tables before a compaction, so the two flushes stay two tables.
      await runDbplay([
        'lsm',
        'put',
        'a',
        'first',
        '--dir',
        store,
        '--level0-file-num-compaction-trigger',
        '4',
      ]);
      await runDbplay(['lsm', 'delete', 'a', '--dir', store]);
      for (const prefix of ['a', 'b']) {
        for (let i = 0; i < 4; i++) {
          await runDbplay(['lsm', 'put', `${prefix}${i}`, 'x'.repeat(10), '--dir', store]);
        }
        await runDbplay(['lsm', 'flush', '--dir', store]);
      }
      await runDbplay(['lsm', 'put', 'c', 'later', '--dir', store]);
      return store;
    };
    const withoutLog = await make();
    const log = readdirSync(withoutLog).find((name) => name.endsWith('.wal')) as string;
    rmSync(join(withoutLog, log));
    const missing = await runDbplay(['lsm', 'get', 'c', '--dir', withoutLog]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(`^dbplay: ${join(withoutLog, log)} is missing, but the manifest names it as the live log`),
      ),
    ]);
    const swapped = await make();
    const [first, second] = readdirSync(swapped)
      .filter((name) => name.endsWith('.sst'))
      .sort() as [string, string];
    copyFileSync(join(swapped, first), join(swapped, second));
    const wrong = await runDbplay(['lsm', 'get', 'a1', '--dir', swapped]);
    expect(wrong.code).toBe(2);
    // (The two tables differ in size here; same-size swaps are detection.test.ts's.)
    expect(lines(wrong.stderr)).toEqual([
      `dbplay: ${join(swapped, second)}: the manifest says 142 bytes, but the file has 149; the SSTable is corrupt`,
    ]);
  }, 300_000);

  it('refuses a store another process has open', async () => {
    const store = join(freshDir(), 'store');
    const holder = spawn(process.execPath, ['--import', 'tsx', 'packages/lsm/test/hold-store.ts', store], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const run = await runDbplay(['lsm', 'get', 'held', '--dir', store]);
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        `dbplay: ${store} is locked by process ${holder.pid}, which has the store open (wait for it to finish, or stop it; ${join(store, 'LOCK.1')} names the process)`,
      ]);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
