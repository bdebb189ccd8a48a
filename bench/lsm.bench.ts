/**
 * The LSM-tree against classic-level (LevelDB, what Node users pick for an embedded LSM
 * store), on the same machine in the same run: 200,000 random 16-byte keys with 100-byte
 * values, written one at a time and in batches of 1,000, read back in random order (keys
 * present, then absent), and scanned in full; then, with every write synced (fdatasync
 * before it returns, `sync: true` in both), 1,000 single puts and 200 batches of 1,000.
 * Each side runs on a fresh directory, with its defaults: 4 MiB memtable, 2 MiB tables,
 * 4 KiB blocks, 10 bloom bits per key, an 8 MiB block cache, writes not synced one by one.
 * LevelDB compresses blocks with Snappy (classic-level's default), which these values
 * (random letters and digits) defeat: LevelDB keeps a block uncompressed unless Snappy
 * saves an eighth of it (table/table_builder.cc), so both store the bytes as they are;
 * the bytes on disk are reported for both.
 *
 * dbplay's API is synchronous, so each of its calls is one call; classic-level's is
 * asynchronous, so each `await db.get` pays a trip through the event loop and across the
 * native boundary. Its `getSync` is timed too, as the fairer comparison for point reads, after
 * the two passes of gets, and dbplay's `get` once more at the same point ("getSync" rows), so
 * that both synchronous reads meet equally warm stores.
 *
 * How the two are set side by side. On a shared machine the speed changes from second to
 * second (other processes, the disk's queue for an fdatasync), so two engines timed a minute
 * apart can differ by 2× for no reason of their own. Each ratio is therefore the median of
 * many pairs of equal work timed back to back: the reads and the synced writes run on both
 * stores open side by side, in slices (2,000 keys, 5 synced puts, 5 synced batches) that
 * alternate between the engines, the one going first changing every slice; the full scan
 * runs four times a round, the engines taking turns; loads, batched puts and reopening run
 * whole, one engine after the other, the first changing every round. The note gives the
 * median of the pairs' ratios, their quartiles and their minimum; the ops/s are each
 * engine's median round.
 *
 * Reopening the loaded store (200,000 entries, about 24 MB) is timed too: what opening costs
 * each engine, dbplay's checks of every table's digests included.
 *
 * Write amplification after the single-put load is measured from the file system for
 * both, the same way: the bytes the process passed to write(2) during the load (`wchar` in
 * /proc/self/io, LevelDB's background compactions included, waiting until they finish),
 * per byte of keys and values. "To tables" leaves out the write-ahead log: dbplay counts
 * its log bytes; LevelDB's are computed from its log format (@dbplay/learn's leveldb-log.ts). Both
 * also state their own counters (LevelDB's `leveldb.stats`, rounded to whole MB per level).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@dbplay/core';
import { bytesWrittenByProcess, leveldbLogBytes, writesSettled } from '@dbplay/learn';
import { LsmTree } from '@dbplay/lsm';
import { type BenchResult, median } from './bench-result.ts';
import {
  type ClassicLevelDb,
  directoryBytes,
  leveldbWrittenBytes,
  loadClassicLevel,
} from './lsm-classic-level.ts';

const count = 200_000;
const batchSize = 1_000;
const syncedPuts = 1_000;
const syncedBatches = 200;
const rounds = Number(process.env.LSM_BENCH_ROUNDS ?? 3);

interface LsmBenchResult extends BenchResult {
  /** Operations per second at the median. */
  readonly opsPerSecond: number;
  /** dbplay's ops/s over classic-level's, on dbplay's rows. */
  readonly ratio?: number;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Random letters and digits, as one flat string (not a chain of concatenations, which the first engine to read it would pay to flatten). */
