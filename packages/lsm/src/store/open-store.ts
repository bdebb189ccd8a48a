/**
 * Opening a store: everything between `LsmTree.open(options)` and a tree ready for its first
 * write.
 *
 * Everything that can refuse the directory (not a store and `createIfMissing: false`, a
 * store written with another compaction strategy, settings it cannot take) is checked before
 * anything in it changes. Then the directory is locked against a second process, read again
 * under the lock, and the state the tree works on (tree-state.ts) is built from its
 * manifest: the tables, their levels or tiers, the counters. A new store writes its first
 * manifest; every store then replays the logs of writes not yet in a table and finishes an
 * interrupted flush or compaction (recovery.ts). If any of it fails, the lock is let go.
 *
 * LevelDB's `DB::Open` (db/db_impl.cc) does the same in the same order: `LockFile`, then
 * `VersionSet::Recover` from the MANIFEST, then `RecoverLogFile` for each newer log.
 */
import { resolve } from 'node:path';
import { BadInputError } from '@dbplay/core';
import { createController } from '../compaction/strategy.ts';
import { Memtable } from '../memtable/memtable.ts';
import { BlockCache } from '../sstable/block-cache.ts';
import { TableSet } from '../sstable/table-set.ts';
import { createDirectory, inspectDirectory } from './directory.ts';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.ts';
import { DiskStorage } from './disk-storage.ts';
import { persist } from './maintenance.ts';
import type { ManifestState } from './manifest.ts';
import { MemoryStorage } from './memory-storage.ts';
import { emptyCounters } from './metrics.ts';
import {
  defaultBlockCacheSize,
  defaultTableMemorySize,
  type LsmOptions,
  resolveSettings,
  type StoreSettings,
} from './options.ts';
import { checkSameStrategy, recover } from './recovery.ts';
import type { Storage } from './storage.ts';
import type { TreeState } from './tree-state.ts';

/** An open store: its state, and for a store on disk its directory (absolute) and lock. */
export interface OpenedStore {
  readonly state: TreeState;
  readonly directory: string | undefined;
  readonly lock: DirectoryLock | undefined;
}

/**
 * Opens the store in `options.dir` (creating it when the directory is missing or empty),
 * or a new store in memory when no directory is given, recovered and ready for writes.
 */
export function openStore(options: LsmOptions): OpenedStore {
  if (options.dir === undefined) {
    const settings = resolveSettings(options);
    return {
      state: startState(new MemoryStorage(), settings, undefined, options),
      directory: undefined,
      lock: undefined,
    };
  }
  const directory = resolve(options.dir);
  // Everything that can refuse the directory runs before anything in it changes.
  const before = inspectDirectory(directory);
  const stored = before.kind === 'store' ? before.manifest : undefined;
  checkSameStrategy(directory, options, stored);
  resolveSettings(options, stored?.settings);
  if (before.kind !== 'store' && options.createIfMissing === false) {
    throw new BadInputError(`no LSM store in ${directory}`, {
      code: 'no-store',
      hint: 'check the directory, or write to it to create a store',
    });
  }
  if (before.kind === 'missing') createDirectory(directory);
  const lock = acquireDirectoryLock(directory, options.syncPoint);
  try {
    // Read again under the lock: another process may have changed it in between.
    const now = inspectDirectory(directory, true);
    const manifest = now.kind === 'store' ? now.manifest : undefined;
    const settings = resolveSettings(options, manifest?.settings);
    return { state: startState(new DiskStorage(directory), settings, manifest, options), directory, lock };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * The tree's state as the manifest describes it (a new store's first manifest is written),
 * then brought up to date by recovery.
 */
function startState(
  storage: Storage,
  settings: StoreSettings,
  manifest: ManifestState | undefined,
  options: LsmOptions,
): TreeState {
  const controller = createController(settings.compaction);
  const state: TreeState = {
    storage,
    settings,
    controller,
    syncEachWrite: options.sync ?? false,
    autoCompact: options.autoCompact ?? true,
    syncPoint: options.syncPoint,
    tracer: options.tracer,
    tables: new TableSet(
      storage,
      new BlockCache(options.blockCacheSize ?? defaultBlockCacheSize),
      options.tableMemorySize ?? defaultTableMemorySize,
    ),
    shape: manifest?.shape ?? controller.initialShape(),
    nextFileId: manifest?.nextFileId ?? 1,
    logNumber: manifest?.logNumber ?? 0,
    recordedLiveLog: manifest?.liveLog,
    tally: manifest?.counters ?? emptyCounters(),
    liveLog: { puts: 0, deletes: 0, userBytes: 0, walBytes: 0 },
    memtable: new Memtable(0),
    wal: undefined,
    immutable: undefined,
  };
  for (const table of manifest?.tables ?? []) state.tables.add(table);
  if (manifest === undefined) persist(state);
  recover(state);
  return state;
}
