/**
 * Opening and reading an SSTable: the footer first, then the index and the filter, which
 * stay in memory while the table is open, then data blocks on demand, each checked against
 * its checksum before use.
 *
 * A corrupted table (a flipped bit, a file cut short) is reported with the file's name the
 * moment its damaged part is read, and never returns wrong data. LevelDB: table/table.cc
 * (`Table::Open` reads the footer, index and filter; `BlockReader` verifies checksums);
 * mini-lsm: table.rs.
 *
 * A table stays open while anything uses it: the tree (while the table is live) and every
 * scan that started before a compaction deleted it. Each holds a reference; the file is
 * closed when the last one lets go, as LevelDB's `Version` reference counts do.
 */

import type { Buffer } from 'node:buffer';
import { BadInputError, lowerBound } from '@dbplay/core';
import { compareBytes } from '../encoding/byte-order.ts';
import { crc32 } from '../encoding/checksum.ts';
import { readVarint } from '../encoding/varint.ts';
import type { EntryIterator, StoredValue } from '../read/entry-iterator.ts';
import type { RandomAccessFile, Storage } from '../store/storage.ts';
import { Block } from './block.ts';
import type { BlockCache } from './block-cache.ts';
import { bloomMayContain, type KeyHashes } from './bloom-filter.ts';
import { footerLength, sstableMagic, tableDigest } from './format.ts';

export class SstableReader {
  readonly id: number;
  /** The file as error messages show it. */
  readonly name: string;
  readonly size: number;
  readonly entries: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
  private readonly file: RandomAccessFile;
  private readonly cache: BlockCache | undefined;
  private readonly blockOffsets: number[];
  private readonly blockLengths: number[];
  private readonly blockFirstKeys: Uint8Array[];
  private readonly blockLastKeys: Uint8Array[];
  private readonly filter: Uint8Array;
  private references = 1;

  private constructor(
    id: number,
    name: string,
    file: RandomAccessFile,
    cache: BlockCache | undefined,
    parts: {
      entries: number;
      offsets: number[];
      lengths: number[];
      firstKeys: Uint8Array[];
      lastKeys: Uint8Array[];
      filter: Uint8Array;
    },
  ) {
    this.id = id;
    this.name = name;
    this.file = file;
    this.size = file.size;
    this.cache = cache;
    this.entries = parts.entries;
    this.blockOffsets = parts.offsets;
    this.blockLengths = parts.lengths;
    this.blockFirstKeys = parts.firstKeys;
    this.blockLastKeys = parts.lastKeys;
    this.filter = parts.filter;
    this.firstKey = parts.firstKeys[0] as Uint8Array;
    this.lastKey = parts.lastKeys[parts.lastKeys.length - 1] as Uint8Array;
  }

  /** Opens table `id` stored as `fileName`, checking its footer, index and filter. */
  static open(storage: Storage, id: number, fileName: string, cache?: BlockCache): SstableReader {
    const name = storage.describe(fileName);
    const file = storage.openRandomAccess(fileName);
    try {
      return new SstableReader(id, name, file, cache, readTableParts(file, name));
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
    const piece = 1 << 20;
    const digest = tableDigest();
    for (let at = 0; at < this.size; at += piece)
      digest.update(this.file.read(at, Math.min(piece, this.size - at)));
    return digest.finish();
  }

  /** Reads and checks every data block: throws, naming the block, at the first that fails. */
  checkEveryBlock(): void {
    for (let index = 0; index < this.blockCount; index++) this.readBlockPrivately(index);
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
    const index = lowerBound(this.blockLastKeys, key, compareBytes);
    return index === this.blockLastKeys.length ? -1 : index;
  }

  blockFirstKey(index: number): Uint8Array {
    return this.blockFirstKeys[index] as Uint8Array;
  }

  /**
   * Data block `index` for a point read: from the block cache, or read into a buffer the
   * cache recycles, checked, and cached. The block is only valid until the next read through
   * the cache, so a caller must be done with it (and with any value it found) before then.
   */
  readBlock(index: number): Block {
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
    if (this.references === 0) this.file.close();
  }
}

class SstableIterator implements EntryIterator {
  private readonly table: SstableReader;
  private blockIndex: number;
  private block: Block | undefined;
  private offset = 0;
  private currentKey: Uint8Array = new Uint8Array(0);
  private currentValue: StoredValue = null;
  private closed = false;

