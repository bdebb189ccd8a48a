/**
 * Reading a data block: find a key by binary search over the entry offsets, comparing keys
 * where they lie in the block, without copying or decoding the rest.
 *
 * The first search of a block reads its offsets into an array, with each key's prefix
 * beside them (`keyPrefix` in encoding/byte-order.ts), so the binary search compares small
 * integers and reads a key's bytes only when two prefixes tie. Prefix and offset sit side by
 * side in one array: a search of a block not read lately waits for memory once for the
 * array, not twice, and finds the offset of the entry it lands on in the line it has.
 * LevelDB keeps a restart point every 16 keys and searches those, then scans; dbplay's
 * blocks have an offset for every entry (block-builder.ts), so every entry is a restart
 * point.
 *
 * LevelDB: table/block.cc (`Block::Iter::Seek` binary-searches the restart points);
 * mini-lsm: block/iterator.rs. The layout is described in block-builder.ts. Keys and
 * values handed out are views into the block's bytes.
 */
import type { Buffer } from 'node:buffer';
import { compareBytesAt, keyPrefix, prefixAt } from '../encoding/byte-order.ts';
import { readVarint } from '../encoding/varint.ts';
import type { StoredValue } from '../read/entry-iterator.ts';
import { entryTypeTombstone } from './block-builder.ts';

export class Block {
  /** The block's bytes without its checksum. */
  readonly bytes: Buffer;
  /**
   * The same bytes as a plain Uint8Array, for the views handed out: `subarray` of a Buffer
   * runs Node's JavaScript to make another Buffer, of a Uint8Array it is V8's own.
   */
  private readonly view: Uint8Array;
  /** The buffer the bytes sit in (the block cache recycles it). */
  readonly storage: Buffer;
  readonly count: number;
  private readonly offsetsStart: number;
  /** Each entry's key prefix and offset, at 2i and 2i + 1, read at the first search. */
  private search: Int32Array | undefined;
  /**
   * The entry header {@link readHeader} read last: where its key starts, and the key's and
   * the value's lengths. Fields rather than a returned object, so that the hot paths
   * (seek, get) allocate nothing; each caller reads them at once.
   */
  private keyStart = 0;
  private keyLength = 0;
  private valueLength = 0;

  /** `bytes` must already have passed its checksum; see reader.ts. */
  constructor(bytes: Buffer, storage: Buffer = bytes) {
    this.bytes = bytes;
    this.view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.storage = storage;
    this.count = bytes.readUInt32LE(bytes.length - 4);
    this.offsetsStart = bytes.length - 4 - 4 * this.count;
  }

  offsetOf(index: number): number {
    const search = this.search;
    if (search !== undefined) return search[2 * index + 1] as number;
    return this.bytes.readUInt32LE(this.offsetsStart + 4 * index);
  }

  /** The index of the first entry whose key is ≥ `key` (`count` when every key is smaller). */
  seek(key: Uint8Array): number {
    const search = this.search ?? this.readOffsets();
    const prefix = keyPrefix(key);
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = search[2 * mid] as number;
      if (other < prefix || (other === prefix && this.compareEntryKey(mid, key) < 0)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Reads every entry's key prefix and offset into {@link search}, and returns it. */
  private readOffsets(): Int32Array {
    const count = this.count;
    const bytes = this.bytes;
    // Offsets fit: a block is far smaller than 2^31 bytes.
    const search = new Int32Array(2 * count);
    for (let index = 0; index < count; index++) {
      const offset = bytes.readUInt32LE(this.offsetsStart + 4 * index);
      this.readHeader(offset);
      search[2 * index] = prefixAt(bytes, this.keyStart, this.keyLength);
      search[2 * index + 1] = offset;
    }
    this.search = search;
    return search;
  }

  /**
   * The value stored under `key`: bytes, `null` for a tombstone, or undefined when the block
   * does not hold the key.
   */
  get(key: Uint8Array): StoredValue | undefined {
    const index = this.seek(key);
    if (index >= this.count || this.compareEntryKey(index, key) !== 0) return undefined;
    return this.valueAt(this.offsetOf(index));
  }

  /** The value of the entry at byte `offset` (what {@link decode} gives, without the key and the object). */
  private valueAt(offset: number): StoredValue {
    if (this.bytes[offset] === entryTypeTombstone) return null;
    this.readHeader(offset);
    const valueStart = this.keyStart + this.keyLength;
    return this.view.subarray(valueStart, valueStart + this.valueLength);
  }

  /** Decodes the entry at byte `offset`; `next` is where the following entry starts. */
  decode(offset: number): { key: Uint8Array; value: StoredValue; next: number } {
    const view = this.view;
    this.readHeader(offset);
    const { keyStart, keyLength, valueLength } = this;
    const key = view.subarray(keyStart, keyStart + keyLength);
    const valueStart = keyStart + keyLength;
    const value =
      view[offset] === entryTypeTombstone ? null : view.subarray(valueStart, valueStart + valueLength);
    return { key, value, next: valueStart + valueLength };
  }

  /** Where the entries end and the offset array begins. */
  get entriesEnd(): number {
    return this.offsetsStart;
  }

  private compareEntryKey(index: number, key: Uint8Array): number {
    this.readHeader(this.offsetOf(index));
    return compareBytesAt(this.bytes, this.keyStart, this.keyLength, key);
  }

  /**
   * Reads the header of the entry at byte `offset` (its type byte, then the key's and the
   * value's lengths as varints; block-builder.ts) into {@link keyStart}, {@link keyLength} and
   * {@link valueLength}. The one place an entry is parsed. Lengths under 128, the common case,
   * take one byte and are read inline.
   */
  private readHeader(offset: number): void {
    const bytes = this.bytes;
    let at = offset + 1;
    let keyLength = bytes[at++] as number;
    if (keyLength >= 0x80) ({ value: keyLength, next: at } = readLongVarint(bytes, at - 1));
    let valueLength = bytes[at++] as number;
    if (valueLength >= 0x80) ({ value: valueLength, next: at } = readLongVarint(bytes, at - 1));
    this.keyStart = at;
    this.keyLength = keyLength;
    this.valueLength = valueLength;
  }
}

/**
 * A length of 128 or more, which takes more than one byte (shorter ones, the common case, are
 * read inline by readHeader). The block passed its checksum, so the varint is whole.
 */
function readLongVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  const read = readVarint(bytes, offset);
  if (read === undefined) throw new RangeError(`a block entry's length at byte ${offset} is cut short`);
  return read;
}
