/**
 * A write batch: several puts and deletes that become durable and visible together.
 *
 * A batch is the unit the write-ahead log records: one record, one checksum, so after a
 * crash either every operation of the batch is recovered or none is. A single put is a batch
 * of one. LevelDB: db/write_batch.cc (a count, then per operation a type byte and
 * length-prefixed key and value), here without LevelDB's sequence number, which dbplay does
 * not need because it keeps no snapshots.
 *
 *     count (varint) | type (1 put, 0 delete) | key length (varint) | key | value length (varint) | value | …
 */

import { Buffer } from 'node:buffer';
import { BadInputError } from '@dbplay/core';
import type { BytesInput } from '../encoding/byte-order.ts';
import { readVarint, varintLength, writeVarint } from '../encoding/varint.ts';
import type { StoredValue } from '../read/entry-iterator.ts';

/** One operation of a batch, as given; a `null` value deletes the key. */
export interface WriteOperation {
  readonly key: BytesInput;
  readonly value: BytesInput | null;
}

const typeDelete = 0;
const typePut = 1;

/**
 * Encodes `operations` after `headroom` free bytes at the front, where the log writes its
 * record header, so a record is built in one buffer: strings are encoded straight into it,
 * byte arrays copied into it. The tree then reads the keys and values back out of the
 * record (views, not copies) with {@link decodeBatch}, exactly as recovery does.
 */
export function encodeBatch(operations: readonly WriteOperation[], headroom: number): Buffer {
  // First pass: every key's and value's encoded length, remembered for the second.
  let length = varintLength(operations.length);
  let n = 0;
  for (const { key, value } of operations) {
    const keyLength = encodedLength(key);
    lengths[n++] = keyLength;
    length += 1 + varintLength(keyLength) + keyLength;
    if (value !== null) {
      const valueLength = encodedLength(value);
      lengths[n++] = valueLength;
      length += varintLength(valueLength) + valueLength;
    }
  }
  const buffer = Buffer.allocUnsafe(headroom + length);
  let at = writeVarint(buffer, headroom, operations.length);
  n = 0;
  for (const { key, value } of operations) {
    buffer[at] = value === null ? typeDelete : typePut;
    at = writeBytes(buffer, at + 1, key, lengths[n++] as number);
    if (value !== null) at = writeBytes(buffer, at, value, lengths[n++] as number);
  }
  return buffer;
}

// Scratch space for encodeBatch's lengths (the tree is synchronous: one batch at a time).
const lengths: number[] = [];

/** Bytes `input` takes as UTF-8 (or as itself). */
function encodedLength(input: BytesInput): number {
  if (typeof input === 'string') return Buffer.byteLength(input, 'utf8');
  if (!(input instanceof Uint8Array)) {
    throw new BadInputError(`keys and values must be strings or Uint8Arrays; got ${typeof input}`);
  }
  return input.length;
}

/**
 * Writes a length-prefixed key or value at `offset`; returns the offset after it. A short
 * string whose UTF-8 length equals its length is ASCII (every other character takes two
 * bytes or more), and is copied in JavaScript: for keys and values of a few dozen bytes
 * that is faster than `buffer.write`, whose call into C++ costs more than the copy.
 */
function writeBytes(buffer: Buffer, offset: number, input: BytesInput, length: number): number {
  const at = writeVarint(buffer, offset, length);
  if (typeof input !== 'string') buffer.set(input, at);
  else if (length === input.length && length <= 256) {
    for (let i = 0; i < length; i++) buffer[at + i] = input.charCodeAt(i);
  } else buffer.write(input, at, length, 'utf8');
  return at + length;
}

/**
 * Calls `apply` for each operation of an encoded batch, in order. Keys and values are views
 * into `payload`, not copies. Returns false when the payload is malformed (which a good
 * checksum makes a bug, not a disk error).
 */
export function decodeBatch(
  payload: Uint8Array,
  apply: (key: Uint8Array, value: StoredValue) => void,
): boolean {
  const count = readVarint(payload, 0);
  if (count === undefined) return false;
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const type = payload[at];
    const keyLength = readVarint(payload, at + 1);
    if ((type !== typePut && type !== typeDelete) || keyLength === undefined) return false;
    const keyEnd = keyLength.next + keyLength.value;
    if (keyEnd > payload.length) return false;
    const key = payload.subarray(keyLength.next, keyEnd);
    if (type === typeDelete) {
      apply(key, null);
      at = keyEnd;
      continue;
    }
    const valueLength = readVarint(payload, keyEnd);
    if (valueLength === undefined) return false;
    const valueEnd = valueLength.next + valueLength.value;
    if (valueEnd > payload.length) return false;
    apply(key, payload.subarray(valueLength.next, valueEnd));
    at = valueEnd;
  }
  return at === payload.length;
}
