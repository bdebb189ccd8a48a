/**
 * Each compaction strategy's rules, one trigger at a time, on hand-made shapes.
 */
import { describe, expect, it } from 'vitest';
import {
  type CompactionController,
  shapeAfterFlush,
  shapeAfterFullCompaction,
} from '../src/compaction/controller.ts';
import { LeveledController, leveledDefaults } from '../src/compaction/leveled.ts';
import type { LsmShape, TableMeta } from '../src/compaction/shape.ts';
import { SimpleLeveledController, simpleLeveledDefaults } from '../src/compaction/simple-leveled.ts';
import { resolveCompactionOptions } from '../src/compaction/strategy.ts';
import { inputRuns } from '../src/compaction/task.ts';
import { TieredController, tieredDefaults } from '../src/compaction/tiered.ts';
import { keyBytes } from '../src/simulator/simulator.ts';
import { expectBadInput } from './expect-error.ts';

const levels = (...runs: number[][]) => runs.map((tables, i) => ({ id: i + 1, tables }));
const tiers = (...runs: number[][]) => runs.map((tables) => ({ id: tables[0] as number, tables }));
const noTables = (id: number): TableMeta => {
  throw new RangeError(`no table ${id}`);
};

describe('simple leveled', () => {
  const controller = new SimpleLeveledController(simpleLeveledDefaults);

  it('merges all of L0 into L1 once L0 reaches the trigger', () => {
    const shape: LsmShape = { l0: [4, 5], levels: levels([3], [], []) };
    const task = controller.pick(shape);
    expect(task).toMatchObject({
      trigger: { kind: 'level0-file-count', files: 2, trigger: 2 },
      upperLevel: 0,
      upperTables: [4, 5],
      lowerLevel: 1,
      lowerTables: [3],
      toBottomLevel: false,
    });
    expect(inputRuns(task as never)).toEqual([[5], [4], [3]]);
    expect(controller.apply(shape, task as never, [6, 7, 8])).toEqual({
      shape: { l0: [], levels: levels([6, 7, 8], [], []) },
      removed: [4, 5, 3],
    });
  });

  it('merges a level into the next when the next holds less than sizeRatioPercent of its files', () => {
    const shape: LsmShape = { l0: [9], levels: levels([1, 2], [3, 4, 5], [6, 7, 8, 10, 11, 12]) };
    expect(controller.pick(shape)).toMatchObject({
      trigger: {
        kind: 'level-size-ratio',
        upper: 1,
        lower: 2,
        upperFiles: 2,
        lowerFiles: 3,
        limitPercent: 200,
      },
      upperTables: [1, 2],
      lowerTables: [3, 4, 5],
      toBottomLevel: false,
    });
    const deeper: LsmShape = { l0: [], levels: levels([], [3, 4, 5], [6, 7, 8]) };
    expect(controller.pick(deeper)).toMatchObject({ upperLevel: 2, lowerLevel: 3, toBottomLevel: true });
    expect(controller.pick({ l0: [9], levels: levels([1], [2, 3], [4, 5, 6, 7]) })).toBeUndefined();
    expect(controller.pick({ l0: [], levels: levels([], [], []) })).toBeUndefined();
  });
});

