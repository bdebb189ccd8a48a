/**
 * Leveled compaction with dynamic level sizes (RocksDB's `level_compaction_dynamic_level_bytes`):
 * levels measured in bytes, targets derived from the last level, one table moved at a time.
 *
 * Targets are computed from the bottom up: the last level's target is its actual size (at
 * least `baseLevelSize`), and each level above gets 1/`levelSizeMultiplier` of the one below,
 * as long as the one below is bigger than `baseLevelSize`. The highest level with a target
 * is the base level: L0 flushes go there, so a small tree does not push data through empty
 * levels it does not need yet.
 *
 *     L1 target 0  ·  L2 target 0  ·  L3 target 64 MiB  ·  L4 target (actual) 128 MiB
 *                                      ↑ base level: L0 compacts into L3
 *
 * Then: when L0 holds `level0FileNumCompactionTrigger` tables, all of L0 merges with the
 * tables of the base level they overlap. Otherwise the level most over its target (actual /
 * target > 1) moves its oldest table down, merged with the tables it overlaps in the next
 * level; only a slice of the next level is rewritten, which is what keeps write
 * amplification near T per level instead of rewriting whole levels. This is mini-lsm's
 * week 2, day 4 (compact/leveled.rs), with its parameters and defaults:
 *
 *     levelSizeMultiplier 2 · level0FileNumCompactionTrigger 2 · maxLevels 4 · baseLevelSize 128 MiB
 *
 * One deliberate difference: mini-lsm sends L0 to the base level even when a level above
 * the base still holds tables (possible once deletes have shrunk the tree), which would put
 * newer data below older; here L0 stops at the first non-empty level in that case. While a
 * tree only grows, as in the simulator, the two choose the same tasks.
 * RocksDB: db/version_set.cc (`VersionStorageInfo::CalculateBaseBytes`).
 */
import { compareBytes } from '../encoding/byte-order.ts';
import type { CompactionController } from './controller.ts';
import { emptyLeveledShape, type LsmShape, level, type SortedRun, type TableLookup } from './shape.ts';
import type { CompactionTask, LevelCompactionTask } from './task.ts';
import { strategyDefaults } from './vocabulary.ts';

export interface LeveledOptions {
  /** Each level's target is this many times the one above's. */
  readonly levelSizeMultiplier: number;
  /** L0 tables that start an L0 → base level compaction. */
  readonly level0FileNumCompactionTrigger: number;
  /** Levels below L0. */
  readonly maxLevels: number;
  /** Bytes: the smallest target of the last level, and the size a level must pass to have a level above it. */
  readonly baseLevelSize: number;
}

/** mini-lsm's defaults, from the vocabulary (vocabulary.ts). */
export const leveledDefaults = strategyDefaults<LeveledOptions>('leveled');

/** Each level's target size in bytes and the base level, computed from the actual sizes. */
export interface LevelTargets {
  readonly actual: number[];
  readonly target: number[];
  readonly baseLevel: number;
}

export class LeveledController implements CompactionController {
  readonly strategy = 'leveled' as const;
  readonly flushTarget = 'level0' as const;
  readonly options: LeveledOptions;
  readonly maxCompactionsPerFlush: number;

  constructor(options: LeveledOptions) {
    this.options = options;
    this.maxCompactionsPerFlush = options.level0FileNumCompactionTrigger * options.maxLevels * 2;
  }

  initialShape(): LsmShape {
    return emptyLeveledShape(this.options.maxLevels);
  }

  targets(shape: LsmShape, tables: TableLookup): LevelTargets {
    const { maxLevels, levelSizeMultiplier, baseLevelSize } = this.options;
    const actual = shape.levels.map((run) => run.tables.reduce((sum, id) => sum + tables(id).size, 0));
    const target = new Array<number>(maxLevels).fill(0);
    let baseLevel = maxLevels;
    target[maxLevels - 1] = Math.max(actual[maxLevels - 1] as number, baseLevelSize);
    for (let i = maxLevels - 2; i >= 0; i--) {
      const below = target[i + 1] as number;
      if (below > baseLevelSize) target[i] = Math.floor(below / levelSizeMultiplier);
      if ((target[i] as number) > 0) baseLevel = i + 1;
    }
    return { actual, target, baseLevel };
  }

