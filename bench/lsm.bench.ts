/**
 * The LSM-tree against classic-level (LevelDB, what Node users pick for an embedded LSM
 * store), on the same machine in the same run: 200,000 random 16-byte keys with 100-byte
 * values, written one at a time and in batches of 1,000, read back in random order (keys
 * present, then absent), and scanned in full. Each side runs on a fresh directory, with
 * its defaults (4 MiB memtable, 10 bloom bits per key, writes not synced one by one; LevelDB
 * also compresses with snappy, which random values defeat).
 *
 * dbplay's API is synchronous, so each of its calls is one call; classic-level's is
 * asynchronous, so each `await db.get` pays a trip through the event loop and across the
 * native boundary. Its `getSync` is timed too, as the fairer comparison for point reads.
 * Also reported: write amplification after the single-put load (bytes written to tables,
 * and with dbplay's log too, per byte of keys and values).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@dbplay/core';
import { LsmTree } from '@dbplay/lsm';
import { type BenchResult, median } from './bench-result.ts';
import { type ClassicLevelDb, leveldbWrittenBytes, loadClassicLevel } from './lsm-classic-level.ts';

const count = 200_000;
const batchSize = 1_000;
const rounds = Number(process.env.LSM_BENCH_ROUNDS ?? 3);

interface LsmBenchResult extends BenchResult {
  /** Operations per second at the median. */
  readonly opsPerSecond: number;
  /** dbplay's ops/s over classic-level's, on dbplay's rows. */
  readonly ratio?: number;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomText(random: SeededRandom, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[random.int(0, alphabet.length - 1)];
  return out;
}

interface Workload {
  readonly keys: string[];
  readonly values: string[];
  readonly shuffled: string[];
  readonly absent: string[];
}

function workload(): Workload {
  const random = new SeededRandom('lsm-bench');
  const seen = new Set<string>();
  const keys: string[] = [];
  while (keys.length < count) {
    const key = randomText(random, 16);
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
  }
  const values = keys.map(() => randomText(random, 100));
  const absent: string[] = [];
  while (absent.length < count) {
    const key = randomText(random, 16);
    if (!seen.has(key)) absent.push(key);
  }
  return { keys, values, shuffled: random.shuffle([...keys]), absent };
}

type Phase =
  | 'put one at a time'
  | `put in batches of ${typeof batchSize}`
  | 'get, present keys'
  | 'get, absent keys'
  | 'full scan';

interface Engine {
  readonly name: string;
  open(dir: string): Promise<void>;
  put(key: string, value: string): Promise<void> | void;
  batch(keys: string[], values: string[], from: number, to: number): Promise<void> | void;
  get(key: string): Promise<unknown> | unknown;
  getSync?(key: string): unknown;
  scan(): Promise<number> | number;
  writtenBytes(): { tables: number; withLog?: number };
  close(): Promise<void> | void;
}

function dbplayEngine(): Engine {
  let tree: LsmTree | undefined;
  const use = () => tree as LsmTree;
  return {
    name: 'dbplay',
    open: async (dir) => {
      tree = await LsmTree.open({ dir });
    },
    put: (key, value) => use().put(key, value),
    batch: (keys, values, from, to) => {
      const operations = [];
      for (let i = from; i < to; i++)
        operations.push({ type: 'put' as const, key: keys[i] as string, value: values[i] as string });
      use().batch(operations);
    },
    get: (key) => use().get(key),
    scan: () => {
      let n = 0;
      for (const _ of use().scan()) n++;
      return n;
    },
    writtenBytes: () => {
      const c = use().counters();
      return {
        tables: c.flushBytes + c.compactionBytes,
        withLog: c.flushBytes + c.compactionBytes + c.walBytes,
      };
    },
    close: () => use().close(),
  };
}

function classicLevelEngine(): Engine {
  const ClassicLevel = loadClassicLevel();
  let db: ClassicLevelDb | undefined;
  const use = () => db as ClassicLevelDb;
  return {
    name: 'classic-level',
    open: async (dir) => {
      db = new ClassicLevel(dir);
      await db.open();
    },
    put: (key, value) => use().put(key, value),
    batch: (keys, values, from, to) => {
      const operations: { type: 'put'; key: string; value: string }[] = [];
      for (let i = from; i < to; i++)
        operations.push({ type: 'put', key: keys[i] as string, value: values[i] as string });
      return use().batch(operations);
    },
    get: (key) => use().get(key),
    getSync: (key) => use().getSync(key),
    scan: async () => {
      let n = 0;
      for await (const _ of use().iterator()) n++;
      return n;
    },
    writtenBytes: () => ({ tables: leveldbWrittenBytes(use().getProperty('leveldb.stats')) }),
    close: () => use().close(),
  };
}