describe('tiered', () => {
  const controller = new TieredController({ ...tieredDefaults, numTiers: 3 });

  it('waits for numTiers tiers', () => {
    expect(controller.pick({ l0: [], levels: tiers([2], [1]) })).toBeUndefined();
  });

  it('merges everything when the upper tiers reach the space amplification limit', () => {
    const shape: LsmShape = { l0: [], levels: tiers([3], [2], [1]) };
    const task = controller.pick(shape);
    expect(task).toMatchObject({
      trigger: { kind: 'space-amplification', percent: 200, limitPercent: 200 },
      toBottomLevel: true,
    });
    expect(controller.apply(shape, task as never, [4, 5, 6])).toEqual({
      shape: { l0: [], levels: tiers([4, 5, 6]) },
      removed: [3, 2, 1],
    });
  });

  it('merges the tiers before one that is more than (100 + sizeRatio) % their size', () => {
    const shape: LsmShape = { l0: [], levels: tiers([9], [8], [5, 6, 7], [1, 2, 3, 4, 10, 11, 12, 13]) };
    const task = controller.pick(shape);
    expect(task).toMatchObject({
      trigger: { kind: 'tier-size-ratio', tiers: 2, percent: 150, limitPercent: 101 },
      tiers: tiers([9], [8]),
      toBottomLevel: false,
    });
    expect(controller.apply(shape, task as never, [14, 15]).shape).toEqual({
      l0: [],
      levels: tiers([14, 15], [5, 6, 7], [1, 2, 3, 4, 10, 11, 12, 13]),
    });
  });

  it('otherwise merges up to maxMergeWidth tiers to cut the number of sorted runs', () => {
    const shape: LsmShape = { l0: [], levels: tiers([9], [8], [7], [1, 2, 3]) };
    expect(controller.pick(shape)).toMatchObject({
      trigger: { kind: 'reduce-sorted-runs', tiers: 4, numTiers: 3, merged: 4 },
      toBottomLevel: true,
    });
    const narrow = new TieredController({ ...tieredDefaults, numTiers: 3, maxMergeWidth: 2 });
    expect(narrow.pick(shape)).toMatchObject({ tiers: tiers([9], [8]), toBottomLevel: false });
  });

  it('adds no tier when a merge wrote nothing (every entry was a dropped tombstone)', () => {
    const shape: LsmShape = { l0: [], levels: tiers([3], [2], [1]) };
    expect(controller.apply(shape, controller.pick(shape) as never, []).shape).toEqual({
      l0: [],
      levels: [],
    });
  });
});

describe('leveled with dynamic level sizes', () => {
  const mib = 1024 * 1024;
  const controller = new LeveledController({ ...leveledDefaults, baseLevelSize: 10 * mib });
  const table = (id: number, size: number, first: number, last: number): TableMeta => ({
    id,
    size,
    firstKey: keyBytes(BigInt(first)),
    lastKey: keyBytes(BigInt(last)),
  });

  it('derives targets from the last level and sends L0 to the base level', () => {
    const meta = new Map(
      [table(1, 40 * mib, 0, 100), table(2, mib, 10, 20), table(3, mib, 150, 160)].map((t) => [t.id, t]),
    );
    const lookup = (id: number) => meta.get(id) as TableMeta;
    const shape: LsmShape = { l0: [2, 3], levels: levels([], [], [], [1]) };
    expect(controller.targets(shape, lookup)).toEqual({
      actual: [0, 0, 0, 40 * mib],
      target: [0, 10 * mib, 20 * mib, 40 * mib],
      baseLevel: 2,
    });
    expect(controller.pick(shape, lookup)).toMatchObject({
      trigger: { kind: 'level0-file-count' },
      upperTables: [2, 3],
      lowerLevel: 2,
      lowerTables: [],
      toBottomLevel: false,
    });
  });

  it('moves the oldest table of the level most over its target, with the tables it overlaps below', () => {
    const meta = new Map(
      [
        table(7, 20 * mib, 50, 60),
        table(5, 20 * mib, 0, 40),
        table(1, 20 * mib, 0, 30),
        table(2, 20 * mib, 31, 55),
        table(3, 20 * mib, 56, 90),
      ].map((t) => [t.id, t]),
    );
    const lookup = (id: number) => meta.get(id) as TableMeta;
    const shape: LsmShape = { l0: [], levels: levels([], [], [5, 7], [1, 2, 3]) };
    const task = controller.pick(shape, lookup);
    expect(task).toMatchObject({
      trigger: {
        kind: 'level-over-target',
        level: 3,
        actualBytes: 40 * mib,
        targetBytes: 30 * mib,
        table: 5,
      },
      upperLevel: 3,
      upperTables: [5],
      lowerLevel: 4,
      lowerTables: [1, 2],
      toBottomLevel: true,
    });
    meta.set(8, table(8, 20 * mib, 0, 20));
    meta.set(9, table(9, 20 * mib, 21, 45));
    expect(controller.apply(shape, task as never, [9, 8], lookup)).toEqual({
      shape: { l0: [], levels: levels([], [], [7], [8, 9, 3]) },
      removed: [5, 1, 2],
    });
  });

  it('never sends L0 below a level that still holds data', () => {
    const meta = new Map(
      [table(1, mib, 0, 10), table(2, mib, 0, 10), table(3, mib, 0, 10)].map((t) => [t.id, t]),
    );
    const lookup = (id: number) => meta.get(id) as TableMeta;
    // Small tree: the base level is L4, but L2 still holds a table from when the tree was bigger.
    const shape: LsmShape = { l0: [2, 3], levels: levels([], [1], [], []) };
    expect(controller.targets(shape, lookup).baseLevel).toBe(4);
    expect(controller.pick(shape, lookup)).toMatchObject({ lowerLevel: 2, lowerTables: [1] });
    // With L0 below its trigger, L2 (target 0) drains into L3.
    expect(controller.pick({ l0: [], levels: levels([], [1], [], []) }, lookup)).toMatchObject({
      trigger: { kind: 'level-over-target', level: 2, targetBytes: 0 },
      lowerLevel: 3,
    });
  });
});

