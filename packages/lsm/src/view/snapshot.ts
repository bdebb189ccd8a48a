/**
 * A picture of the tree at one moment: the memtable, and every level or tier with its
 * tables. Steps carry one (so `--step` can draw the tree after each step), `draw` renders
 * one, and `--json` prints one. Keys are already turned into display text, so a snapshot
 * is plain JSON.
 */
import type { CompactionStrategyName } from '../compaction/controller.ts';
import { type LsmShape, runName } from '../compaction/shape.ts';
import type { Memtable } from '../memtable/memtable.ts';
import type { SstableInfo } from '../sstable/writer.ts';
import { displayBytes } from './display-text.ts';

export interface TableSnapshot {
  readonly id: number;
  readonly bytes: number;
  readonly entries: number;
  readonly firstKey: string;
  readonly lastKey: string;
}

export interface RunSnapshot {
  /** `L0`, `L1`…, or `tier 12`. */
  readonly name: string;
  /** L0 oldest first; a level or tier in key order. */
  readonly tables: readonly TableSnapshot[];
}

export interface MemtableSnapshot {
  /** The id of its write-ahead log. */
  readonly id: number;
  readonly entries: number;
  readonly bytes: number;
  readonly firstKey?: string;
  readonly lastKey?: string;
}

export interface LsmSnapshot {
  readonly strategy: CompactionStrategyName;
  readonly memtable: MemtableSnapshot;
  readonly memtableLimit: number;
  /** The frozen memtable being flushed, if any. */
  readonly immutable?: MemtableSnapshot;
  readonly runs: readonly RunSnapshot[];
}

export function snapshotOf(input: {
  readonly strategy: CompactionStrategyName;
  readonly memtable: Memtable;
  readonly memtableLimit: number;
  readonly immutable: Memtable | undefined;
  readonly shape: LsmShape;
  readonly table: (id: number) => SstableInfo;
}): LsmSnapshot {
  const { shape, table } = input;
  const tables = (ids: readonly number[]) => ids.map((id) => tableSnapshot(table(id)));
  const runs: RunSnapshot[] = [];
  if (input.strategy === 'tiered') {
    for (const tier of shape.levels) runs.push({ name: runName(true, tier.id), tables: tables(tier.tables) });
  } else {
    runs.push({ name: 'L0', tables: tables(shape.l0) });
    for (const level of shape.levels)
      runs.push({ name: runName(false, level.id), tables: tables(level.tables) });
  }
  return {
    strategy: input.strategy,
    memtable: memtableSnapshot(input.memtable),
    memtableLimit: input.memtableLimit,
    ...(input.immutable === undefined ? {} : { immutable: memtableSnapshot(input.immutable) }),
    runs,
  };
}

function tableSnapshot(info: SstableInfo): TableSnapshot {
  return {
    id: info.id,
    bytes: info.size,
    entries: info.entries,
    firstKey: displayBytes(info.firstKey),
    lastKey: displayBytes(info.lastKey),
  };
}

function memtableSnapshot(memtable: Memtable): MemtableSnapshot {
  const range = memtable.keyRange();
  return {
    id: memtable.id,
    entries: memtable.entries,
    bytes: memtable.approximateBytes,
    ...(range === undefined
      ? {}
      : { firstKey: displayBytes(range.first), lastKey: displayBytes(range.last) }),
  };
}
