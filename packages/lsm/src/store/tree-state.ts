/**
 * What an open LSM-tree holds in memory, shared by the three modules that change it: the
 * public API (lsm-tree.ts), the flush-and-compaction runner (maintenance.ts) and recovery
 * (recovery.ts). Opening a store (open-store.ts) builds it from the manifest.
 *
 * LevelDB keeps the same state in `DBImpl` (db/db_impl.h: `mem_`, `imm_`, `logfile_`,
 * `versions_`); mini-lsm in `LsmStorageState` (lsm_storage.rs). Keeping it in one plain
 * record, rather than as private fields of the class, lets each of those three modules be
 * read on its own while they all act on one tree.
 */
import type { Tracer } from '@dbplay/core';
import type { CompactionController } from '../compaction/controller.ts';
import { type LsmShape, runName } from '../compaction/shape.ts';
import type { Memtable } from '../memtable/memtable.ts';
import type { ReadView } from '../read/point-lookup.ts';
import type { TableSet } from '../sstable/table-set.ts';
import { type LsmSnapshot, snapshotOf } from '../view/snapshot.ts';
import type { LsmStep } from '../view/steps.ts';
import type { WriteAheadLog } from '../wal/write-ahead-log.ts';
import type { LiveLogRecord } from './manifest.ts';
import type { LsmCounters } from './metrics.ts';
import type { StoreSettings } from './options.ts';
import type { Storage } from './storage.ts';
import type { SyncPointName } from './sync-points.ts';

/** What the live log's records added to the counters (see {@link TreeState.liveLog}). */
export interface LiveLogCounts {
  puts: number;
  deletes: number;
  userBytes: number;
  walBytes: number;
}

export interface TreeState {
  readonly storage: Storage;
  settings: StoreSettings;
  readonly controller: CompactionController;
  readonly syncEachWrite: boolean;
  readonly autoCompact: boolean;
  readonly tables: TableSet;
  readonly syncPoint: ((point: SyncPointName) => void) | undefined;
  tracer: Tracer<LsmStep> | undefined;
  /** Where writes go now. */
  memtable: Memtable;
  /** The log of `memtable` (undefined only while the tree is being opened). */
  wal: WriteAheadLog | undefined;
  /** A full memtable being flushed (reads still see it). */
  immutable: Memtable | undefined;
  /** Which tables are in which level or tier. */
  shape: LsmShape;
  /** The next id to give a log or a table. */
  nextFileId: number;
  /** Logs with this id or higher hold writes not yet in a table. */
  logNumber: number;
  /** The live log the manifest named when the store opened (recorded again until a log is open). */
  recordedLiveLog: LiveLogRecord | undefined;
  readonly tally: LsmCounters;
  /**
   * What the live log's records added to the counters: the manifest stores the counters
   * without them, because replaying the log after a crash adds them again.
   */
  readonly liveLog: LiveLogCounts;
}

/** The tree as it is now: memtable, levels or tiers, tables with key ranges and sizes. */
export function snapshotState(state: TreeState): LsmSnapshot {
  return snapshotOf({
    strategy: state.controller.strategy,
    memtable: state.memtable,
    memtableLimit: state.settings.memtableSize,
    immutable: state.immutable,
    shape: state.shape,
    table: (id) => state.tables.info(id),
  });
}

/** How a run is named in steps and drawings: `L2`, or `tier 7` with tiered compaction. */
export function runLabel(state: TreeState, runId: number): string {
  return runName(state.controller.flushTarget === 'new-tier', runId);
}

/**
 * What a point lookup or a scan reads of the tree: its memtables, shape and tables, read
 * through to the state (a flush or compaction replaces them), so one view serves the tree's
 * whole life.
 */
export function readViewOf(state: TreeState): ReadView {
  return {
    get memtable() {
      return state.memtable;
    },
    get immutable() {
      return state.immutable;
    },
    get shape() {
      return state.shape;
    },
    tables: state.tables,
    strategy: state.controller.strategy,
  };
}
