/**
 * The live SSTables: what the manifest knows about each (size, key range), and an open
 * reader for each table that has been read, opened on first use.
 *
 * LevelDB keeps the same two things apart: `FileMetaData` in the current `Version`
 * (db/version_edit.h) and open tables in the `TableCache` (db/table_cache.cc). Opening
 * lazily keeps `dbplay lsm stats` and `draw` from reading every table of a big store.
 */
import { BadInputError } from '@dbplay/core';
import type { TableLookup } from '../compaction/shape.ts';
import { compareBytes } from '../encoding/byte-order.ts';
import type { Storage } from '../store/storage.ts';
import { displayBytes } from '../view/display-text.ts';
import type { BlockCache } from './block-cache.ts';
import { sstFileName } from './format.ts';
import { SstableReader, type TableMemory } from './reader.ts';
import { corruptTable, swappedTable } from './table-tail.ts';
import type { SstableInfo } from './writer.ts';

export class TableSet {
  private readonly storage: Storage;
  private readonly cache: BlockCache;
  private readonly infos = new Map<number, SstableInfo>();
  private readonly readers = new Map<number, SstableReader>();
  private readonly memory: TableMemory;

  /** `memorySize`: bytes of tables that may be read whole into memory (see reader.ts). */
  constructor(storage: Storage, cache: BlockCache, memorySize = 0) {
    this.storage = storage;
    this.cache = cache;
    this.memory = { remaining: memorySize };
  }

  /** The metadata lookup a compaction strategy reads. */
  readonly lookup: TableLookup = (id) => this.info(id);

  add(info: SstableInfo): void {
    this.infos.set(info.id, info);
  }

  info(id: number): SstableInfo {
    const info = this.infos.get(id);
    if (info === undefined) throw new RangeError(`table #${id} is not live`);
    return info;
  }

  all(): SstableInfo[] {
    return [...this.infos.values()];
  }

  /** The table's reader, opening (and checking) the file on first use. */
  reader(id: number): SstableReader {
    const open = this.readers.get(id);
    if (open !== undefined) return open;
    const info = this.info(id);
    const fileName = sstFileName(id);
    const name = this.storage.describe(fileName);
    if (!this.storage.exists(fileName)) {
      throw new BadInputError(`${name} is missing, but the manifest lists it; the store is damaged`, {
        code: 'corrupt-store',
      });
    }
    const reader = SstableReader.open(this.storage, id, fileName, {
      cache: this.cache,
      memory: this.memory,
      blockDigest: info.blockDigest,
    });
    const range = (first: Uint8Array, last: Uint8Array) => `${displayBytes(first)}..${displayBytes(last)}`;
    let wrong: string | undefined;
    if (reader.size !== info.size) {
      wrong = `the manifest says ${info.size} bytes, but the file has ${reader.size}`;
    } else if (
      compareBytes(reader.firstKey, info.firstKey) !== 0 ||
      compareBytes(reader.lastKey, info.lastKey) !== 0
    ) {
      wrong = `the manifest says it holds keys ${range(info.firstKey, info.lastKey)}, but the file holds ${range(reader.firstKey, reader.lastKey)}: another table's file is in its place`;
    }
    if (wrong !== undefined) {
      reader.unref();
      throw corruptTable(name, wrong);
    }
    this.readers.set(id, reader);
    return reader;
  }

  /**
   * Opens the table and checks that its file is the one the manifest names: size, key range,
   * and the digest of its index, filter and footer. Opening a store does this for every
   * table, so that a file replaced after it was written is reported then, before anything
   * else; it reads a few tens of KiB per table, not the tables. The digest of the blocks'
   * CRCs is checked at the table's first read (reader.ts). A table recorded before the two
   * digests existed has its whole file digested here instead, as it was then.
   */
  verify(id: number): void {
    const reader = this.reader(id);
    const info = this.info(id);
    if (info.tailDigest !== undefined) {
      if (reader.tailDigest() === info.tailDigest) return;
    } else if (info.checksum === undefined || reader.fileDigest() === info.checksum) return;
    const name = this.storage.describe(sstFileName(id));
    // Say which block, when one fails its own checksum; otherwise the file is whole but foreign.
    try {
      reader.checkEveryBlock();
    } finally {
      this.forget(id);
    }
    throw swappedTable(name);
  }

  private forget(id: number): void {
    this.readers.get(id)?.unref();
    this.readers.delete(id);
  }

  /** Forgets a table a compaction replaced; scans still reading it keep it open until they finish. */
  remove(id: number): void {
    const reader = this.readers.get(id);
    if (reader !== undefined) {
      this.cache.evictTable(id, reader.blockCount);
      reader.unref();
      this.readers.delete(id);
    }
    this.infos.delete(id);
  }

  /** Closes every reader the set holds (scans still running keep theirs). */
  closeAll(): void {
    for (const reader of this.readers.values()) reader.unref();
    this.readers.clear();
  }
}
