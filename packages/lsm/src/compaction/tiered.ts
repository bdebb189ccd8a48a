/**
 * Tiered compaction (RocksDB's "universal" compaction): flushes pile up as tiers, and tiers
 * are merged with each other rather than into a fixed ladder of levels.
 *
 * Every flush adds a new tier (a sorted run) in front. Nothing happens until there are
 * `numTiers` tiers; then, counting files, the first rule that fires decides:
 *
 * 1. Space amplification: the tiers above the last hold at least
 *    `maxSizeAmplificationPercent` % as many files as the last tier. The last tier is where
 *    the data settles, so everything above it is (at worst) duplicated: merge all tiers.
 * 2. Size ratio: walking from the newest tier, the first tier that holds more than
 *    (100 + `sizeRatio`) % of all the tiers before it together, when at least
 *    `minMergeWidth` tiers come before it: merge those tiers, into one closer to its size.
 * 3. Otherwise, to bound the number of sorted runs a read must check: merge the first
 *    `maxMergeWidth` tiers (all of them by default).
 *
 * Each entry is rewritten about once per tier it moves through, so writes are cheap; the
 * price is more sorted runs per read and, between merges, up to
 * `maxSizeAmplificationPercent` % extra space. This is mini-lsm's week 2, day 3
 * (compact/tiered.rs), with its parameters and defaults:
 *
 *     numTiers 8 · maxSizeAmplificationPercent 200 · sizeRatio 1 · minMergeWidth 2 · maxMergeWidth none
 *
 * RocksDB: db/compaction/compaction_picker_universal.cc.
 */
import type { CompactionController } from './controller.ts';
import type { LsmShape, SortedRun } from './shape.ts';
import type { CompactionTask, TierCompactionTask } from './task.ts';
import { strategyDefaults } from './vocabulary.ts';

export interface TieredOptions {
  /** Tiers that must exist before any compaction. */
  readonly numTiers: number;
  /** Upper tiers' files as a percentage of the last tier's that forces a full merge. */
  readonly maxSizeAmplificationPercent: number;
  /** A tier bigger than (100 + sizeRatio) % of all tiers before it stops a size-ratio merge there. */
  readonly sizeRatio: number;
  /** Fewest tiers a size-ratio merge may take. */
  readonly minMergeWidth: number;
  /** Most tiers a sorted-run reduction may take (undefined: all). */
  readonly maxMergeWidth?: number | undefined;
}

/** mini-lsm's defaults, from the vocabulary (vocabulary.ts). */
export const tieredDefaults = strategyDefaults<TieredOptions>('tiered');

export class TieredController implements CompactionController {
  readonly strategy = 'tiered' as const;
  readonly flushTarget = 'new-tier' as const;
  readonly options: TieredOptions;
  readonly maxCompactionsPerFlush: number;

  constructor(options: TieredOptions) {
    this.options = options;
    this.maxCompactionsPerFlush = options.numTiers * 3;
  }

  initialShape(): LsmShape {
    return { l0: [], levels: [] };
  }

  pick(shape: LsmShape): TierCompactionTask | undefined {
    const tiers = shape.levels;
    const { numTiers, maxSizeAmplificationPercent, sizeRatio, minMergeWidth, maxMergeWidth } = this.options;
    if (tiers.length < numTiers) return undefined;

    const files = tiers.map((tier) => tier.tables.length);
    const lastFiles = files[files.length - 1] as number;
    const upperFiles = files.slice(0, -1).reduce((sum, n) => sum + n, 0);
    const spacePercent = (upperFiles / lastFiles) * 100;
    if (spacePercent >= maxSizeAmplificationPercent) {
      return {
        kind: 'tiers',
        trigger: {
          kind: 'space-amplification',
          percent: spacePercent,
          limitPercent: maxSizeAmplificationPercent,
        },
        tiers: [...tiers],
        toBottomLevel: true,
      };
    }

    const limit = (100 + sizeRatio) / 100;
    let before = 0;
    for (let i = 0; i + 1 < tiers.length; i++) {
      before += files[i] as number;
      const ratio = (files[i + 1] as number) / before;
      if (ratio > limit && i + 1 >= minMergeWidth) {
        return {
          kind: 'tiers',
          trigger: {
            kind: 'tier-size-ratio',
            tiers: i + 1,
            percent: ratio * 100,
            limitPercent: 100 + sizeRatio,
          },
          tiers: tiers.slice(0, i + 1),
          // The tier after the merged ones survives, so the oldest data is never included.
          toBottomLevel: false,
        };
      }
    }

    const merged = Math.min(tiers.length, maxMergeWidth ?? Number.POSITIVE_INFINITY);
    return {
      kind: 'tiers',
      trigger: { kind: 'reduce-sorted-runs', tiers: tiers.length, numTiers, merged },
      tiers: tiers.slice(0, merged),
      toBottomLevel: merged === tiers.length,
    };
  }

  apply(
    shape: LsmShape,
    task: CompactionTask,
    outputs: readonly number[],
  ): { shape: LsmShape; removed: number[] } {
    if (task.kind !== 'tiers') throw new TypeError(`tiered compaction cannot apply a ${task.kind} task`);
    const merged = new Set(task.tiers.map((tier) => tier.id));
    const levels: SortedRun[] = [];
    let placed = false;
    let remaining = merged.size;
    for (const tier of shape.levels) {
      if (merged.has(tier.id)) remaining--;
      else levels.push(tier);
      // The merged tier takes the place of the last tier it replaces, keeping newest-first order.
      if (remaining === 0 && !placed) {
        placed = true;
        if (outputs.length > 0) levels.push({ id: outputs[0] as number, tables: [...outputs] });
      }
    }
    if (remaining > 0) throw new RangeError('a tier to compact is no longer in the tree');
    return { shape: { l0: shape.l0, levels }, removed: task.tiers.flatMap((tier) => tier.tables) };
  }
}