function randomText(random: SeededRandom, length: number): string {
  const codes: number[] = [];
  for (let i = 0; i < length; i++) codes.push(alphabet.charCodeAt(random.int(0, alphabet.length - 1)));
  return String.fromCharCode(...codes);
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

/** Full scans per round, each a pair, the engine going first alternating. */
const scanPasses = 4;
const fullScan = `full scan, ${scanPasses} times` as const;

/** Each phase and how many operations it times. */
const phases = {
  'put one at a time': count,
  [`put in batches of ${batchSize}`]: count,
  'get, present keys': count,
  'get, absent keys': count,
  'getSync, present keys': count,
  [fullScan]: count * scanPasses,
  'reopen the store': 1,
  [`sync on: put one at a time (${syncedPuts})`]: syncedPuts,
  [`sync on: put in batches of ${batchSize} (${syncedBatches})`]: syncedBatches * batchSize,
} as const;
type Phase = keyof typeof phases;

interface Engine {
  readonly name: string;
  open(dir: string, sync: boolean): Promise<void>;
  put(key: string, value: string): Promise<void> | void;
  batch(keys: string[], values: string[], from: number, to: number): Promise<void> | void;
  get(key: string): Promise<unknown> | unknown;
  /** A synchronous get: classic-level's `getSync`; dbplay's `get`, which is synchronous. */
  getSync(key: string): unknown;
  scan(): Promise<number> | number;
  /** Bytes written to tables (and with the log), by the engine's own count. */
  ownCount(): { tables: number; withLog?: number };
  close(): Promise<void> | void;
}

function dbplayEngine(): Engine {
  let tree: LsmTree | undefined;
  const use = () => tree as LsmTree;
  return {
    name: 'dbplay',
    open: async (dir, sync) => {
      tree = await LsmTree.open({ dir, sync });
    },
    put: (key, value) => use().put(key, value),
    batch: (keys, values, from, to) => {
      const operations = [];
      for (let i = from; i < to; i++)
        operations.push({ type: 'put' as const, key: keys[i] as string, value: values[i] as string });
      use().batch(operations);
    },
    get: (key) => use().get(key),
    // The same call: timed again at the point where classic-level's getSync is, so both
    // synchronous reads run on equally warm stores.
    getSync: (key) => use().get(key),
    scan: () => {
      let n = 0;
      for (const _ of use().scan()) n++;
      return n;
    },
    ownCount: () => {
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
  let sync = false;
  const use = () => db as ClassicLevelDb;
  return {
    name: 'classic-level',
    open: async (dir, syncEachWrite) => {
      sync = syncEachWrite;
      db = new ClassicLevel(dir);
      await db.open();
    },
    put: (key, value) => use().put(key, value, { sync }),
    batch: (keys, values, from, to) => {
      const operations: { type: 'put'; key: string; value: string }[] = [];
      for (let i = from; i < to; i++)
        operations.push({ type: 'put', key: keys[i] as string, value: values[i] as string });
      return use().batch(operations, { sync });
    },
    get: (key) => use().get(key),
    getSync: (key) => use().getSync(key),
    scan: async () => {
      let n = 0;
      for await (const _ of use().iterator()) n++;
      return n;
    },
    ownCount: () => ({ tables: leveldbWrittenBytes(use().getProperty('leveldb.stats')) }),
    close: () => use().close(),
  };
}

/** What one engine wrote for the single-put load, and what its files took afterwards. */
interface Written {
  /** Bytes passed to write(2) during the load, or undefined without /proc. */
  readonly measured: number | undefined;
  readonly own: { tables: number; withLog?: number };
  /** Bytes of the store's files once closed. */
  onDisk: number;
}

/**
 * Keys per slice of a read phase, puts per slice of synced single puts, batches per slice of
 * synced batches. Short slices, so that most pairs meet neither a moment when the process is
 * descheduled nor one of the disk's stalls (on the shared disk, one fdatasync in ten took 4–7
 * ms instead of 0.2), and the median of the pairs is the engines' own speed.
 */
const readSlice = 2_000;
const syncedPutSlice = 5;
const syncedBatchSlice = 5;

/** Every timing of a run: each engine's time per phase and round, and the paired ratios. */
class Timings {
  /** `engine: phase` → milliseconds, one per round (a sliced phase's slices summed). */
  readonly perRound = new Map<string, number[]>();
  /** phase → classic-level's time over dbplay's, one per pair of equal pieces of work timed back to back. */
  readonly ratios = new Map<Phase, number[]>();

  add(engine: Engine, phase: Phase, round: number, ms: number): void {
    const key = `${engine.name}: ${phase}`;
    const samples = this.perRound.get(key) ?? [];
    samples[round] = (samples[round] ?? 0) + ms;
    this.perRound.set(key, samples);
  }

  pair(phase: Phase, dbplayMs: number, otherMs: number): void {
    this.ratios.set(phase, [...(this.ratios.get(phase) ?? []), otherMs / dbplayMs]);
  }

  /** Pairs the two engines' whole times of one round, for a phase not cut into slices. */
  pairRound(phase: Phase, round: number): void {
    const of = (engine: string) => this.perRound.get(`${engine}: ${phase}`)?.[round] as number;
    this.pair(phase, of('dbplay'), of('classic-level'));
  }
}

async function time(work: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Times the same work on both engines back to back, in the order given, and records both
 * times and their ratio: whatever else the machine is doing at that moment slows both.
 */
async function timePair(
  timings: Timings,
  phase: Phase,
  round: number,
  engines: readonly [Engine, Engine],
  work: (engine: Engine) => Promise<void> | void,
): Promise<void> {
  const ms = new Map<Engine, number>();
  for (const engine of engines) ms.set(engine, await time(() => work(engine)));
  for (const [engine, taken] of ms) timings.add(engine, phase, round, taken);
  const dbplay = engines.find((engine) => engine.name === 'dbplay') as Engine;
  const other = engines.find((engine) => engine.name !== 'dbplay') as Engine;
  timings.pair(phase, ms.get(dbplay) as number, ms.get(other) as number);
}

/**
 * A phase cut into slices of `slice` operations, each slice timed on both engines back to
 * back, the engine that goes first changing from slice to slice.
 */
async function timeSliced(
  timings: Timings,
  phase: Phase,
  round: number,
  engines: readonly [Engine, Engine],
  total: number,
  slice: number,
  work: (engine: Engine, from: number, to: number) => Promise<void> | void,
): Promise<void> {
  for (let from = 0, n = 0; from < total; from += slice, n++) {
    const to = Math.min(total, from + slice);
    const order = (n + round) % 2 === 0 ? engines : ([engines[1], engines[0]] as const);
    await timePair(timings, phase, round, order, (engine) => work(engine, from, to));
  }
}

const lost = (engine: Engine, key: string) => new Error(`${engine.name} lost ${key}`);

/**
 * One round: every phase on both engines. Loads and batched puts run on one engine at a
 * time (each with its background work, LevelDB's compaction threads, to itself), the engine
 * that goes first changing from round to round; reads and synced puts run on both stores
 * open side by side, alternating slice by slice.
 */
async function round(
  r: number,
  engines: readonly [Engine, Engine],
  data: Workload,
  timings: Timings,
  written: Map<string, Written>,
) {
  const base = mkdtempSync(join(tmpdir(), 'dbplay-bench-lsm-'));
  const dir = (engine: Engine, store: string) => join(base, `${engine.name}-${store}`);
  const order = r % 2 === 0 ? engines : ([engines[1], engines[0]] as const);
  try {
    const loads = new Map<Engine, Written>();
    for (const engine of order) {
      await engine.open(dir(engine, 'single'), false);
      const before = bytesWrittenByProcess();
      timings.add(
        engine,
        'put one at a time',
        r,
        await time(async () => {
          for (let i = 0; i < count; i++) await engine.put(data.keys[i] as string, data.values[i] as string);
        }),
      );
      // Waits for LevelDB's background compactions, so that they neither count against
      // the other engine's timings nor go missing from this one's bytes written.
      await writesSettled();
      const after = bytesWrittenByProcess();
      loads.set(engine, {
        measured: before === undefined || after === undefined ? undefined : after - before,
        own: engine.ownCount(),
        onDisk: 0,
      });
    }
    timings.pairRound('put one at a time', r);

    await timeSliced(timings, 'get, present keys', r, engines, count, readSlice, async (engine, from, to) => {
      for (let i = from; i < to; i++) {
        const key = data.shuffled[i] as string;
        if ((await engine.get(key)) === undefined) throw lost(engine, key);
      }
    });
    await timeSliced(timings, 'get, absent keys', r, engines, count, readSlice, async (engine, from, to) => {
      for (let i = from; i < to; i++) {
        const key = data.absent[i] as string;
        if ((await engine.get(key)) !== undefined) throw new Error(`${engine.name} invented ${key}`);
      }
    });
    // Both stores now warm; the synchronous reads compare on equal terms.
    await timeSliced(timings, 'getSync, present keys', r, engines, count, readSlice, (engine, from, to) => {
      for (let i = from; i < to; i++) {
        const key = data.shuffled[i] as string;
        if (engine.getSync(key) === undefined) throw lost(engine, key);
      }
    });
    for (let pass = 0; pass < scanPasses; pass++) {
      await timePair(timings, fullScan, r, pass % 2 === 0 ? order : [order[1], order[0]], async (engine) => {
        const seen = await engine.scan();
        if (seen !== count) throw new Error(`${engine.name} scanned ${seen} of ${count} entries`);
      });
    }
    for (const engine of engines) {
      await engine.close();
      const load = loads.get(engine) as Written;
      load.onDisk = directoryBytes(dir(engine, 'single'));
      if (!written.has(engine.name)) written.set(engine.name, load);
    }
    // Opening checks what the store holds: dbplay digests each table's index, filter and footer.
    await timePair(timings, 'reopen the store', r, order, async (engine) => {
      await engine.open(dir(engine, 'single'), false);
    });
    for (const engine of engines) await engine.close();

    for (const engine of order) {
      await engine.open(dir(engine, 'batched'), false);
      const ms = await time(async () => {
        for (let from = 0; from < count; from += batchSize)
          await engine.batch(data.keys, data.values, from, from + batchSize);
      });
      await writesSettled();
      await engine.close();
      timings.add(engine, `put in batches of ${batchSize}`, r, ms);
    }
    timings.pairRound(`put in batches of ${batchSize}`, r);

    for (const engine of engines) await engine.open(dir(engine, 'synced-single'), true);
    await timeSliced(
      timings,
      `sync on: put one at a time (${syncedPuts})`,
      r,
      engines,
      syncedPuts,
      syncedPutSlice,
      async (engine, from, to) => {
        for (let i = from; i < to; i++) await engine.put(data.keys[i] as string, data.values[i] as string);
      },
    );
    for (const engine of engines) await engine.close();

    for (const engine of engines) await engine.open(dir(engine, 'synced-batched'), true);
    await timeSliced(
      timings,
      `sync on: put in batches of ${batchSize} (${syncedBatches})`,
      r,
      engines,
      syncedBatches,
      syncedBatchSlice,
      async (engine, from, to) => {
        for (let b = from; b < to; b++)
          await engine.batch(data.keys, data.values, b * batchSize, (b + 1) * batchSize);
      },
    );
    for (const engine of engines) await engine.close();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** The quartiles' spread of some ratios, as "0.98–1.31". */
function spread(ratios: readonly number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `${at(0.25).toFixed(2)}–${at(0.75).toFixed(2)}`;
}

export async function benchLsm(): Promise<LsmBenchResult[]> {
  const data = workload();
  const timings = new Timings();
  const written = new Map<string, Written>();
  const engines = [classicLevelEngine(), dbplayEngine()] as const;
  for (let r = 0; r < rounds; r++) await round(r, engines, data, timings, written);
  const rows: LsmBenchResult[] = [];
  const opsOf = (name: string) => {
    const phase = name.slice(name.indexOf(': ') + 2) as Phase;
    return (phases[phase] / median(timings.perRound.get(name) ?? [Number.NaN])) * 1000;
  };
  for (const [name, samples] of timings.perRound) {
    const opsPerSecond = opsOf(name);
    const phase = name.slice(name.indexOf(': ') + 2) as Phase;
    const ratios = name.startsWith('dbplay:') ? (timings.ratios.get(phase) ?? []) : [];
    const ratio = ratios.length === 0 ? undefined : median(ratios);
    const notes = [`${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s`];
    if (ratio !== undefined) {
      notes.push(
        `${ratio.toFixed(2)}× classic-level (median of ${ratios.length} pairs; quartiles ${spread(ratios)}, min ${Math.min(...ratios).toFixed(2)})`,
      );
    }
    rows.push({
      name,
      median: median(samples),
      min: Math.min(...samples),
      max: Math.max(...samples),
      samples: samples.length,
      opsPerSecond,
      ...(ratio === undefined ? {} : { ratio }),
      note: notes.join(', '),
    });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  written.set(leveldbShaped, await loadWithLeveldbNumbers(data));
  return [...rows, ...amplificationRows(data, written)];
}

const leveldbShaped = 'dbplay, leveled with LevelDB’s numbers';

/**
 * The single-put load once more, untimed, on dbplay with LevelDB's numbers for the leveled
 * strategy instead of mini-lsm's: L0 compacts at 4 tables (LevelDB's
 * `kL0_CompactionTrigger`), levels grow 10× (`max_bytes_for_level_multiplier`) from 10 MiB
 * (`MaxBytesForLevel` of L1). That separates what the strategy's parameters cost from what
 * the store does.
 */
async function loadWithLeveldbNumbers(data: Workload): Promise<Written> {
  const dir = mkdtempSync(join(tmpdir(), 'dbplay-bench-shaped-'));
  try {
    const tree = await LsmTree.open({
      dir,
      compaction: {
        strategy: 'leveled',
        level0FileNumCompactionTrigger: 4,
        levelSizeMultiplier: 10,
        baseLevelSize: 10 * 2 ** 20,
      },
    });
    const before = bytesWrittenByProcess();
    for (let i = 0; i < count; i++) tree.put(data.keys[i] as string, data.values[i] as string);
    const after = bytesWrittenByProcess();
    const c = tree.counters();
    tree.close();
    return {
      measured: before === undefined || after === undefined ? undefined : after - before,
      own: {
        tables: c.flushBytes + c.compactionBytes,
        withLog: c.flushBytes + c.compactionBytes + c.walBytes,
      },
      onDisk: directoryBytes(dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Write amplification and bytes on disk after the single-put load, one row per engine and figure. */
function amplificationRows(data: Workload, written: Map<string, Written>): LsmBenchResult[] {
  const userBytes = data.keys.reduce(
    (sum, key, i) => sum + key.length + (data.values[i] as string).length,
    0,
  );
  const times = (bytes: number) => `${(bytes / userBytes).toFixed(2)}×`;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const logOf: Record<string, number | undefined> = {
    // Every single put is a batch of one in LevelDB's log.
    'classic-level': leveldbLogBytes(
      data.keys.map((key, i) => [[key.length, (data.values[i] as string).length]]),
    ),
    dbplay: undefined,
  };
  const row = (name: string, note: string): LsmBenchResult => ({
    name,
    median: 0,
    min: 0,
    max: 0,
    samples: 1,
    opsPerSecond: 0,
    note,
  });
  const rows: LsmBenchResult[] = [];
  for (const [engine, load] of written) {
    const log =
      logOf[engine] ?? (load.own.withLog === undefined ? undefined : load.own.withLog - load.own.tables);
    const notes: string[] = [];
    if (load.measured !== undefined) {
      notes.push(`${times(load.measured)} with the log (${mib(load.measured)} written, measured)`);
      if (log !== undefined) notes.push(`${times(load.measured - log)} to tables and manifest`);
    }
    const own = load.own.withLog === undefined ? '' : `, ${times(load.own.withLog)} with the log`;
    notes.push(`its own count: ${times(load.own.tables)} to tables${own}`);
    rows.push(row(`${engine}: write amplification after the single puts`, notes.join('; ')));
    rows.push(
      row(
        `${engine}: bytes on disk after the single puts`,
        `${mib(load.onDisk)}, ${times(load.onDisk)} the keys and values`,
      ),
    );
  }
  return rows;
}
