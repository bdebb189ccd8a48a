/**
 * A compaction task: which tables a strategy chose to merge, into which level, and why.
 *
 * A strategy (a "controller", in mini-lsm's words) only decides; the tree does the merging
 * and then hands the new table ids back to the strategy to apply to the shape. The reason is
 * kept as data, the trigger that fired with its numbers, so the same task can be narrated
 * to a learner, printed by the simulator, or checked by a test. mini-lsm: the
 * `*CompactionTask` structs of compact/simple_leveled.rs, tiered.rs and leveled.rs.
 */
import type { SortedRun } from './shape.ts';

/** Which rule of the strategy asked for the compaction, with the numbers it compared. */
export type CompactionTrigger =
  /** Simple and leveled: L0 holds `files` tables, at least the `trigger`. */
  | { readonly kind: 'level0-file-count'; readonly files: number; readonly trigger: number }
  /** Simple: level `lower` holds fewer than `limitPercent` % as many files as level `upper`. */
  | {
      readonly kind: 'level-size-ratio';
      readonly upper: number;
      readonly lower: number;
      readonly upperFiles: number;
      readonly lowerFiles: number;
      readonly limitPercent: number;
    }
  /** Leveled: level `level` is the most over its target size (actual / target = `score`). */
  | {
      readonly kind: 'level-over-target';
      readonly level: number;
      readonly score: number;
      readonly actualBytes: number;
      readonly targetBytes: number;
      readonly table: number;
    }
  /** Tiered: the tiers above the last hold `percent` % of the last tier's files, at least the limit. */
  | { readonly kind: 'space-amplification'; readonly percent: number; readonly limitPercent: number }
  /**
   * Tiered: the tier after the first `tiers` holds more than (100 + sizeRatio) % of their
   * files together (`percent` %), so those tiers are merged into one of comparable size.
   */
  | {
      readonly kind: 'tier-size-ratio';
      readonly tiers: number;
      readonly percent: number;
      readonly limitPercent: number;
    }
  /** Tiered: `tiers` sorted runs reached `numTiers`; the first `merged` are merged. */
  | {
      readonly kind: 'reduce-sorted-runs';
      readonly tiers: number;
      readonly numTiers: number;
      readonly merged: number;
    }
  /** `compact()`: everything merged into the last level. */
  | { readonly kind: 'manual' };

/** Merge a level (or L0) into the level below: simple and leveled strategies. */
export interface LevelCompactionTask {
  readonly kind: 'levels';
  readonly trigger: CompactionTrigger;
  /** 0 for L0. */
  readonly upperLevel: number;
  readonly upperTables: readonly number[];
  readonly lowerLevel: number;
  readonly lowerTables: readonly number[];
  /** Whether the output lands in the last level, where tombstones can be dropped. */
  readonly toBottomLevel: boolean;
}

/** Merge the first few tiers into one: the tiered strategy. */
export interface TierCompactionTask {
  readonly kind: 'tiers';
  readonly trigger: CompactionTrigger;
  readonly tiers: readonly SortedRun[];
  /** Whether the oldest tier is merged too, so tombstones can be dropped. */
  readonly toBottomLevel: boolean;
}

/** Merge every table into the last level (`compact()`). */
export interface FullCompactionTask {
  readonly kind: 'full';
  readonly trigger: CompactionTrigger;
  readonly runs: readonly (readonly number[])[];
  readonly toBottomLevel: true;
}

export type CompactionTask = LevelCompactionTask | TierCompactionTask | FullCompactionTask;

/** The input sorted runs of a task, newest first: each L0 table alone, then whole runs. */
export function inputRuns(task: CompactionTask): (readonly number[])[] {
  switch (task.kind) {
    case 'levels':
      return task.upperLevel === 0
        ? [...[...task.upperTables].reverse().map((id) => [id]), task.lowerTables]
        : [task.upperTables, task.lowerTables];
    case 'tiers':
      return task.tiers.map((tier) => tier.tables);
    case 'full':
      return [...task.runs];
  }
}

/** Every input table id of a task: what the simulator counts, and what a step highlights. */
export function inputTables(task: CompactionTask): number[] {
  switch (task.kind) {
    case 'levels':
      return [...task.upperTables, ...task.lowerTables];
    case 'tiers':
      return task.tiers.flatMap((tier) => tier.tables);
    case 'full':
      return task.runs.flat();
  }
}
