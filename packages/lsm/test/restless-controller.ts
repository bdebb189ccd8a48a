/**
 * A compaction strategy of one's own that never settles: it always wants to merge L0 with L1,
 * even when there is nothing to merge. The tree and the simulator must stop it, as mini-lsm's
 * simulator stops a strategy that does not converge.
 */
import type { CompactionController } from '../src/compaction/controller.ts';

export function restlessController(maxCompactionsPerFlush: number): CompactionController {
  return {
    strategy: 'simple',
    flushTarget: 'level0',
    maxCompactionsPerFlush,
    initialShape: () => ({ l0: [], levels: [{ id: 1, tables: [] }] }),
    pick: (shape) => ({
      kind: 'levels',
      trigger: { kind: 'manual' },
      upperLevel: 0,
      upperTables: [...shape.l0],
      lowerLevel: 1,
      lowerTables: [...(shape.levels[0]?.tables ?? [])],
      toBottomLevel: true,
    }),
    apply: (shape, _task, outputs) => ({
      shape: { l0: [], levels: [{ id: 1, tables: [...outputs] }] },
      removed: [...shape.l0, ...(shape.levels[0]?.tables ?? [])],
    }),
  };
}
