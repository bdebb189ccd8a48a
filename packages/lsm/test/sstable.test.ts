import { Buffer } from 'node:buffer';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBytes } from '../src/encoding/byte-order.ts';
import type { StoredValue } from '../src/read/entry-iterator.ts';
import { BlockCache } from '../src/sstable/block-cache.ts';
import { hashKey } from '../src/sstable/bloom-filter.ts';
import { SstableReader } from '../src/sstable/reader.ts';
import { SstableWriter } from '../src/sstable/writer.ts';
import { DiskStorage } from '../src/store/disk-storage.ts';
import { MemoryStorage } from '../src/store/memory-storage.ts';
import { expectBadInput } from './expect-error.ts';
import { byteOrder } from './model-order.ts';
import { tempDir } from './temp-dir.ts';

type Entry = [string, string | null];

function writeTable(entries: readonly Entry[], blockSize: number, bloomBitsPerKey = 10) {
  const storage = new MemoryStorage();
  const writer = new SstableWriter({ blockSize, bloomBitsPerKey });
  for (const [key, value] of entries) writer.add(toBytes(key), value === null ? null : toBytes(value));
  const built = writer.finish();
  storage.writeFile('000001.sst', built.chunks);
  return {
    storage,
    built,
    reader: SstableReader.open(storage, 1, '000001.sst', { cache: new BlockCache(1 << 20) }),
  };
}

const show = (value: StoredValue | undefined) =>
  value === undefined ? undefined : value === null ? null : Buffer.from(value).toString('utf8');

/** Sorted, distinct keys with values or tombstones. */
const tableEntries = fc
  .uniqueArray(
    fc.tuple(fc.string({ minLength: 0, maxLength: 12 }), fc.option(fc.string({ maxLength: 40 }))),
    {
      minLength: 1,
      maxLength: 200,
      selector: ([key]) => key,
    },
  )
  .map((entries) => entries.sort(([a], [b]) => byteOrder(a, b)) as Entry[]);

describe('SSTable', () => {
  it('reads back every entry, in order and by key, whatever the block size', () => {
    fc.assert(
      fc.property(
        tableEntries,
        fc.integer({ min: 64, max: 2048 }),
        fc.string({ maxLength: 12 }),
        (entries, blockSize, probe) => {
          const { reader, built } = writeTable(entries, blockSize);
          expect(built.entries).toBe(entries.length);
          expect(reader.entries).toBe(entries.length);
          expect(Buffer.from(reader.firstKey).toString()).toBe(entries[0]?.[0]);
          expect(Buffer.from(reader.lastKey).toString()).toBe(entries[entries.length - 1]?.[0]);
          const all: Entry[] = [];
          for (const it = reader.iterator(); it.valid(); it.next())
            all.push([Buffer.from(it.key()).toString(), show(it.value()) ?? null]);
          expect(all).toEqual(entries);
          // A seek lands on the first key ≥ the probe.
          const from: Entry[] = [];
          for (const it = reader.iterator(toBytes(probe)); it.valid(); it.next())
            from.push([Buffer.from(it.key()).toString(), show(it.value()) ?? null]);
          expect(from).toEqual(entries.filter(([key]) => byteOrder(key, probe) >= 0));
          // Every key is found through its block, and its filter never says no to it.
          for (const [key, value] of entries) {
            const bytes = toBytes(key);
            expect(reader.mayContain(hashKey(bytes))).toBe(true);
            const block = reader.findBlock(bytes);
            expect(show(reader.readBlock(block).get(bytes))).toBe(value);
          }
          reader.unref();
        },
      ),
    );
  });

  it('splits into blocks near the block size and keeps empty values apart from tombstones', () => {
    const entries: Entry[] = Array.from({ length: 300 }, (_, i) => [
      `key${String(i).padStart(4, '0')}`,
      i % 3 === 0 ? '' : i % 3 === 1 ? null : 'v'.repeat(20),
    ]);
    const { reader } = writeTable(entries, 256);
    expect(reader.blockCount).toBeGreaterThan(20);
    expect(show(reader.readBlock(reader.findBlock(toBytes('key0000'))).get(toBytes('key0000')))).toBe('');
    expect(show(reader.readBlock(reader.findBlock(toBytes('key0001'))).get(toBytes('key0001')))).toBeNull();
    expect(reader.hasFilter).toBe(true);
    expect(writeTable(entries, 256, 0).reader.hasFilter).toBe(false);
  });

  it('refuses a table with no entries', () => {
    expect(() => new SstableWriter({ blockSize: 4096, bloomBitsPerKey: 10 }).finish()).toThrow(RangeError);
  });

  it('reports a file too short to be a table, naming it', () => {
    const storage = new MemoryStorage();
    storage.writeFile('000009.sst', [Buffer.from('hello')]);
    expectBadInput(
      () => SstableReader.open(storage, 9, '000009.sst'),
      'memory:000009.sst: the file has 5 bytes, fewer than a footer needs; the SSTable is corrupt',
      'corrupt-store',
    );
  });

  it('names a table whose footer or index checks out but points nowhere sensible', () => {
    const { storage, built } = writeTable(
      Array.from({ length: 50 }, (_, i): Entry => [`k${String(i).padStart(3, '0')}`, 'v']),
      128,
    );
    const bytes = Buffer.concat(built.chunks);
    const reseal = (at: number, value: number, crcFrom: number, crcTo: number) => {
      const copy = Buffer.from(bytes);
      copy.writeUInt32LE(value, at);
      copy.writeUInt32LE(crc32(copy.subarray(crcFrom, crcTo)) >>> 0, crcTo);
      storage.writeFile('000002.sst', [copy]);
    };
    const footer = bytes.length - 32;
    reseal(footer + 8, bytes.length, footer, footer + 20); // the filter starts past the end
    expectBadInput(
      () => SstableReader.open(storage, 2, '000002.sst'),
      'memory:000002.sst: the footer points outside the file; the SSTable is corrupt',
    );
    const indexOffset = bytes.readUInt32LE(footer);
    const indexLength = bytes.readUInt32LE(footer + 4);
    // A block count far larger than the index holds, with the index checksum recomputed.
    const copy = Buffer.from(bytes);
    copy[indexOffset] = 0x7f;
    copy.writeUInt32LE(
      crc32(copy.subarray(indexOffset, indexOffset + indexLength - 4)) >>> 0,
      indexOffset + indexLength - 4,
    );
    storage.writeFile('000003.sst', [copy]);
    expectBadInput(
      () => SstableReader.open(storage, 3, '000003.sst'),
      'memory:000003.sst: the block index is malformed; the SSTable is corrupt',
    );
  });

  it('names a block cut short when the file shrinks under an open table', () => {
    const dir = tempDir('sst');
    const storage = new DiskStorage(dir);
    const writer = new SstableWriter({ blockSize: 128, bloomBitsPerKey: 10 });
    for (let i = 0; i < 200; i++)
      writer.add(toBytes(`k${String(i).padStart(3, '0')}`), toBytes('v'.repeat(10)));
    storage.writeFile('000001.sst', writer.finish().chunks);
    const reader = SstableReader.open(storage, 1, '000001.sst', { cache: new BlockCache(1 << 20) });
    truncateSync(join(dir, '000001.sst'), 300);
    const last = reader.blockCount - 1;
    expectBadInput(
      () => reader.readBlock(last),
      new RegExp(
        `^${join(dir, '000001.sst')}: block ${last} at byte \\d+ is cut short; the SSTable is corrupt$`,
      ),
    );
    expectBadInput(() => reader.readBlockPrivately(last), /is cut short; the SSTable is corrupt$/);
    reader.unref();
  });
});
