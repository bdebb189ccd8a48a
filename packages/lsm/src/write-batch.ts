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
import type { StoredValue } from './entry-iterator.ts';
import { readVarint, varintLength, writeVarint } from './varint.ts';

/** One operation of a batch; a `null` value deletes the key. */
export interface WriteOperation {
  readonly key: Uint8Array;
  readonly value: StoredValue;
}

const typeDelete = 0;
const typePut = 1;

/** Bytes of one operation inside a batch. */
function operationLength(key: Uint8Array, value: StoredValue): number {
  const valuePart = value === null ? 0 : varintLength(value.length) + value.length;
  return 1 + varintLength(key.length) + key.length + valuePart;
}

/**
 * Encodes `operations` after `headroom` free bytes at the front, where the log writes its
 * record header, so a record is built in one buffer with no copy.
 */
export function encodeBatch(operations: readonly WriteOperation[], headroom: number): Buffer {
  let length = varintLength(operations.length);
  for (const { key, value } of operations) length += operationLength(key, value);
  const buffer = Buffer.allocUnsafe(headroom + length);
  let at = writeVarint(buffer, headroom, operations.length);
  for (const { key, value } of operations) at = writeOperation(buffer, at, key, value);
  return buffer;
}

function writeOperation(buffer: Buffer, offset: number, key: Uint8Array, value: StoredValue): number {
  buffer[offset] = value === null ? typeDelete : typePut;
  let at = writeVarint(buffer, offset + 1, key.length);
  buffer.set(key, at);
  at += key.length;
  if (value !== null) {
    at = writeVarint(buffer, at, value.length);
    buffer.set(value, at);
    at += value.length;
  }
  return at;
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
