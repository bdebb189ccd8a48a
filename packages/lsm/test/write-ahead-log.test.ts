import { Buffer } from 'node:buffer';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBytes } from '../src/encoding/byte-order.ts';
import type { StoredValue } from '../src/read/entry-iterator.ts';
import { DiskStorage } from '../src/store/disk-storage.ts';
import { MemoryStorage } from '../src/store/memory-storage.ts';
import { readWalRecords } from '../src/wal/log-reader.ts';
import { WriteAheadLog, walHeaderLength } from '../src/wal/write-ahead-log.ts';
import { decodeBatch, encodeBatch, type WriteOperation } from '../src/wal/write-batch.ts';
import { expectBadInput } from './expect-error.ts';
import { tempDir } from './temp-dir.ts';

const operation = fc.record({
  key: fc.uint8Array({ maxLength: 300 }),
  value: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }),
});

function logOf(batches: readonly (readonly WriteOperation[])[]): Uint8Array {
  const storage = new MemoryStorage();
  const log = new WriteAheadLog(1, storage.createAppendable('000001.wal'), false);
  for (const batch of batches) log.append(encodeBatch(batch, walHeaderLength));
  return storage.readFile('000001.wal');
}

function decoded(payload: Uint8Array): WriteOperation[] {
  const out: WriteOperation[] = [];
  expect(
    decodeBatch(payload, (key, value: StoredValue) =>
      out.push({ key: Buffer.from(key), value: value && Buffer.from(value) }),
    ),
  ).toBe(true);
  return out;
}

const batchesOf = (ops: WriteOperation[][]) =>
  ops.map((batch) =>
    batch.map(({ key, value }) => ({ key: Buffer.from(key), value: value && Buffer.from(value) })),
  );

