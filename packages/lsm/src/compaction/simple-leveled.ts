/**
 * Simple leveled compaction: whole levels merge into the level below when the level below
 * is not enough bigger.
 *
 * Counting files, not bytes: when L0 collects `level0FileNumCompactionTrigger` tables, all
 * of L0 and all of L1 merge into a new L1; when a level i ≥ 1 holds files and level i + 1
 * holds fewer than `sizeRatioPercent` % as many, all of level i and level i + 1 merge into a
 * new level i + 1. This is the textbook shape of leveling (each level a fixed ratio bigger
 * than the one above) in its simplest form, mini-lsm's week 2, day 2
 * (compact/simple_leveled.rs), with the same parameters and defaults:
 *
 *     sizeRatioPercent 200 · level0FileNumCompactionTrigger 2 · maxLevels 3
 *
 * Merging whole levels is what makes it simple and what makes it costly: every compaction
 * rewrites the entire lower level. Leveled compaction with dynamic sizes
 * (leveled.ts) moves one table at a time instead.
 */
import type { CompactionController } from './controller.ts';
import { emptyLeveledShape, type LsmShape, level, type SortedRun } from './shape.ts';
import type { CompactionTask, LevelCompactionTask } from './task.ts';
import { strategyDefaults } from './vocabulary.ts';

export interface SimpleLeveledOptions {
  /** Level i + 1 must hold at least this percentage of level i's file count. */
  readonly sizeRatioPercent: number;
  /** L0 tables that start an L0 → L1 compaction. */
  readonly level0FileNumCompactionTrigger: number;
  /** Levels below L0. */
  readonly maxLevels: number;
}

/** mini-lsm's defaults, from the vocabulary (vocabulary.ts). */
export const simpleLeveledDefaults = strategyDefaults<SimpleLeveledOptions>('simple');

export class SimpleLeveledController implements CompactionController {
  readonly strategy = 'simple' as const;
  readonly flushTarget = 'level0' as const;
  readonly options: SimpleLeveledOptions;
  readonly maxCompactionsPerFlush: number;

  constructor(options: SimpleLeveledOptions) {
    this.options = options;
    this.maxCompactionsPerFlush = options.maxLevels * 2;
  }

  initialShape(): LsmShape {
    return emptyLeveledShape(this.options.maxLevels);
  }

  pick(shape: LsmShape): LevelCompactionTask | undefined {
    const { level0FileNumCompactionTrigger: trigger, sizeRatioPercent, maxLevels } = this.options;
    const files = [shape.l0.length, ...shape.levels.map((run) => run.tables.length)];
    if (shape.l0.length >= trigger) {
      return {
        kind: 'levels',
        trigger: { kind: 'level0-file-count', files: shape.l0.length, trigger },
        upperLevel: 0,
        upperTables: [...shape.l0],
        lowerLevel: 1,
        lowerTables: [...level(shape, 1).tables],
        toBottomLevel: maxLevels === 1,
      };
    }
    for (let upper = 1; upper < maxLevels; upper++) {
      const upperFiles = files[upper] as number;
      const lowerFiles = files[upper + 1] as number;
      // An empty upper level gives 0/0 or n/0, which is never below the limit: nothing to move.
      if (lowerFiles / upperFiles < sizeRatioPercent / 100) {
        return {
          kind: 'levels',
          trigger: {
            kind: 'level-size-ratio',
            upper,
            lower: upper + 1,
            upperFiles,
            lowerFiles,
            limitPercent: sizeRatioPercent,
          },
          upperLevel: upper,
          upperTables: [...level(shape, upper).tables],
          lowerLevel: upper + 1,
          lowerTables: [...level(shape, upper + 1).tables],
          toBottomLevel: upper + 1 === maxLevels,
        };
      }
    }
    return undefined;
  }

  apply(
    shape: LsmShape,
    task: CompactionTask,
    outputs: readonly number[],
  ): { shape: LsmShape; removed: number[] } {
    if (task.kind !== 'levels')
      throw new TypeError(`simple leveled compaction cannot apply a ${task.kind} task`);
    const compacted = new Set([...task.upperTables, ...task.lowerTables]);
    const l0 = task.upperLevel === 0 ? shape.l0.filter((id) => !compacted.has(id)) : shape.l0;
    const levels = shape.levels.map((run): SortedRun => {
      if (run.id === task.upperLevel) return { id: run.id, tables: [] };
      if (run.id === task.lowerLevel) return { id: run.id, tables: [...outputs] };
      return run;
    });
    return { shape: { l0, levels }, removed: [...task.upperTables, ...task.lowerTables] };
  }
}