  pick(shape: LsmShape, tables: TableLookup): LevelCompactionTask | undefined {
    const { level0FileNumCompactionTrigger: trigger, maxLevels } = this.options;
    const { actual, target, baseLevel } = this.targets(shape, tables);

    if (shape.l0.length >= trigger) {
      const firstNonEmpty = shape.levels.findIndex((run) => run.tables.length > 0) + 1;
      const into = firstNonEmpty > 0 && firstNonEmpty < baseLevel ? firstNonEmpty : baseLevel;
      return {
        kind: 'levels',
        trigger: { kind: 'level0-file-count', files: shape.l0.length, trigger },
        upperLevel: 0,
        upperTables: [...shape.l0],
        lowerLevel: into,
        lowerTables: overlapping(shape, shape.l0, into, tables),
        toBottomLevel: into === maxLevels,
      };
    }

    // The level most over its target (ties go to the deeper level, as in mini-lsm); a level
    // above the base (target 0) that still holds data scores infinity.
    let best: { level: number; score: number } | undefined;
    for (let i = 0; i < maxLevels; i++) {
      const score = (actual[i] as number) / (target[i] as number);
      if (score > 1 && (best === undefined || score >= best.score)) best = { level: i + 1, score };
    }
    if (best === undefined || best.level >= maxLevels) return undefined;
    const upper = level(shape, best.level);
    const oldest = Math.min(...upper.tables);
    return {
      kind: 'levels',
      trigger: {
        kind: 'level-over-target',
        level: best.level,
        score: best.score,
        actualBytes: actual[best.level - 1] as number,
        targetBytes: target[best.level - 1] as number,
        table: oldest,
      },
      upperLevel: best.level,
      upperTables: [oldest],
      lowerLevel: best.level + 1,
      lowerTables: overlapping(shape, [oldest], best.level + 1, tables),
      toBottomLevel: best.level + 1 === maxLevels,
    };
  }

  apply(
    shape: LsmShape,
    task: CompactionTask,
    outputs: readonly number[],
    tables: TableLookup,
  ): { shape: LsmShape; removed: number[] } {
    if (task.kind !== 'levels') throw new TypeError(`leveled compaction cannot apply a ${task.kind} task`);
    const upper = new Set(task.upperTables);
    const lower = new Set(task.lowerTables);
    const l0 = task.upperLevel === 0 ? shape.l0.filter((id) => !upper.has(id)) : shape.l0;
    const levels = shape.levels.map((run): SortedRun => {
      if (run.id === task.upperLevel)
        return { id: run.id, tables: run.tables.filter((id) => !upper.has(id)) };
      if (run.id !== task.lowerLevel) return run;
      const kept = run.tables.filter((id) => !lower.has(id));
      const merged = [...kept, ...outputs].sort((a, b) =>
        compareBytes(tables(a).firstKey, tables(b).firstKey),
      );
      return { id: run.id, tables: merged };
    });
    return { shape: { l0, levels }, removed: [...task.upperTables, ...task.lowerTables] };
  }
}

/** The tables of level `into` whose key ranges overlap the range spanned by `ids`. */
function overlapping(shape: LsmShape, ids: readonly number[], into: number, tables: TableLookup): number[] {
  if (ids.length === 0) return [];
  let first = tables(ids[0] as number).firstKey;
  let last = tables(ids[0] as number).lastKey;
  for (const id of ids) {
    const table = tables(id);
    if (compareBytes(table.firstKey, first) < 0) first = table.firstKey;
    if (compareBytes(table.lastKey, last) > 0) last = table.lastKey;
  }
  return level(shape, into).tables.filter((id) => {
    const table = tables(id);
    return !(compareBytes(table.lastKey, first) < 0 || compareBytes(table.firstKey, last) > 0);
  });
}
