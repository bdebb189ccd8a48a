/**
 * Opening and reading an SSTable: the footer first, then the index and the filter, which
 * stay in memory while the table is open, then data blocks on demand, each checked against
 * its checksum before use.
 *
 * A corrupted table (a flipped bit, a file cut short) is reported with the file's name the
 * moment its damaged part is read, and never returns wrong data. LevelDB: table/table.cc
 * (`Table::Open` reads the footer, index and filter; `BlockReader` verifies checksums);
 * mini-lsm: table.rs. Reading the tail at open is table-tail.ts; a scan, table-iterator.ts.
 *
 * A table stays open while anything uses it: the tree (while the table is live) and every
 * scan that started before a compaction deleted it. Each holds a reference; the file is
 * closed when the last one lets go, as LevelDB's `Version` reference counts do.
 *
 * A table is read whole into memory the first time one of its data blocks is needed, while
 * the store's budget for that allows (`tableMemorySize`, 256 MiB by default); its blocks
 * are then checked once and kept, and a point read costs no system call and no copy. This
 * is what LevelDB gets from memory-mapping its tables (util/env_posix.cc maps up to 1,000
 * of them), which Node cannot do; tables past the budget are read a block at a time
 * through the block cache, as LevelDB reads tables it does not map.
 */

import type { Buffer } from 'node:buffer';
import { compareBytes, keyPrefix } from '../encoding/byte-order.ts';
import { crc32 } from '../encoding/checksum.ts';
import type { EntryIterator } from '../read/entry-iterator.ts';
import { memoryFile } from '../store/memory-storage.ts';
import type { RandomAccessFile, Storage } from '../store/storage.ts';
import { Block } from './block.ts';
import type { BlockCache } from './block-cache.ts';
import { bloomMayContain, type KeyHashes } from './bloom-filter.ts';
import { blockTrailerLength, tableDigest } from './format.ts';
import { SstableIterator } from './table-iterator.ts';
import { corruptTable, readTableParts, swappedTable, type TableParts } from './table-tail.ts';

/** Bytes of tables that may still be read whole into memory; shared by a store's tables. */
export interface TableMemory {
  remaining: number;
}

/** How a reader is to be opened: the memory budget, and the block digest to check at the first read. */
export interface ReaderOptions {
  readonly cache?: BlockCache | undefined;
  readonly memory?: TableMemory | undefined;
  readonly blockDigest?: string | undefined;
}

export class SstableReader {
  readonly id: number;
  /** The file as error messages show it. */
  readonly name: string;
  readonly size: number;
  readonly entries: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
  private file: RandomAccessFile;
  private readonly cache: BlockCache | undefined;
  private readonly memory: TableMemory | undefined;
  /** The index, filter and footer, as read: what tailDigest covers. */
  private readonly tail: Uint8Array;
  /** The whole file, once read into memory; then `blocks` keeps each block once checked. */
  private whole: Buffer | undefined;
  private readonly blocks: (Block | undefined)[] = [];
  private started = false;
  /** The manifest's blockDigest, until the first read has checked it. */
  private expectedBlockDigest: string | undefined;
  private readonly blockOffsets: number[];
  private readonly blockLengths: number[];
  private readonly blockFirstKeys: Uint8Array[];
  private readonly blockLastKeys: Uint8Array[];
  /** keyPrefix of each block's last key, so that finding a block mostly compares integers. */
  private readonly blockLastPrefixes: Int32Array;
  private readonly filter: Uint8Array;
  private references = 1;

  private constructor(
    id: number,
    name: string,
    file: RandomAccessFile,
    options: ReaderOptions,
    parts: TableParts,
  ) {
    this.id = id;
    this.name = name;
    this.file = file;
    this.size = file.size;
    this.cache = options.cache;
    this.memory = options.memory;
    this.expectedBlockDigest = options.blockDigest;
    this.tail = parts.tail;
    this.entries = parts.entries;
    this.blockOffsets = parts.offsets;
    this.blockLengths = parts.lengths;
    this.blockFirstKeys = parts.firstKeys;
    this.blockLastKeys = parts.lastKeys;
    this.blockLastPrefixes = Int32Array.from(parts.lastKeys, keyPrefix);
    this.filter = parts.filter;
    this.firstKey = parts.firstKeys[0] as Uint8Array;
    this.lastKey = parts.lastKeys[parts.lastKeys.length - 1] as Uint8Array;
  }

  /** Opens table `id` stored as `fileName`, checking its footer, index and filter. */
  static open(storage: Storage, id: number, fileName: string, options: ReaderOptions = {}): SstableReader {
    const name = storage.describe(fileName);
    const file = storage.openRandomAccess(fileName);
    try {
      return new SstableReader(id, name, file, options, readTableParts(file, name));
    } catch (error) {
      file.close();
      throw error;
    }
  }

  get blockCount(): number {
    return this.blockOffsets.length;
  }

  /**
   * The digest of the whole file (tableDigest in format.ts), read in pieces. Opening a store
   * compares it with the one the manifest recorded; reads never need it (every block has
   * its own CRC).
   */
  fileDigest(): string {
    if (this.whole !== undefined) return digestOf([this.whole]);
    const piece = 1 << 20;
    const digest = tableDigest();
    for (let at = 0; at < this.size; at += piece)
      digest.update(this.file.read(at, Math.min(piece, this.size - at)));
    return digest.finish();
  }

  /** The digest of the index, filter and footer (tailDigest in format.ts). */
  tailDigest(): string {
    return digestOf([this.tail]);
  }

  /** The digest of every data block's CRC trailer (blockDigest in format.ts). */
  blockDigest(): string {
    const digest = tableDigest();
    for (let index = 0; index < this.blockCount; index++) {
      const end = (this.blockOffsets[index] as number) + (this.blockLengths[index] as number);
      digest.update(this.file.read(end - blockTrailerLength, blockTrailerLength));
    }
    return digest.finish();
  }

