/**
 * Writing an SSTable: entries arrive in key order (from a frozen memtable, or from merging
 * older tables in a compaction) and leave as blocks, an index, a filter and a footer.
 *
 * The whole table is built in memory and then written with one call and one fsync: tables
 * are a few megabytes, and a table is only ever useful once complete. The writer also
 * returns what the manifest records about the table (LevelDB's `FileMetaData`: size,
 * smallest and largest key). LevelDB: table/table_builder.cc; mini-lsm: table/builder.rs.
 */
import { Buffer } from 'node:buffer';
import { crc32 } from '../encoding/checksum.ts';
import { varintLength, writeVarint } from '../encoding/varint.ts';
import type { StoredValue } from '../read/entry-iterator.ts';
import { BlockBuilder } from './block-builder.ts';
import { BloomFilterBuilder } from './bloom-filter.ts';
import { blockTrailerLength, footerLength, sstableMagic, tableDigest } from './format.ts';

/** What is known about an SSTable without reading it: the manifest's record of it. */
export interface SstableInfo {
  readonly id: number;
  /** File size in bytes. */
  readonly size: number;
  readonly entries: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
  /**
   * The digest of the index, filter and footer (see tableDigest in format.ts), checked when
   * the store opens. Absent in manifests written before it was.
   */
  readonly tailDigest?: string | undefined;
  /** The digest of every data block's CRC (see tableDigest), checked at the table's first read. */
  readonly blockDigest?: string | undefined;
  /**
   * What manifests recorded before the two digests above: a digest of the whole file,
   * still checked when such a store opens. New tables do not have it.
   */
  readonly checksum?: string | undefined;
}

export interface BuiltSstable {
  readonly chunks: Buffer[];
  readonly size: number;
  readonly entries: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
  /** The digests the manifest records (see tableDigest in format.ts). */
  readonly tailDigest: string;
  readonly blockDigest: string;
}

interface IndexEntry {
  readonly offset: number;
  readonly length: number;
  readonly firstKey: Uint8Array;
  readonly lastKey: Uint8Array;
}

export class SstableWriter {
  private readonly blockSize: number;
  private readonly bloomBitsPerKey: number;
  private readonly chunks: Buffer[] = [];
  private readonly index: IndexEntry[] = [];
  private readonly bloom = new BloomFilterBuilder();
  // The CRC trailer of every data block, in order: what blockDigest covers.
  private readonly blockCrcs = tableDigest();
  private block: BlockBuilder;
  private blockFirstKey: Uint8Array | undefined;
  private lastKey: Uint8Array | undefined;
  private firstKey: Uint8Array | undefined;
  private written = 0;
  private count = 0;

  constructor(options: { readonly blockSize: number; readonly bloomBitsPerKey: number }) {
    this.blockSize = options.blockSize;
    this.bloomBitsPerKey = options.bloomBitsPerKey;
    this.block = new BlockBuilder(this.blockSize);
  }

  get entries(): number {
    return this.count;
  }

  /** About how big the file would be if finished now: compactions cut outputs at a target size. */
  get estimatedSize(): number {
    return this.written + this.block.estimatedSize + (this.count * this.bloomBitsPerKey) / 8;
  }

  /**
   * Adds an entry. Keys must be strictly increasing. The bytes are copied into the block;
   * the keys the index keeps are copied when their block is finished, so the caller may pass
   * views into buffers it will drop.
   */
  add(key: Uint8Array, value: StoredValue): void {
    if (this.firstKey === undefined) this.firstKey = Buffer.from(key);
    if (this.blockFirstKey === undefined) this.blockFirstKey = Buffer.from(key);
    this.block.add(key, value);
    if (this.bloomBitsPerKey > 0) this.bloom.add(key);
    this.lastKey = key;
    this.count++;
    if (this.block.estimatedSize >= this.blockSize) this.finishBlock();
  }

  /** Lays out index, filter and footer; the table is then `chunks`, in order. */
  finish(): BuiltSstable {
    if (this.block.entries > 0) this.finishBlock();
    if (this.firstKey === undefined || this.lastKey === undefined || this.index.length === 0) {
      throw new RangeError('an SSTable needs at least one entry');
    }
    const indexOffset = this.written;
    const tailStart = this.chunks.length;
    const indexBlock = this.encodeIndex();
    this.push(indexBlock);
    const filterOffset = this.written;
    const filter = this.bloomBitsPerKey > 0 ? this.bloom.build(this.bloomBitsPerKey) : new Uint8Array([0]);
    const filterBlock = Buffer.allocUnsafe(filter.length + 4);
    filterBlock.set(filter, 0);
    filterBlock.writeUInt32LE(crc32(filter), filter.length);
    this.push(filterBlock);
    const footer = Buffer.alloc(footerLength);
    footer.writeUInt32LE(indexOffset, 0);
    footer.writeUInt32LE(indexBlock.length, 4);
    footer.writeUInt32LE(filterOffset, 8);
    footer.writeUInt32LE(filterBlock.length, 12);
    footer.writeUInt32LE(this.count, 16);
    footer.writeUInt32LE(crc32(footer, 0, 20), 20);
    footer.write(sstableMagic, 24, 'latin1');
    this.push(footer);
    const tail = tableDigest();
    for (let i = tailStart; i < this.chunks.length; i++) tail.update(this.chunks[i] as Buffer);
    return {
      chunks: this.chunks,
      size: this.written,
      entries: this.count,
      firstKey: this.firstKey,
      lastKey: (this.index[this.index.length - 1] as IndexEntry).lastKey,
      tailDigest: tail.finish(),
      blockDigest: this.blockCrcs.finish(),
    };
  }

  private finishBlock(): void {
    const block = this.block.finish();
    this.blockCrcs.update(block.subarray(block.length - blockTrailerLength));
    this.index.push({
      offset: this.written,
      length: block.length,
      firstKey: this.blockFirstKey as Uint8Array,
      lastKey: Buffer.from(this.lastKey as Uint8Array),
    });
    this.push(block);
    this.block = new BlockBuilder(this.blockSize);
    this.blockFirstKey = undefined;
  }

  private encodeIndex(): Buffer {
    let length = varintLength(this.index.length) + 4;
    for (const entry of this.index) {
      length += varintLength(entry.offset) + varintLength(entry.length);
      length += varintLength(entry.firstKey.length) + entry.firstKey.length;
      length += varintLength(entry.lastKey.length) + entry.lastKey.length;
    }
    const buffer = Buffer.allocUnsafe(length);
    let at = writeVarint(buffer, 0, this.index.length);
    for (const entry of this.index) {
      at = writeVarint(buffer, at, entry.offset);
      at = writeVarint(buffer, at, entry.length);
      at = writeVarint(buffer, at, entry.firstKey.length);
      buffer.set(entry.firstKey, at);
      at += entry.firstKey.length;
      at = writeVarint(buffer, at, entry.lastKey.length);
      buffer.set(entry.lastKey, at);
      at += entry.lastKey.length;
    }
    buffer.writeUInt32LE(crc32(buffer, 0, at), at);
    return buffer;
  }

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.written += chunk.length;
  }
}
