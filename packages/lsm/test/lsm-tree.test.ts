/**
 * The store's API, one behaviour at a time: what goes in comes out, tombstones die only in
 * the last level, counters add up and survive a restart, and every misuse gets a clear error.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { expectBadInput, expectBadInputAsync } from './expect-error.ts';
import { tempDir } from './temp-dir.ts';

const tiny = { memtableSize: 256, sstSize: 512, blockSize: 128 };
const fruits = ['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape', 'kiwi', 'lemon', 'mango'];

describe('LsmTree', () => {
  it('stores strings and bytes, tells an empty value from a deleted key, and scans [from, to)', async () => {
    const tree = await LsmTree.open(tiny);
    tree.put('b', '2');
    tree.put(new Uint8Array([0x61]), new Uint8Array([0xff, 0x00]));
    tree.put('c', '');
    tree.put('d', '4');
    tree.delete('d');
    tree.delete('never-there');
    expect(tree.get('b')).toBe('2');
    expect(tree.getBytes('a')).toEqual(new Uint8Array([0xff, 0x00]));
    expect(tree.get('c')).toBe('');
    expect(tree.get('d')).toBeUndefined();
    expect([...tree.scan('b')]).toEqual([
      ['b', '2'],
      ['c', ''],
    ]);
    expect([...tree.scan(undefined, 'c')].map(([key]) => key)).toEqual(['a', 'b']);
    expect([...tree.scanBytes('a', 'b')].map(([key, value]) => [[...key], [...value]])).toEqual([
      [[0x61], [0xff, 0x00]],
    ]);
    tree.close();
  });

  it('refuses keys and values that are neither strings nor byte arrays', async () => {
    const tree = await LsmTree.open(tiny);
    expectBadInput(
      () => tree.put(42 as never, 'v'),
      'keys and values must be strings or Uint8Arrays; got number',
    );
    expectBadInput(
      () => tree.put('k', { value: 1 } as never),
      'keys and values must be strings or Uint8Arrays; got object',
    );
    expect(tree.get('k')).toBeUndefined();
    tree.close();
  });

  it('copies byte arrays it is given, so changing them later changes nothing', async () => {
    const tree = await LsmTree.open(tiny);
    const value = new Uint8Array([1, 2, 3]);
    tree.put('k', value);
    value[0] = 9;
    expect(tree.getBytes('k')).toEqual(new Uint8Array([1, 2, 3]));
    tree.close();
  });

  it('keeps tombstones above the last level and drops them, with the values they hide, at the bottom', async () => {
    const tree = await LsmTree.open({
      ...tiny,
      compaction: {
        strategy: 'simple',
        maxLevels: 2,
        level0FileNumCompactionTrigger: 1,
        sizeRatioPercent: 1,
      },
    });
    tree.put('apple', 'red');
    tree.flush(); // L0 → L1 → L2 (sizeRatioPercent 1: a level moves down only onto an empty one)
    tree.delete('apple');
    tree.flush(); // the tombstone lands in L1, above apple=red in L2, and must stay to hide it
    const entries = () =>
      tree
        .snapshot()
        .runs.flatMap((run) => run.tables)
        .reduce((sum, table) => sum + table.entries, 0);
    expect(tree.snapshot().runs.map((run) => run.tables.map((t) => t.entries))).toEqual([[], [1], [1]]);
    expect(entries()).toBe(2);
    expect(tree.get('apple')).toBeUndefined();
    tree.compact(); // into L2, the last level: tombstone and value both go
    expect(entries()).toBe(0);
    expect(tree.snapshot().runs.every((run) => run.tables.length === 0)).toBe(true);
    expect(tree.get('apple')).toBeUndefined();
    tree.close();
  });

  it('applies a batch atomically and refuses an unknown operation type', async () => {
    const tree = await LsmTree.open(tiny);
    tree.batch([
      { type: 'put', key: 'a', value: '1' },
      { type: 'put', key: 'b', value: '2' },
      { type: 'del', key: 'a' },
    ]);
    tree.batch([]);
    expect([...tree.scan()]).toEqual([['b', '2']]);
    expectBadInput(
      () => tree.batch([{ type: 'delete', key: 'b' } as never]),
      "a batch operation's type must be 'put' or 'del'; got 'delete'",
    );
    expect(tree.metrics().counters.puts).toBe(2);
    tree.close();
  });

  it('measures write amplification, bloom filter accuracy and space, and keeps the counts across a restart', async () => {
    const dir = tempDir('metrics');
    const tree = await LsmTree.open({ ...tiny, dir, compaction: 'leveled' });
    for (let i = 0; i < 200; i++) tree.put(`key${String(i % 50).padStart(3, '0')}`, `value-${i}`);
    for (let i = 0; i < 100; i++) tree.get(`key${String(i % 50).padStart(3, '0')}-absent`);
    const metrics = tree.metrics();
    expect(metrics.counters.puts).toBe(200);
    expect(metrics.counters.userBytes).toBe(
      200 * 6 + [...Array(200).keys()].reduce((sum, i) => sum + `value-${i}`.length, 0),
    );
    expect(metrics.counters.flushes).toBeGreaterThan(5);
    expect(metrics.writeAmplification.total).toBeGreaterThan(metrics.writeAmplification.sstables);
    expect(metrics.writeAmplification.sstables).toBeGreaterThan(1);
    expect(metrics.bloom.trueNegatives).toBeGreaterThan(50);
    expect(metrics.bloom.falsePositiveRate).toBeLessThan(0.2);
    expect(metrics.bloom.theoreticalFalsePositiveRate).toBeCloseTo(0.0082, 4);
    expect(metrics.space.liveKeys).toBe(50);
    expect(metrics.space.amplification).toBeGreaterThan(1);
    expect(metrics.levels[0]?.name).toBe('L0');
    tree.close();

    const again = await LsmTree.open({ dir });
    const after = again.metrics();
    expect(after.counters).toEqual(metrics.counters);
    expect(again.storeSettings.memtableSize).toBe(256);
    again.close();
  });

  it('lets a scan finish over the tables it started with while compactions replace them', async () => {
    for (const dir of [undefined, tempDir('scan')]) {
      const tree = await LsmTree.open({ ...tiny, dir, compaction: 'tiered' });
      for (let i = 0; i < 100; i++) tree.put(`k${String(i).padStart(3, '0')}`, 'x'.repeat(20));
      const scan = tree.scan();
      const first = scan.next();
      expect(first.value).toEqual(['k000', 'x'.repeat(20)]);
      for (let i = 0; i < 100; i++) tree.put(`k${String(i).padStart(3, '0')}`, 'y');
      tree.compact();
      const rest = [...scan];
      expect(rest).toHaveLength(99);
      expect(rest.every(([, value]) => value === 'x'.repeat(20))).toBe(true);
      expect([...tree.scan()].every(([, value]) => value === 'y')).toBe(true);
      tree.close();
    }
  });

  it('reopens with the settings it was created with, and refuses another strategy', async () => {
    const dir = tempDir('settings');
    (
      await LsmTree.open({ dir, memtableSize: 1000, compaction: { strategy: 'tiered', numTiers: 4 } })
    ).close();
    const again = await LsmTree.open({ dir, compaction: { strategy: 'tiered', minMergeWidth: 3 } });
    expect(again.storeSettings).toMatchObject({
      memtableSize: 1000,
      compaction: { strategy: 'tiered', numTiers: 4, minMergeWidth: 3 },
    });
    again.close();
    const before = readdirSync(dir).sort();
    await expectBadInputAsync(
      () => LsmTree.open({ dir, compaction: 'leveled' }),
      `${dir} was created with the tiered compaction strategy and cannot switch to leveled`,
      'bad-option',
    );
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('checks its options, suggesting the right strategy name', async () => {
    await expectBadInputAsync(
      () => LsmTree.open({ memtableSize: 10 }),
      'the memtable size must be a whole number from 64 to 1073741824; got 10',
    );
    await expectBadInputAsync(
      () => LsmTree.open({ bloomBitsPerKey: -1 }),
      /bloom filter bits per key must be a whole number from 0 to 64; got -1/,
    );
    await expectBadInputAsync(
      () => LsmTree.open({ compaction: 'leveld' }),
      "unknown compaction strategy 'leveld' (did you mean 'leveled'?); the strategies are simple, tiered, leveled",
    );
  });

  it('refuses to work once closed', async () => {
    const tree = await LsmTree.open(tiny);
    tree.close();
    tree.close();
    for (const use of [
      () => tree.put('a', 'b'),
      () => tree.get('a'),
      () => tree.scan(),
      () => tree.flush(),
      () => tree.compact(),
      () => tree.metrics(),
    ]) {
      expectBadInput(use, 'the LSM-tree is closed', 'store-closed');
    }
  });

  it('stops taking writes after a failed flush, and recovers every acknowledged write on reopening', async () => {
    const dir = tempDir('failure');
    let failNext = false;
    const tree = await LsmTree.open({
      ...tiny,
      dir,
      syncPoint: (point) => {
        if (failNext && point === 'flush:table-written') throw new Error('disk full (simulated)');
      },
    });
    for (const fruit of fruits) tree.put(fruit, `${fruit}-1`);
    failNext = true;
    expect(() => tree.flush()).toThrow('disk full (simulated)');
    expectBadInput(
      () => tree.put('x', 'y'),
      'the LSM-tree stopped accepting writes after an error: disk full (simulated)',
      'store-failed',
    );
    expect(tree.get('apple')).toBe('apple-1');
    tree.close();
    const again = await LsmTree.open({ dir });
    expect([...again.scan()]).toEqual(fruits.map((fruit) => [fruit, `${fruit}-1`]));
    again.close();
  });

  it('flushes a memtable and compacts only when asked, with autoCompact off', async () => {
    const tree = await LsmTree.open({ ...tiny, autoCompact: false, compaction: 'simple' });
    for (let i = 0; i < 60; i++) tree.put(`k${i}`, 'v'.repeat(20));
    expect(tree.snapshot().runs[0]?.tables.length).toBeGreaterThan(3);
    tree.compact();
    const runs = tree.snapshot().runs;
    expect(runs.slice(0, -1).every((run) => run.tables.length === 0)).toBe(true);
    expect([...tree.scan()]).toHaveLength(60);
    tree.close();
  });
});