  /** Reads and checks every data block: throws, naming the block, at the first that fails. */
  checkEveryBlock(): void {
    for (let index = 0; index < this.blockCount; index++) this.loadBlock(index);
  }

  /** Whether the table has a bloom filter (it was written with bloom bits per key above 0). */
  get hasFilter(): boolean {
    return this.filter.length > 1 && (this.filter[0] as number) > 0;
  }

  /** Whether the filter allows the key; false means the table certainly does not hold it. */
  mayContain(hashes: KeyHashes): boolean {
    return bloomMayContain(this.filter, 0, this.filter.length, hashes);
  }

  /** The first block whose last key is ≥ `key`, or -1 when the key is past the table's end. */
  findBlock(key: Uint8Array): number {
    const prefixes = this.blockLastPrefixes;
    const lastKeys = this.blockLastKeys;
    const prefix = keyPrefix(key);
    let low = 0;
    let high = prefixes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = prefixes[mid] as number;
      if (other < prefix || (other === prefix && compareBytes(lastKeys[mid] as Uint8Array, key) < 0)) {
        low = mid + 1;
      } else high = mid;
    }
    return low === prefixes.length ? -1 : low;
  }

  blockFirstKey(index: number): Uint8Array {
    return this.blockFirstKeys[index] as Uint8Array;
  }

  /**
   * Data block `index` for a point read. Of a table held whole in memory: the block kept
   * with the table (checked at its first use). Otherwise from the block cache, or read into
   * a buffer the cache recycles, checked, and cached; such a block is only valid until the
   * next read through the cache, so a caller must be done with it (and with any value it
   * found) before then.
   */
  readBlock(index: number): Block {
    if (!this.started || this.expectedBlockDigest !== undefined) this.start();
    if (this.whole !== undefined) return this.blocks[index] ?? this.keepBlock(index);
    const cache = this.cache;
    if (cache === undefined) return this.readBlockPrivately(index);
    const cached = cache.get(this.id, index);
    if (cached !== undefined) return cached;
    const length = this.blockLengths[index] as number;
    const storage = cache.bufferFor(length);
    const block = this.checkBlock(
      index,
      storage,
      this.file.readInto(storage, this.blockOffsets[index] as number, length),
    );
    cache.put(this.id, index, block);
    return block;
  }

  /** Data block `index` in a buffer of its own, outside the cache: for scans and compactions. */
  readBlockPrivately(index: number): Block {
    if (!this.started || this.expectedBlockDigest !== undefined) this.start();
    if (this.whole !== undefined) return this.blocks[index] ?? this.keepBlock(index);
    return this.loadBlock(index);
  }

  /**
   * The first read of a data block: reads the table whole if the memory budget allows,
   * then checks the block digest the manifest recorded, so that a table swapped for one
   * with the same keys is refused before any of its values is used.
   */
  private start(): void {
    if (!this.started) {
      this.started = true;
      const memory = this.memory;
      if (memory !== undefined && this.size <= memory.remaining) {
        const bytes = this.file.read(0, this.size) as Buffer;
        if (bytes.length === this.size) {
          memory.remaining -= this.size;
          this.file.close();
          this.file = memoryFile(bytes);
          this.whole = bytes;
        }
      }
    }
    const expected = this.expectedBlockDigest;
    if (expected === undefined) return;
    if (this.blockDigest() !== expected) {
      this.checkEveryBlock();
      throw swappedTable(this.name);
    }
    this.expectedBlockDigest = undefined;
  }

  /** Block `index` of a table read whole: checked once, then kept with the table. */
  private keepBlock(index: number): Block {
    const offset = this.blockOffsets[index] as number;
    const length = this.blockLengths[index] as number;
    const bytes = (this.whole as Buffer).subarray(offset, offset + length);
    const block = this.checkBlock(index, bytes, bytes.length);
    this.blocks[index] = block;
    return block;
  }

  /** Block `index` read from the file (a view, when the table is in memory) and checked. */
  private loadBlock(index: number): Block {
    const length = this.blockLengths[index] as number;
    const bytes = this.file.read(this.blockOffsets[index] as number, length) as Buffer;
    return this.checkBlock(index, bytes, bytes.length);
  }

  /** The block in `storage`, once its length and checksum check out. */
  private checkBlock(index: number, storage: Buffer, read: number): Block {
    const offset = this.blockOffsets[index] as number;
    const length = this.blockLengths[index] as number;
    if (read !== length) throw corruptTable(this.name, `block ${index} at byte ${offset} is cut short`);
    if (storage.readUInt32LE(length - 4) !== crc32(storage, 0, length - 4)) {
      throw corruptTable(this.name, `block ${index} at byte ${offset} fails its checksum`);
    }
    return new Block(storage.subarray(0, length - 4), storage);
  }

  /**
   * Entries from the first key ≥ `from` (or the first), in order, read outside the block
   * cache. Holds a reference to the table until closed.
   */
  iterator(from?: Uint8Array): EntryIterator {
    this.ref();
    return new SstableIterator(this, from);
  }

  ref(): void {
    this.references++;
  }

  /** Lets go of one reference; the file closes with the last. */
  unref(): void {
    this.references--;
    if (this.references > 0) return;
    this.file.close();
    if (this.whole !== undefined && this.memory !== undefined) this.memory.remaining += this.size;
    this.whole = undefined;
    this.blocks.length = 0;
  }
}

function digestOf(pieces: readonly Uint8Array[]): string {
  const digest = tableDigest();
  for (const piece of pieces) digest.update(piece);
  return digest.finish();
}