describe('write-ahead log', () => {
  it('reads back every batch, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(operation, { minLength: 1, maxLength: 5 }), { maxLength: 10 }),
        (batches) => {
          const contents = readWalRecords(logOf(batches), 'test.wal');
          expect(contents.tornBytes).toBe(0);
          expect(contents.records.map(decoded)).toEqual(batchesOf(batches));
        },
      ),
    );
  });

  it('drops a record cut short at any byte, keeping the whole ones before it', () => {
    const batches = [
      [{ key: toBytes('a'), value: toBytes('1') }],
      [{ key: toBytes('b'), value: null }],
      [{ key: toBytes('c'), value: toBytes('3'.repeat(50)) }],
    ];
    const log = logOf(batches);
    // The third record: count, type, key length, key, value length, 50-byte value.
    const secondEnds = log.length - (walHeaderLength + 5 + 50);
    for (let cut = secondEnds; cut < log.length; cut++) {
      const contents = readWalRecords(log.subarray(0, cut), 'test.wal');
      expect(contents.records).toHaveLength(2);
      expect(contents.validLength).toBe(secondEnds);
      expect(contents.tornBytes).toBe(cut - secondEnds);
    }
  });

  it('treats zeros after the last record as space not yet written: no record, and no torn one', () => {
    const whole = logOf([[{ key: toBytes('a'), value: toBytes('1') }]]);
    const contents = readWalRecords(Buffer.concat([whole, Buffer.alloc(100)]), 'test.wal');
    expect(contents.records).toHaveLength(1);
    expect(contents.validLength).toBe(whole.length);
    expect(contents.tornBytes).toBe(0);
  });

  it('with sync on, writes zeros ahead of its end and syncs them, and every record reads back', () => {
    const dir = tempDir('wal');
    const storage = new DiskStorage(dir);
    const chunk = 1024;
    const log = new WriteAheadLog(1, storage.createAppendable('000001.wal'), true, chunk);
    const batches = Array.from({ length: 40 }, (_, i) => [
      { key: toBytes(`key-${i}`), value: toBytes('v'.repeat(i * 3)) },
    ]);
    for (const batch of batches) {
      log.append(encodeBatch(batch, walHeaderLength));
      const onDisk = statSync(join(dir, '000001.wal')).size;
      // Always at least one zero after the last record, and never more than a chunk ahead.
      expect(onDisk).toBeGreaterThan(log.size);
      expect(onDisk - log.size).toBeLessThanOrEqual(chunk);
    }
    log.close();
    const contents = readWalRecords(storage.readFile('000001.wal'), 'test.wal');
    expect(contents.records.map(decoded)).toEqual(batchesOf(batches));
    expect(contents.validLength).toBe(log.size);
    expect(contents.tornBytes).toBe(0);
  });

  it('drops a last record torn in place over the zeros at any byte, but refuses damage before it', () => {
    const batches = [
      [{ key: toBytes('a'), value: toBytes('1') }],
      [{ key: toBytes('b'), value: null }],
      [{ key: toBytes('c'), value: toBytes('3'.repeat(50)) }],
    ];
    const log = Buffer.concat([logOf(batches), Buffer.alloc(64)]);
    const lastStarts = log.length - 64 - (walHeaderLength + 5 + 50);
    const lastEnds = log.length - 64;
    // A crash wrote the record's first `written` bytes; the rest are still the zeros below them.
    for (let written = 1; written < lastEnds - lastStarts; written++) {
      const torn = Buffer.from(log);
      torn.fill(0, lastStarts + written, lastEnds);
      const contents = readWalRecords(torn, 'test.wal');
      expect(contents.records).toHaveLength(2);
      expect(contents.validLength).toBe(lastStarts);
      expect(contents.tornBytes).toBeGreaterThan(0);
      expect(contents.tornBytes).toBeLessThanOrEqual(written);
    }
    // A record followed by another is damaged, not torn, zeros or not after the last.
    const damaged = Buffer.from(log);
    damaged[walHeaderLength + 2] = (damaged[walHeaderLength + 2] as number) ^ 0x20;
    expectBadInput(
      () => readWalRecords(damaged, 'test.wal'),
      'test.wal: record 1 at byte 0 fails its checksum; the write-ahead log is corrupt',
      'corrupt-store',
    );
  });

  it('reports a flipped byte anywhere in a whole record as corruption, naming the file and the record', () => {
    const log = logOf([
      [{ key: toBytes('a'), value: toBytes('1') }],
      [{ key: toBytes('bb'), value: toBytes('22') }],
      [{ key: toBytes('c'), value: null }],
    ]);
    const starts = [0];
    for (const payload of readWalRecords(log, 'clean').records)
      starts.push((starts.at(-1) as number) + walHeaderLength + payload.length);
    for (let at = 0; at < log.length; at++) {
      const damaged = Buffer.from(log);
      damaged[at] = (damaged[at] as number) ^ 0x20;
      const record = starts.findIndex((start) => start > at);
      const start = starts[record - 1] as number;
      const header = at - start < 12 ? 'the header of ' : '';
      expectBadInput(
        () => readWalRecords(damaged, '/tmp/s/000004.wal'),
        `/tmp/s/000004.wal: ${header}record ${record} at byte ${start} fails its checksum; the write-ahead log is corrupt`,
        'corrupt-store',
      );
    }
  });

  it('encodes a batch after the requested headroom, and rejects malformed batches', () => {
    const encoded = encodeBatch([{ key: toBytes('k'), value: toBytes('v') }], 3);
    expect([...encoded.subarray(3)]).toEqual([1, 1, 1, 107, 1, 118]);
    expect(decodeBatch(encoded.subarray(3), () => {})).toBe(true);
    expect(decodeBatch(new Uint8Array([1, 7, 1, 107]), () => {})).toBe(false); // unknown type
    expect(decodeBatch(new Uint8Array([1, 1, 5, 107]), () => {})).toBe(false); // key runs past the end
    expect(decodeBatch(new Uint8Array([2, 0, 1, 107]), () => {})).toBe(false); // fewer operations than counted
    expect(decodeBatch(new Uint8Array([1, 0, 1, 107, 9]), () => {})).toBe(false); // bytes left over
    expect(decodeBatch(new Uint8Array([]), () => {})).toBe(false);
  });
});
