/**
 * The B+tree against sorted-btree, the B+tree TypeScript users pick in production: the
 * same 1,000,000 random integer keys, in the same process, tracing off.
 *
 * Figures: insert all keys into an empty tree; look every key up (in another random
 * order); one full ordered scan; delete a random half; heap bytes per entry of the full
 * tree after a forced GC. Each timing is the median of several rounds, the two libraries
 * alternating within a round so that a busy machine slows both alike. The note gives the
 * ratio dbplay / sorted-btree: below 1.0, dbplay is faster or smaller.
 *
 * Both libraries run at their default node size (dbplay: order 64; sorted-btree: 32 keys).
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BPlusTree } from '@dbplay/btree';
import { SeededRandom } from '@dbplay/core';
import type * as SortedBTreeModule from 'sorted-btree';
import type { BenchResult } from './bench-result.ts';

// sorted-btree is CommonJS with its class on `exports.default`.
const SortedBTree = (createRequire(import.meta.url)('sorted-btree') as typeof SortedBTreeModule.default)
  .default;
type SortedBTree<K, V> = InstanceType<typeof SortedBTreeModule.default.default<K, V>>;

const keyCount = 1_000_000;
const rounds = 7;

/** The ratio a row reports: dbplay's figure over sorted-btree's. */
export interface RatioResult extends BenchResult {
  readonly ratio: number;
  readonly baseline: number;
}

// `gc()` without starting Node with --expose-gc: set the flag, then fetch the function
// from a fresh context, where V8 installs it.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Library {
  readonly name: string;
  create(): unknown;
  insertAll(tree: unknown, keys: readonly number[]): void;
  lookupAll(tree: unknown, keys: readonly number[]): number;
  scanForEach(tree: unknown): number;
  scanIterator(tree: unknown): number;
  deleteAll(tree: unknown, keys: readonly number[]): void;
}

const dbplay: Library = {
  name: 'dbplay',
  create: () => new BPlusTree<number, number>(),
  insertAll(tree, keys) {
    const t = tree as BPlusTree<number, number>;
    for (const key of keys) t.set(key, key);
  },
  lookupAll(tree, keys) {
    const t = tree as BPlusTree<number, number>;
    let sum = 0;
    for (const key of keys) sum += t.get(key) ?? 0;
    return sum;
  },
  scanForEach(tree) {
    let sum = 0;
    (tree as BPlusTree<number, number>).forEach((value) => {
      sum += value;
    });
    return sum;
  },
  scanIterator(tree) {
    let sum = 0;
    for (const [, value] of (tree as BPlusTree<number, number>).entries()) sum += value;
    return sum;
  },
  deleteAll(tree, keys) {
    const t = tree as BPlusTree<number, number>;
    for (const key of keys) t.delete(key);
  },
};

const sortedBtree: Library = {
  name: 'sorted-btree',
  create: () => new SortedBTree<number, number>(),
  insertAll(tree, keys) {
    const t = tree as SortedBTree<number, number>;
    for (const key of keys) t.set(key, key);
  },
  lookupAll(tree, keys) {
    const t = tree as SortedBTree<number, number>;
    let sum = 0;
    for (const key of keys) sum += t.get(key) ?? 0;
    return sum;
  },
  scanForEach(tree) {
    let sum = 0;
    (tree as SortedBTree<number, number>).forEachPair((_key, value) => {
      sum += value;
    });
    return sum;
  },
  scanIterator(tree) {
    let sum = 0;
    for (const [, value] of (tree as SortedBTree<number, number>).entries()) sum += value;
    return sum;
  },
  deleteAll(tree, keys) {
    const t = tree as SortedBTree<number, number>;
    for (const key of keys) t.delete(key);
  },
};

const figures = [
  'insert 1M random keys',
  'look up 1M keys',
  'ordered scan (forEach)',
  'ordered scan (for…of entries())',
  'delete a random half',
] as const;
type Figure = (typeof figures)[number];

function time(work: () => unknown): number {
  const started = performance.now();
  const result = work();
  const elapsed = performance.now() - started;
  // Keep the result observable so the work cannot be optimised away.
  (globalThis as { benchSink?: unknown }).benchSink = result;
  return elapsed;
}

function heapBytesPerEntry(library: Library, keys: readonly number[]): number {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const tree = library.create();
  library.insertAll(tree, keys);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  // Keep the tree reachable until after the measurement.
  (globalThis as { benchSink?: unknown }).benchSink = tree;
  (globalThis as { benchSink?: unknown }).benchSink = undefined;
  return (after - before) / keys.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function benchBtree(): Promise<RatioResult[]> {
  const random = new SeededRandom(42);
  const keys = random.shuffle(Array.from({ length: keyCount }, (_, i) => i * 7));
  const lookupOrder = random.shuffle([...keys]);
  const half = random.shuffle([...keys]).slice(0, keyCount / 2);
  // Keep the inputs reachable on globalThis, so V8 never frees them mid-run.
  (globalThis as { benchInputs?: unknown }).benchInputs = { keys, lookupOrder, half };

  const samples = new Map<string, number[]>();
  const record = (library: Library, figure: Figure, ms: number) => {
    const key = `${library.name}:${figure}`;
    samples.set(key, [...(samples.get(key) ?? []), ms]);
  };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [dbplay, sortedBtree] : [sortedBtree, dbplay];
    for (const library of order) {
      gc();
      const tree = library.create();
      record(
        library,
        'insert 1M random keys',
        time(() => library.insertAll(tree, keys)),
      );
      record(
        library,
        'look up 1M keys',
        time(() => library.lookupAll(tree, lookupOrder)),
      );
      record(
        library,
        'ordered scan (forEach)',
        time(() => library.scanForEach(tree)),
      );
      record(
        library,
        'ordered scan (for…of entries())',
        time(() => library.scanIterator(tree)),
      );
      record(
        library,
        'delete a random half',
        time(() => library.deleteAll(tree, half)),
      );
    }
  }

  const rows: RatioResult[] = figures.map((figure) => {
    const mine = samples.get(`dbplay:${figure}`) ?? [];
    const theirs = samples.get(`sorted-btree:${figure}`) ?? [];
    const ratio = median(mine) / median(theirs);
    return {
      name: figure,
      median: median(mine),
      min: Math.min(...mine),
      max: Math.max(...mine),
      samples: mine.length,
      ratio,
      baseline: median(theirs),
      note: `sorted-btree ${median(theirs).toFixed(0)} ms; ratio ${ratio.toFixed(2)}`,
    };
  });

  const memoryRounds = 2;
  const bytes = { dbplay: [] as number[], sortedBtree: [] as number[] };
  for (let round = 0; round < memoryRounds; round++) {
    bytes.dbplay.push(heapBytesPerEntry(dbplay, keys));
    bytes.sortedBtree.push(heapBytesPerEntry(sortedBtree, keys));
  }
  const mineBytes = median(bytes.dbplay);
  const theirBytes = median(bytes.sortedBtree);
  rows.push({
    name: 'heap bytes per entry (after GC)',
    median: mineBytes,
    min: Math.min(...bytes.dbplay),
    max: Math.max(...bytes.dbplay),
    samples: memoryRounds,
    ratio: mineBytes / theirBytes,
    baseline: theirBytes,
    note: `bytes, not ms; sorted-btree ${theirBytes.toFixed(1)}; ratio ${(mineBytes / theirBytes).toFixed(2)}`,
  });
  return rows;
}
