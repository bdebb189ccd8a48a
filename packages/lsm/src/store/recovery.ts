/**
 * Recovery: bringing a store up to date when it opens.
 *
 * The manifest says which tables are live and which logs may still hold writes that are
 * in no table. Recovery checks that the tables are there, replays those logs into
 * memtables (a torn last record, never acknowledged, is dropped), deletes what an
 * interrupted flush or compaction left behind, flushes every replayed memtable but the
 * newest, and carries on appending to the newest log. LevelDB: `DBImpl::Recover` and
 * `RecoverLogFile` (db/db_impl.cc); mini-lsm: `LsmStorageInner::open` (lsm_storage.rs).
 */
import { BadInputError } from '@dbplay/core';
import { recoverStep } from '../view/steps.ts';
import { WriteAheadLog, walFileName } from '../wal/write-ahead-log.ts';
import { takeInventory } from './inventory.ts';
import { compactAsNeeded, flushMemtable, persist, rotateAndFlush, startLog } from './maintenance.ts';
import type { ManifestState } from './manifest.ts';
import type { LsmOptions } from './options.ts';
import { snapshotState, type TreeState } from './tree-state.ts';

/**
 * Checks the manifest's tables, replays the logs still needed, deletes what an
 * interrupted flush or compaction left behind, and flushes every replayed memtable but
 * the newest.
 */
export function recover(state: TreeState): void {
  const inventory = takeInventory(
    state.storage,
    state.tables.all(),
    state.logNumber,
    state.nextFileId,
    state.recordedLiveLog,
  );
  // Check every table now, so that one that is not what the manifest says (its size, key
  // range or checksum differ) is reported before anything changes, not at a later read.
  for (const table of state.tables.all()) state.tables.verify(table.id);
  state.nextFileId = inventory.nextFileId;
  for (const name of inventory.leftovers) state.storage.remove(name);
  const replayed = [...inventory.logs];
  for (const log of replayed) {
    state.tally.puts += log.puts;
    state.tally.deletes += log.deletes;
    state.tally.userBytes += log.userBytes;
    state.tally.walBytes += log.validLength;
  }
  const last = replayed.pop();
  // Flushing the older logs below writes manifests before the newest log is reopened: they
  // must name that one as live, not an older log they are about to delete.
  state.recordedLiveLog = last === undefined ? undefined : { id: last.id, size: last.validLength };
  if (last !== undefined) {
    state.liveLog.puts = last.puts;
    state.liveLog.deletes = last.deletes;
    state.liveLog.userBytes = last.userBytes;
    state.liveLog.walBytes = last.validLength;
  }
  // Older logs belong to memtables that were frozen but never flushed: flush them now.
  replayed.forEach((log, index) => {
    const next = (replayed[index + 1] ?? last)?.id ?? state.nextFileId;
    if (log.memtable.isEmpty) {
      state.logNumber = next;
      persist(state);
      state.storage.remove(walFileName(log.id));
    } else {
      flushMemtable(state, log.memtable, next);
    }
  });
  if (last === undefined) {
    startLog(state, state.nextFileId++);
  } else {
    const file = state.storage.reopenAppendable(walFileName(last.id), last.validLength);
    state.wal = new WriteAheadLog(last.id, file, state.syncEachWrite, state.settings.memtableSize);
    state.memtable = last.memtable;
  }
  state.tracer?.emit(
    recoverStep(
      [...replayed, ...(last === undefined ? [] : [last])].map((log) => ({
        log: log.id,
        records: log.records,
        tornBytes: log.tornBytes,
      })),
      snapshotState(state),
    ),
  );
  if (state.memtable.approximateBytes >= state.settings.memtableSize) rotateAndFlush(state, 'full');
  else if (state.autoCompact) compactAsNeeded(state);
}

/** Refuses to reopen a store with a different compaction strategy than it was created with. */
export function checkSameStrategy(
  directory: string,
  options: LsmOptions,
  stored: ManifestState | undefined,
): void {
  if (stored === undefined || options.compaction === undefined) return;
  const asked = typeof options.compaction === 'string' ? options.compaction : options.compaction.strategy;
  const was = stored.settings.compaction.strategy;
  if (asked !== undefined && asked !== was) {
    throw new BadInputError(
      `${directory} was created with the ${was} compaction strategy and cannot switch to ${asked}`,
      { code: 'bad-option', hint: 'open it without a strategy, or use a new directory' },
    );
  }
}
