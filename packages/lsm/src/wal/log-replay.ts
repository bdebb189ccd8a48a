/**
 * Rebuilding memtables from their write-ahead logs when a store opens.
 *
 * Writes that reached a log but not yet a table are exactly the ones a crash would lose
 * without the log; replaying every record, in order, into a fresh memtable puts them back.
 * A torn last record (see log-reader.ts) was never acknowledged and is left
 * out. LevelDB: `DBImpl::RecoverLogFile` (db/db_impl.cc); mini-lsm: `MemTable::recover_from_wal`.
 */
import { BadInputError } from '@dbplay/core';
import { Memtable } from '../memtable/memtable.ts';
import type { Storage } from '../store/storage.ts';
import { readWalRecords } from './log-reader.ts';
import { walFileName } from './write-ahead-log.ts';
import { decodeBatch } from './write-batch.ts';

export interface ReplayedLog {
  readonly id: number;
  readonly memtable: Memtable;
  readonly records: number;
  /** Bytes of whole records: where appending continues. */
  readonly validLength: number;
  /** Bytes of a torn last record, dropped. */
  readonly tornBytes: number;
  readonly puts: number;
  readonly deletes: number;
  readonly userBytes: number;
}

export function replayLog(storage: Storage, id: number): ReplayedLog {
  const fileName = walFileName(id);
  const name = storage.describe(fileName);
  const contents = readWalRecords(storage.readFile(fileName), name);
  const memtable = new Memtable(id);
  let puts = 0;
  let deletes = 0;
  let userBytes = 0;
  contents.records.forEach((payload, index) => {
    const ok = decodeBatch(payload, (key, value) => {
      memtable.put(key, value);
      if (value === null) deletes++;
      else puts++;
      userBytes += key.length + (value === null ? 0 : value.length);
    });
    if (!ok) {
      throw new BadInputError(
        `${name}: record ${index + 1} passes its checksum but is not a valid write batch`,
        {
          code: 'corrupt-store',
        },
      );
    }
  });
  return {
    id,
    memtable,
    records: contents.records.length,
    validLength: contents.validLength,
    tornBytes: contents.tornBytes,
    puts,
    deletes,
    userBytes,
  };
}
