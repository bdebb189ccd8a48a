/**
 * Building one data block of an SSTable: sorted entries, then an offset per entry, so that
 * a reader can binary-search the block without decoding it.
 *
 * A block (about `blockSize` bytes, 4 KiB by default) is the unit an SSTable is read in: a
 * point read loads one block, and the checksum covers one block. The layout follows
 * mini-lsm's block (week 1, day 3) with LevelDB's varint lengths (table/block_builder.cc)
 * and a type byte, so that an empty value and a delete stay different things:
 *
 *     ┌─────────┬─────────┬─────┬──────────┬──────────┬─────┬───────┬─────┐
 *     │ entry 0 │ entry 1 │ …   │ offset 0 │ offset 1 │ …   │ count │ CRC │
 *     └─────────┴─────────┴─────┴──────────┴──────────┴─────┴───────┴─────┘
 *     entry: type (1 value, 0 tombstone) | key length | value length | key | value
 *     offsets, count and CRC: u32, little-endian; the CRC covers everything before it.
 *
 * LevelDB also shares key prefixes between neighbours ("restart points", every 16 keys);
 * dbplay leaves that out to keep the format easy to read: random keys, as in the benchmark,
 * share little anyway.
 */
import { Buffer } from 'node:buffer';
import { crc32 } from '../encoding/checksum.ts';
import { varintLength, writeVarint } from '../encoding/varint.ts';
import type { StoredValue } from '../read/entry-iterator.ts';

export const entryTypeTombstone = 0;
export const entryTypeValue = 1;

export class BlockBuilder {
  private buffer: Buffer;
  private length = 0;
  private readonly offsets: number[] = [];

  constructor(expectedSize: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, expectedSize * 2));
  }

  get entries(): number {
    return this.offsets.length;
  }

  /** The size the block will have once finished. */
  get estimatedSize(): number {
    return this.length + 4 * this.offsets.length + 8;
  }

  /** Appends an entry; keys must arrive in increasing order. */
  add(key: Uint8Array, value: StoredValue): void {
    const valueLength = value === null ? 0 : value.length;
    const needed = 1 + varintLength(key.length) + varintLength(valueLength) + key.length + valueLength;
    this.reserve(needed);
    this.offsets.push(this.length);
    const buffer = this.buffer;
    buffer[this.length] = value === null ? entryTypeTombstone : entryTypeValue;
    let at = writeVarint(buffer, this.length + 1, key.length);
    at = writeVarint(buffer, at, valueLength);
    buffer.set(key, at);
    at += key.length;
    if (value !== null) {
      buffer.set(value, at);
      at += valueLength;
    }
    this.length = at;
  }

  /** The finished block, checksum included. The builder must not be used afterwards. */
  finish(): Buffer {
    this.reserve(4 * this.offsets.length + 8);
    const buffer = this.buffer;
    let at = this.length;
    for (const offset of this.offsets) {
      buffer.writeUInt32LE(offset, at);
      at += 4;
    }
    buffer.writeUInt32LE(this.offsets.length, at);
    at += 4;
    buffer.writeUInt32LE(crc32(buffer, 0, at), at);
    return buffer.subarray(0, at + 4);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