async function time(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** One round for one engine: every phase, each on the database the phase needs. */
async function round(
  engine: Engine,
  data: Workload,
  timings: Map<string, number[]>,
  amplification: Map<string, { tables: number; withLog?: number }>,
) {
  const record = (phase: string, ms: number) =>
    timings.set(`${engine.name}: ${phase}`, [...(timings.get(`${engine.name}: ${phase}`) ?? []), ms]);
  const base = mkdtempSync(join(tmpdir(), `dbplay-bench-${engine.name}-`));
  try {
    await engine.open(join(base, 'single'));
    record(
      'put one at a time' satisfies Phase,
      await time(async () => {
        for (let i = 0; i < count; i++) await engine.put(data.keys[i] as string, data.values[i] as string);
      }),
    );
    amplification.set(engine.name, engine.writtenBytes());
    record(
      'get, present keys' satisfies Phase,
      await time(async () => {
        for (const key of data.shuffled)
          if ((await engine.get(key)) === undefined) throw new Error(`${engine.name} lost ${key}`);
      }),
    );
    record(
      'get, absent keys' satisfies Phase,
      await time(async () => {
        for (const key of data.absent)
          if ((await engine.get(key)) !== undefined) throw new Error(`${engine.name} invented ${key}`);
      }),
    );
    const getSync = engine.getSync;
    if (getSync !== undefined) {
      record(
        'getSync, present keys',
        await time(async () => {
          for (const key of data.shuffled)
            if (getSync(key) === undefined) throw new Error(`${engine.name} lost ${key}`);
        }),
      );
    }
    record(
      'full scan' satisfies Phase,
      await time(async () => {
        const seen = await engine.scan();
        if (seen !== count) throw new Error(`${engine.name} scanned ${seen} of ${count} entries`);
      }),
    );
    await engine.close();

    await engine.open(join(base, 'batched'));
    record(
      `put in batches of ${batchSize}` satisfies Phase,
      await time(async () => {
        for (let from = 0; from < count; from += batchSize)
          await engine.batch(data.keys, data.values, from, from + batchSize);
      }),
    );
    await engine.close();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export async function benchLsm(): Promise<LsmBenchResult[]> {
  const data = workload();
  const timings = new Map<string, number[]>();
  const amplification = new Map<string, { tables: number; withLog?: number }>();
  // Alternate the engines, so a slow moment on the machine hurts both.
  for (let r = 0; r < rounds; r++) {
    for (const engine of [classicLevelEngine(), dbplayEngine()])
      await round(engine, data, timings, amplification);
  }
  const userBytes = data.keys.reduce(
    (sum, key, i) => sum + key.length + (data.values[i] as string).length,
    0,
  );
  const rows: LsmBenchResult[] = [];
  const opsOf = (name: string) => {
    const ms = median(timings.get(name) ?? [Number.NaN]);
    return (count / ms) * 1000;
  };
  for (const [name, samples] of timings) {
    const ms = median(samples);
    const opsPerSecond = (count / ms) * 1000;
    const phase = name.slice(name.indexOf(': ') + 2);
    const mine = name.startsWith('dbplay:');
    const ratio = mine ? opsPerSecond / opsOf(`classic-level: ${phase}`) : undefined;
    const syncRatio =
      mine && phase === 'get, present keys'
        ? opsPerSecond / opsOf('classic-level: getSync, present keys')
        : undefined;
    const notes = [`${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s`];
    if (ratio !== undefined) notes.push(`${ratio.toFixed(2)}× classic-level`);
    if (syncRatio !== undefined) notes.push(`${syncRatio.toFixed(2)}× its getSync`);
    rows.push({
      name,
      median: ms,
      min: Math.min(...samples),
      max: Math.max(...samples),
      samples: samples.length,
      opsPerSecond,
      ...(ratio === undefined ? {} : { ratio }),
      note: notes.join(', '),
    });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  for (const [engine, written] of amplification) {
    const tables = (written.tables / userBytes).toFixed(2);
    const withLog =
      written.withLog === undefined
        ? 'log not reported'
        : `${(written.withLog / userBytes).toFixed(2)}× with the log`;
    rows.push({
      name: `${engine}: write amplification after the single puts`,
      median: 0,
      min: 0,
      max: 0,
      samples: 1,
      opsPerSecond: 0,
      note: `${tables}× to tables, ${withLog}`,
    });
  }
  return rows;
}
