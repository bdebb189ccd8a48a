/**
 * The tail of an SSTable, read when the table opens: the footer, which says where the block
 * index and the bloom filter are, then the index (each data block's offset, length, first
 * and last key) and the filter, which stay in memory while the table is open. Each part is
 * checked against its checksum, and a damaged one is reported with the file's name, never
 * used. The layout is format.ts's.
 *
 * LevelDB reads its tables the same way, from the end: table/table.cc's `Table::Open` reads
 * the footer (table/format.cc, `Footer::DecodeFrom`), then the index block and the filter
 * block it points to.
 */
import type { Buffer } from 'node:buffer';
import { BadInputError } from '@dbplay/core';
import { crc32 } from '../encoding/checksum.ts';
import { readVarint } from '../encoding/varint.ts';
import type { RandomAccessFile } from '../store/storage.ts';
import { footerLength, sstableMagic } from './format.ts';

/** What opening a table reads of it: its tail, entry count, block index and filter. */
export interface TableParts {
  /** The index, filter and footer, as read: what tailDigest covers. */
  readonly tail: Buffer;
  readonly entries: number;
  readonly offsets: number[];
  readonly lengths: number[];
  readonly firstKeys: Uint8Array[];
  readonly lastKeys: Uint8Array[];
  readonly filter: Uint8Array;
}

/** Reads and checks the footer, the block index and the filter of the table in `file`. */
export function readTableParts(file: RandomAccessFile, name: string): TableParts {
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
  // Index, filter and footer lie together at the end: one read.
  const tail = file.read(indexOffset, file.size - indexOffset) as Buffer;
  const index = checkedBlock(tail, 0, indexLength, name, 'the block index', indexOffset);
  const filter = checkedBlock(
    tail,
    filterOffset - indexOffset,
    filterLength,
    name,
    'the bloom filter',
    filterOffset,
  );
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
  return { tail, entries, offsets, lengths, firstKeys, lastKeys, filter };
}

/** The block at `tail[start..start + length)` (byte `offset` of the file), checked; returned without its checksum. */
function checkedBlock(
  tail: Buffer,
  start: number,
  length: number,
  name: string,
  what: string,
  offset: number,
) {
  const bytes = tail.subarray(start, start + length);
  if (bytes.length !== length || length < 4) throw corruptTable(name, `${what} is cut short`);
  if (bytes.readUInt32LE(length - 4) !== crc32(bytes, 0, length - 4)) {
    throw corruptTable(name, `${what} at byte ${offset} fails its checksum`);
  }
  return bytes.subarray(0, length - 4);
}

/** A table whose blocks are all sound but which is not the table the manifest names. */
export function swappedTable(name: string): BadInputError {
  return corruptTable(
    name,
    'every block passes its own checksum, but the file is not the one the manifest names (its digest differs): another table of the same size and key range is in its place',
  );
}

export function corruptTable(name: string, what: string): BadInputError {
  return new BadInputError(`${name}: ${what}; the SSTable is corrupt`, { code: 'corrupt-store' });
}
