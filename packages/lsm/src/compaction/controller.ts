/**
 * What a compaction strategy is: a plug-in that looks at the shape of the tree and says
 * what to merge next, or nothing.
 *
 * The tree calls {@link CompactionController.pick} after every flush, runs the task it gets
 * (merging the input tables into new ones), calls {@link CompactionController.apply} with
 * the new table ids, and asks again until the answer is "nothing". The compaction simulator
 * drives the very same controllers with pretend tables, which is how mini-lsm's course
 * teaches them (mini-lsm: compact.rs, `CompactionController`; RocksDB: `CompactionPicker`).
 */

import type { LsmShape, TableLookup } from './shape.ts';
import type { CompactionTask } from './task.ts';

import type { CompactionStrategyName } from './vocabulary.ts';

export type { CompactionStrategyName };

export interface CompactionController {
  readonly strategy: CompactionStrategyName;
  /** Where a flushed memtable goes: into L0, or into a new tier in front of the others. */
  readonly flushTarget: 'level0' | 'new-tier';
  /**
   * Compactions after one flush beyond which the strategy is looping: the limits of mini-lsm's
   * simulator ("compaction does not converge?").
   */
  readonly maxCompactionsPerFlush: number;
  /** The shape of an empty tree (leveled strategies start with their levels, empty). */
  initialShape(): LsmShape;
  /** The next compaction to run, or undefined when the shape is fine as it is. */
  pick(shape: LsmShape, tables: TableLookup): CompactionTask | undefined;
  /**
   * The shape after `task` ran and wrote `outputs` (new table ids, in key order), and which
   * tables it made obsolete.
   */
  apply(
    shape: LsmShape,
    task: CompactionTask,
    outputs: readonly number[],
    tables: TableLookup,
  ): { shape: LsmShape; removed: number[] };
}

/** The shape after a flush wrote table `id`. */
export function shapeAfterFlush(controller: CompactionController, shape: LsmShape, id: number): LsmShape {
  return controller.flushTarget === 'level0'
    ? { l0: [...shape.l0, id], levels: shape.levels }
    : { l0: shape.l0, levels: [{ id, tables: [id] }, ...shape.levels] };
}

/** The shape after a full compaction wrote `outputs`: all of it in the last level, or one tier. */
export function shapeAfterFullCompaction(
  controller: CompactionController,
  shape: LsmShape,
  outputs: readonly number[],
): LsmShape {
  if (controller.flushTarget === 'new-tier') {
    return {
      l0: [],
      levels: outputs.length === 0 ? [] : [{ id: outputs[0] as number, tables: [...outputs] }],
    };
  }
  const last = shape.levels.length - 1;
  return {
    l0: [],
    levels: shape.levels.map((run, index) => ({ id: run.id, tables: index === last ? [...outputs] : [] })),
  };
}
