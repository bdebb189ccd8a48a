/**
 * The store against a plain `Map`: random puts, deletes, batches, gets and scans, with
 * flushes, full compactions and (on disk) close-and-reopen interleaved, for every
 * compaction strategy. Tiny memtables, tables and blocks make every run flush and compact
 * many times, so the read path meets memtables, L0, levels and tiers in every combination.
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompactionOptions } from '../src/compaction/strategy.ts';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { byteOrder, modelEntries, smallKey } from './model-order.ts';
import { tempDir } from './temp-dir.ts';

type Op =
  | { op: 'put'; key: string; value: string }
  | { op: 'delete'; key: string }
  | { op: 'batch'; writes: { key: string; value: string | null }[] }
  | { op: 'get'; key: string }
  | { op: 'scan'; from?: string; to?: string }
  | { op: 'flush' }
  | { op: 'compact' }
  | { op: 'reopen' };

const value = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: 20, maxLength: 60 }));

function operations(onDisk: boolean): fc.Arbitrary<Op[]> {
  const op = fc.oneof(
    { weight: 10, arbitrary: fc.record({ op: fc.constant('put' as const), key: smallKey, value }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key: smallKey }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('batch' as const),
        writes: fc.array(fc.record({ key: smallKey, value: fc.option(value, { nil: null }) }), {
          minLength: 1,
          maxLength: 6,
        }),
      }),
    },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('get' as const), key: smallKey }) },
    {
      weight: 2,
      arbitrary: fc.record(
        { op: fc.constant('scan' as const), from: smallKey, to: smallKey },
        { requiredKeys: ['op'] },
      ),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'flush' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'compact' as const }) },
    { weight: onDisk ? 2 : 0, arbitrary: fc.constant({ op: 'reopen' as const }) },
  );
  // Long runs by default (size 'max'), but free to shrink to a few operations when one fails.
  return fc.array(op, { maxLength: onDisk ? 80 : 150, size: 'max' });
}

const strategies: Record<string, CompactionOptions> = {
  simple: { strategy: 'simple' },
  tiered: { strategy: 'tiered', numTiers: 3 },
  leveled: { strategy: 'leveled', baseLevelSize: 600, level0FileNumCompactionTrigger: 2 },
};

const tiny = { memtableSize: 200, sstSize: 300, blockSize: 64 };

// A failing run is shrunk for at most this long, then reported as far as it got.
const shrinkingBudget = { interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true };

// What the runs made the store do, so the suite can check it was not all memtable.
const exercised = new Map<string, { flushes: number; compactions: number; reopens: number }>();

/** Key ranges of every level or tier after L0 are sorted and do not overlap. */
function checkShape(tree: LsmTree): void {
  for (const run of tree.snapshot().runs) {
    if (run.name === 'L0') continue;
    for (let i = 1; i < run.tables.length; i++) {
      const before = run.tables[i - 1];
      const after = run.tables[i];
      if (before === undefined || after === undefined) continue;
      expect(byteOrder(before.lastKey, after.firstKey), `${run.name} overlaps`).toBeLessThan(0);
    }
  }
}

async function play(
  ops: readonly Op[],
  compaction: CompactionOptions,
  bloomBitsPerKey: number,
  dir?: string,
  tableMemorySize?: number,
) {
  // tableMemorySize: every table read a block at a time (0), some read whole (a budget of a
  // few tables), or all of them (the default).
  const open = () => LsmTree.open({ ...tiny, dir, compaction, bloomBitsPerKey, tableMemorySize });
  let tree = await open();
  const model = new Map<string, string>();
  try {
    for (const step of ops) {
      switch (step.op) {
        case 'put':
          tree.put(step.key, step.value);
          model.set(step.key, step.value);
          break;
        case 'delete':
          tree.delete(step.key);
          model.delete(step.key);
          break;
        case 'batch':
          tree.batch(
            step.writes.map((w) =>
              w.value === null ? { type: 'del', key: w.key } : { type: 'put', key: w.key, value: w.value },
            ),
          );
          for (const w of step.writes) {
            if (w.value === null) model.delete(w.key);
            else model.set(w.key, w.value);
          }
          break;
        case 'get':
          expect(tree.get(step.key)).toBe(model.get(step.key));
          break;
        case 'scan':
          expect([...tree.scan(step.from, step.to)]).toEqual(modelEntries(model, step.from, step.to));
          break;
        case 'flush':
          tree.flush();
          break;
        case 'compact':
          tree.compact();
          break;
        case 'reopen':
          tree.close();
          tree = await open();
          break;
      }
      checkShape(tree);
    }
    expect([...tree.scan()]).toEqual(modelEntries(model));
    const metrics = tree.metrics();
    expect(metrics.space.liveKeys).toBe(model.size);
    const strategy = typeof compaction === 'string' ? compaction : compaction.strategy;
    const seen = exercised.get(strategy) ?? { flushes: 0, compactions: 0, reopens: 0 };
    seen.flushes += metrics.counters.flushes;
    seen.compactions += metrics.counters.compactions;
    seen.reopens += ops.filter((o) => o.op === 'reopen').length;
    exercised.set(strategy, seen);
  } finally {
    tree.close();
  }
}

const tableMemory = fc.constantFrom(0, 2048, undefined);

describe.each(Object.entries(strategies))('%s compaction agrees with a Map', (_name, compaction) => {
  it('in memory', async () => {
    await fc.assert(
      fc.asyncProperty(operations(false), fc.constantFrom(0, 10), tableMemory, (ops, bits, memory) =>
        play(ops, compaction, bits, undefined, memory),
      ),
      { numRuns: 100, ...shrinkingBudget },
    );
  });

  it('on disk, reopened between operations', async () => {
    await fc.assert(
      fc.asyncProperty(operations(true), fc.constantFrom(0, 10), tableMemory, async (ops, bits, memory) => {
        // One directory per run, removed at once: shrinking can make hundreds of runs.
        const dir = tempDir('model');
        try {
          await play(ops, compaction, bits, dir, memory);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 30, ...shrinkingBudget },
    );
  });

  it('made the store flush, compact and reopen many times', () => {
    const seen = exercised.get(compaction.strategy);
    // About a third of what a typical run of the suite does.
    expect(seen?.flushes).toBeGreaterThan(300);
    expect(seen?.compactions).toBeGreaterThan(200);
    expect(seen?.reopens).toBeGreaterThan(25);
  });
});