describe('strategies by name', () => {
  it('fill in mini-lsm defaults and place flushes and full compactions', () => {
    expect(resolveCompactionOptions('tiered')).toEqual({ strategy: 'tiered', ...tieredDefaults });
    const simple = new SimpleLeveledController(simpleLeveledDefaults);
    const shape = shapeAfterFlush(simple, simple.initialShape(), 1);
    expect(shape).toEqual({ l0: [1], levels: levels([], [], []) });
    expect(shapeAfterFullCompaction(simple, shape, [2, 3])).toEqual({
      l0: [],
      levels: levels([], [], [2, 3]),
    });
    const tiered = new TieredController(tieredDefaults);
    expect(shapeAfterFlush(tiered, { l0: [], levels: tiers([1]) }, 2)).toEqual({
      l0: [],
      levels: tiers([2], [1]),
    });
    expect(shapeAfterFullCompaction(tiered, { l0: [], levels: tiers([2], [1]) }, [])).toEqual({
      l0: [],
      levels: [],
    });
  });

  it('simple leveled and tiered decide by counting files, never by reading a table', () => {
    // noTables throws on any lookup: these two strategies must not need one.
    const simple: CompactionController = new SimpleLeveledController(simpleLeveledDefaults);
    expect(simple.pick({ l0: [4, 5], levels: levels([3], [], []) }, noTables)).toMatchObject({
      kind: 'levels',
      upperTables: [4, 5],
      lowerTables: [3],
    });
    const tiered: CompactionController = new TieredController(tieredDefaults);
    const eight = tiers([8], [7], [6], [5], [4], [3], [2], [1]);
    expect(tiered.pick({ l0: [], levels: eight }, noTables)).toMatchObject({ kind: 'tiers' });
    expect(tiered.pick({ l0: [], levels: eight.slice(1) }, noTables)).toBeUndefined();
  });

  it('suggest the right name for a misspelt strategy or parameter, and check ranges', () => {
    expectBadInput(
      () => resolveCompactionOptions('tierd'),
      "unknown compaction strategy 'tierd' (did you mean 'tiered'?); the strategies are simple, tiered, leveled",
      'bad-option',
    );
    expectBadInput(
      () => resolveCompactionOptions({ strategy: 'tiered', numTeirs: 3 } as never),
      "the tiered strategy has no parameter 'numTeirs' (did you mean 'numTiers'?); its parameters are numTiers, maxSizeAmplificationPercent, sizeRatio, minMergeWidth, maxMergeWidth",
    );
    expectBadInput(
      () => resolveCompactionOptions({ strategy: 'tiered', minMergeWidth: 1 }),
      'the min merge width must be a whole number from 2 to 10000; got 1',
    );
    expectBadInput(
      () => resolveCompactionOptions({ strategy: 'leveled', levelSizeMultiplier: 2.5 }),
      'the level size multiplier must be a whole number from 2 to 10000; got 2.5',
    );
    expectBadInput(
      () => resolveCompactionOptions({ strategy: 'leveled', baseLevelSize: 0 }),
      'the base level size must be a whole number at least 1; got 0',
    );
  });
});