  constructor(table: SstableReader, from: Uint8Array | undefined) {
    this.table = table;
    this.blockIndex = from === undefined ? 0 : table.findBlock(from);
    if (this.blockIndex < 0 || this.blockIndex >= table.blockCount) {
      this.finish();
      return;
    }
    this.block = table.readBlockPrivately(this.blockIndex);
    const entry = from === undefined ? 0 : this.block.seek(from);
    this.offset = entry < this.block.count ? this.block.offsetOf(entry) : this.block.entriesEnd;
    this.advance();
  }

  valid(): boolean {
    return this.block !== undefined;
  }

  key(): Uint8Array {
    return this.currentKey;
  }

  value(): StoredValue {
    return this.currentValue;
  }

  next(): void {
    this.advance();
  }

  close(): void {
    this.finish();
  }

  /** Decodes the entry at `offset`, moving to the next block when this one is used up. */
  private advance(): void {
    while (this.block !== undefined && this.offset >= this.block.entriesEnd) {
      this.blockIndex++;
      if (this.blockIndex >= this.table.blockCount) {
        this.finish();
        return;
      }
      this.block = this.table.readBlockPrivately(this.blockIndex);
      this.offset = 0;
    }
    if (this.block === undefined) return;
    const entry = this.block.decode(this.offset);
    this.currentKey = entry.key;
    this.currentValue = entry.value;
    this.offset = entry.next;
  }

  private finish(): void {
    this.block = undefined;
    if (!this.closed) this.table.unref();
    this.closed = true;
  }
}

function readTableParts(file: RandomAccessFile, name: string) {
  if (file.size < footerLength) {
    throw corruptTable(name, `the file has ${file.size} bytes, fewer than a footer needs`);
  }
  const footer = file.read(file.size - footerLength, footerLength) as Buffer;
  if (footer.toString('latin1', 24, 32) !== sstableMagic) {
    throw corruptTable(
      name,
      'the footer does not end in the SSTable magic bytes (truncated or not an SSTable)',
    );
  }
  if (footer.readUInt32LE(20) !== crc32(footer, 0, 20)) {
    throw corruptTable(name, 'the footer fails its checksum');
  }
  const indexOffset = footer.readUInt32LE(0);
  const indexLength = footer.readUInt32LE(4);
  const filterOffset = footer.readUInt32LE(8);
  const filterLength = footer.readUInt32LE(12);
  const entries = footer.readUInt32LE(16);
  const dataEnd = file.size - footerLength;
  if (
    indexOffset + indexLength > filterOffset ||
    filterOffset + filterLength !== dataEnd ||
    indexLength < 5
  ) {
    throw corruptTable(name, 'the footer points outside the file');
  }
  const index = checkedBlock(file, indexOffset, indexLength, name, 'the block index');
  const filter = checkedBlock(file, filterOffset, filterLength, name, 'the bloom filter');
  const offsets: number[] = [];
  const lengths: number[] = [];
  const firstKeys: Uint8Array[] = [];
  const lastKeys: Uint8Array[] = [];
  const malformed = () => corruptTable(name, 'the block index is malformed');
  const count = readVarint(index, 0);
  if (count === undefined || count.value === 0) throw malformed();
  let at = count.next;
  const readField = (): number => {
    const field = readVarint(index, at);
    if (field === undefined) throw malformed();
    at = field.next;
    return field.value;
  };
  const readKey = (): Uint8Array => {
    const length = readField();
    if (at + length > index.length) throw malformed();
    const key = index.subarray(at, at + length);
    at += length;
    return key;
  };
  for (let i = 0; i < count.value; i++) {
    offsets.push(readField());
    lengths.push(readField());
    firstKeys.push(readKey());
    lastKeys.push(readKey());
  }
  return { entries, offsets, lengths, firstKeys, lastKeys, filter };
}

/** A block read whole and checked; returned without its checksum. */
function checkedBlock(file: RandomAccessFile, offset: number, length: number, name: string, what: string) {
  const bytes = file.read(offset, length) as Buffer;
  if (bytes.length !== length || length < 4) throw corruptTable(name, `${what} is cut short`);
  if (bytes.readUInt32LE(length - 4) !== crc32(bytes, 0, length - 4)) {
    throw corruptTable(name, `${what} at byte ${offset} fails its checksum`);
  }
  return bytes.subarray(0, length - 4);
}

export function corruptTable(name: string, what: string): BadInputError {
  return new BadInputError(`${name}: ${what}; the SSTable is corrupt`, { code: 'corrupt-store' });
}
