/**
 * The B+tree against sorted-btree, the B+tree TypeScript users pick in production: the
 * same 1,000,000 random integer keys, in the same process, tracing off.
 *
 * Figures: insert all keys into an empty tree; look every key up (in another random
 * order); one full ordered scan; delete a random half; heap bytes per entry of the full
 * tree after a forced GC. The two libraries take turns every 100,000 keys, so that a busy
 * machine slows both alike. The ratio dbplay / sorted-btree (below 1.0, dbplay is faster or
 * smaller) is taken between the best rounds, the ones least disturbed by other work on a
 * shared machine; the ratio of the medians is given too.
 *
 * Both libraries run at their default node size (dbplay: order 64; sorted-btree: 32 keys).
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BPlusTree } from '@dbplay/btree';
import { SeededRandom } from '@dbplay/core';
import type * as SortedBTreeModule from 'sorted-btree';
import { type BenchResult, median } from './bench-result.ts';

// sorted-btree is CommonJS with its class on `exports.default`.
const SortedBTree = (createRequire(import.meta.url)('sorted-btree') as typeof SortedBTreeModule.default)
  .default;
type SortedBTree<K, V> = InstanceType<typeof SortedBTreeModule.default.default<K, V>>;

const keyCount = 1_000_000;
const rounds = 5;
const sliceSize = 100_000;

/** The ratio a row reports: dbplay's figure over sorted-btree's. */
export interface RatioResult extends BenchResult {
  /** dbplay's best round over sorted-btree's best round. */
  readonly ratio: number;
  /** dbplay's median over sorted-btree's median. */
  readonly medianRatio: number;
  /** sorted-btree's best and median figures. */
  readonly baseline: { readonly min: number; readonly median: number };
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

export async function benchBtree(): Promise<RatioResult[]> {
  const random = new SeededRandom(42);
  const keys = random.shuffle(Array.from({ length: keyCount }, (_, i) => i * 7));
  const lookupOrder = random.shuffle([...keys]);
  const half = random.shuffle([...keys]).slice(0, keyCount / 2);
  // Keep the inputs reachable on globalThis, so V8 never frees them mid-run.
  (globalThis as { benchInputs?: unknown }).benchInputs = { keys, lookupOrder, half };

  // The work of each phase is cut into slices of 100,000 keys, and the two libraries take
  // turns slice by slice (the first to go alternating), each on its own tree. On a shared
  // machine, a burst of someone else's work then slows both libraries alike instead of
  // landing on one library's whole phase.
  const slices = (items: readonly number[]): number[][] => {
    const out: number[][] = [];
    for (let start = 0; start < items.length; start += sliceSize)
      out.push(items.slice(start, start + sliceSize));
    return out;
  };
  const keySlices = slices(keys);
  const lookupSlices = slices(lookupOrder);
  const halfSlices = slices(half);
  const scanTurns: number[][] = [[], [], [], []];

  const samples = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    gc();
    const trees = new Map<Library, unknown>([
      [dbplay, dbplay.create()],
      [sortedBtree, sortedBtree.create()],
    ]);
    const phase = (
      figure: Figure,
      parts: readonly (readonly number[])[],
      work: (library: Library, tree: unknown, part: readonly number[]) => unknown,
      perTurn = false,
    ): void => {
      const totals = new Map<Library, number>([
        [dbplay, 0],
        [sortedBtree, 0],
      ]);
      parts.forEach((part, i) => {
        const turn = (i + round) % 2 === 0 ? [dbplay, sortedBtree] : [sortedBtree, dbplay];
        for (const library of turn) {
          totals.set(
            library,
            (totals.get(library) ?? 0) + time(() => work(library, trees.get(library), part)),
          );
        }
      });
      for (const [library, total] of totals) {
        const key = `${library.name}:${figure}`;
        samples.set(key, [...(samples.get(key) ?? []), perTurn ? total / parts.length : total]);
      }
    };
    phase('insert 1M random keys', keySlices, (library, tree, part) => library.insertAll(tree, part));
    phase('look up 1M keys', lookupSlices, (library, tree, part) => library.lookupAll(tree, part));
    phase('ordered scan (forEach)', scanTurns, (library, tree) => library.scanForEach(tree), true);
    phase('ordered scan (for…of entries())', scanTurns, (library, tree) => library.scanIterator(tree), true);
    phase('delete a random half', halfSlices, (library, tree, part) => library.deleteAll(tree, part));
  }

  const rows: RatioResult[] = figures.map((figure) => {
    const mine = samples.get(`dbplay:${figure}`) ?? [];
    const theirs = samples.get(`sorted-btree:${figure}`) ?? [];
    const ratio = Math.min(...mine) / Math.min(...theirs);
    const medianRatio = median(mine) / median(theirs);
    return {
      name: figure,
      median: median(mine),
      min: Math.min(...mine),
      max: Math.max(...mine),
      samples: mine.length,
      ratio,
      medianRatio,
      baseline: { min: Math.min(...theirs), median: median(theirs) },
      note: `sorted-btree best ${Math.min(...theirs).toFixed(1)}, median ${median(theirs).toFixed(1)} ms; ratio ${ratio.toFixed(2)} best, ${medianRatio.toFixed(2)} median`,
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
    medianRatio: mineBytes / theirBytes,
    baseline: { min: Math.min(...bytes.sortedBtree), median: theirBytes },
    note: `bytes, not ms; sorted-btree ${theirBytes.toFixed(1)}; ratio ${(mineBytes / theirBytes).toFixed(2)}`,
  });
  return rows;
}
