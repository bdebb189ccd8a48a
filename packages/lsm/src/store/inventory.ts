/**
 * Taking stock of a store's directory when it opens: which files the manifest vouches
 * for, which are leftovers of a flush or compaction a crash interrupted, and which logs
 * still hold writes that are in no table yet.
 *
 * Only files named like ours are considered (`000012.sst`, `000013.wal`, `MANIFEST.tmp`);
 * anything else a user put in the directory is left alone. Every table the manifest lists
 * must be there at the size it recorded. Reading the logs comes before deleting anything,
 * so a corrupt log stops the open with the directory untouched. LevelDB does the same in
 * `DBImpl::Recover` and `RemoveObsoleteFiles` (db/db_impl.cc).
 */
import { BadInputError } from '@dbplay/core';
import { sstFileName } from '../sstable/format.ts';
import { corruptTable } from '../sstable/table-tail.ts';
import type { SstableInfo } from '../sstable/writer.ts';
import { type ReplayedLog, replayLog } from '../wal/log-replay.ts';
import { walFileName } from '../wal/write-ahead-log.ts';
import { type LiveLogRecord, manifestTemporaryName } from './manifest.ts';
import type { Storage } from './storage.ts';

export interface Inventory {
  /** Files no manifest names: to delete. */
  readonly leftovers: readonly string[];
  /** The logs still needed, oldest first, replayed into memtables. */
  readonly logs: readonly ReplayedLog[];
  /** One more than the highest file id in the directory (or the manifest's, if higher). */
  readonly nextFileId: number;
}

export function takeInventory(
  storage: Storage,
  tables: readonly SstableInfo[],
  logNumber: number,
  nextFileId: number,
  liveLog?: LiveLogRecord,
): Inventory {
  const live = new Set(tables.map((table) => table.id));
  const leftovers: string[] = [];
  const logIds: number[] = [];
  let next = nextFileId;
  for (const name of storage.list()) {
    const match = /^(\d{6,})\.(wal|sst)$/.exec(name);
    if (match === null) {
      if (name === manifestTemporaryName) leftovers.push(name);
      continue;
    }
    const id = Number(match[1]);
    // A crash may have left files with ids the manifest never recorded: never reuse them.
    next = Math.max(next, id + 1);
    if (match[2] === 'sst' && !live.has(id)) leftovers.push(name);
    if (match[2] === 'wal' && id < logNumber) leftovers.push(name);
    if (match[2] === 'wal' && id >= logNumber) logIds.push(id);
  }
  for (const table of tables) checkTableFile(storage, table.id, table.size);
  if (liveLog !== undefined && !logIds.includes(liveLog.id)) {
    throw new BadInputError(
      `${storage.describe(walFileName(liveLog.id))} is missing, but the manifest names it as the live log (it held ${liveLog.size} bytes of writes then); the store is damaged`,
      { code: 'corrupt-store' },
    );
  }
  const logs = logIds.sort((a, b) => a - b).map((id) => replayLog(storage, id));
  const liveReplay = logs.find((log) => log.id === liveLog?.id);
  if (liveReplay !== undefined && liveLog !== undefined && liveReplay.validLength < liveLog.size) {
    // A log only grows after the manifest records it, and a crash can only tear the record
    // being written then: whole records the manifest saw are gone, so the file was cut.
    throw new BadInputError(
      `${storage.describe(walFileName(liveLog.id))} was cut short: it holds ${liveReplay.validLength} bytes of whole records, but held ${liveLog.size} when the manifest was written; acknowledged writes are missing`,
      { code: 'corrupt-store' },
    );
  }
  return { leftovers, logs, nextFileId: next };
}

/** Throws when a table the manifest lists is missing or has the wrong size. */
function checkTableFile(storage: Storage, id: number, size: number): void {
  const name = storage.describe(sstFileName(id));
  const actual = storage.fileSize(sstFileName(id));
  if (actual === undefined) {
    throw new BadInputError(`${name} is missing, but the manifest lists it; the store is damaged`, {
      code: 'corrupt-store',
    });
  }
  if (actual !== size)
    throw corruptTable(name, `the manifest says ${size} bytes, but the file has ${actual}`);
}
