/**
 * The B+tree vs LSM comparison: the buffer pool against a plain model of LRU, the
 * workloads' shape, and the figures' direction on the workloads where the textbooks agree
 * (a B-tree writes more than an LSM-tree for random inserts; an LSM-tree reads fewer units
 * per point lookup thanks to its bloom filters; nothing is written by a read-only phase).
 */
import { buildWorkload, compareStorage, workloadNames } from '@dbplay/learn';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../src/amplification/buffer-pool.ts';

/** LRU written the plain way: an array, most recent last. */
function modelPool(capacity: number, events: readonly { page: number; write: boolean }[]) {
  let pages: { page: number; dirty: boolean }[] = [];
  const onDisk = new Set<number>();
  let reads = 0;
  let writes = 0;
  for (const { page, write } of events) {
    const found = pages.find((entry) => entry.page === page);
    if (found !== undefined) {
      pages = [...pages.filter((entry) => entry !== found), found];
      if (write) found.dirty = true;
      continue;
    }
    if (onDisk.has(page)) reads++;
    if (pages.length >= capacity) {
      const victim = pages[0] as { page: number; dirty: boolean };
      if (victim.dirty) {
        writes++;
        onDisk.add(victim.page);
      }
      pages = pages.slice(1);
    }
    pages.push({ page, dirty: write });
  }
  return { reads, writes };
}

describe('the buffer pool', () => {
  it('reads and writes exactly what a plain LRU model does (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ page: fc.integer({ min: 0, max: 12 }), write: fc.boolean() }), {
          maxLength: 200,
        }),
        (capacity, events) => {
          const pool = new BufferPool(capacity, 8192);
          for (const { page, write } of events) {
            if (write) pool.dirty(page);
            else pool.access(page);
          }
          expect({ reads: pool.pageReads, writes: pool.pageWrites }).toEqual(modelPool(capacity, events));
        },
      ),
    );
  });
});

describe('the workloads', () => {
  it.each(workloadNames)('%s is the same for the same seed, and loads every key once', (name) => {
    const a = buildWorkload(name, 500);
    expect(buildWorkload(name, 500)).toEqual(a);
    const loaded = name === 'insert' ? a.measured : a.load;
    expect(new Set(loaded.map((o) => (o.kind === 'put' ? o.key : ''))).size).toBe(500);
  });
});

describe('B+tree against LSM-tree', () => {
  it('random inserts: the B+tree writes more bytes per byte, and its pages hold empty room', async () => {
    const report = await compareStorage({ workload: 'insert', n: 3000 });
    expect(report.btree.writeAmplification).toBeGreaterThan(report.lsm.writeAmplification);
    expect(report.lsm.writeAmplification).toBeGreaterThanOrEqual(1);
    expect(report.btree.spaceAmplification).toBeGreaterThan(1);
    expect(report.btree.readAmplification).toBeGreaterThan(1);
    expect(report.lsm.readAmplification).toBe(0);
  });

  it('point lookups: the B+tree reads its height in pages, the LSM about one block', async () => {
    const report = await compareStorage({ workload: 'lookup', n: 3000 });
    expect(report.btree.readAmplification).toBe(report.btree.height);
    expect(report.lsm.readAmplification).toBeGreaterThan(0.5);
    expect(report.lsm.readAmplification).toBeLessThan(report.btree.readAmplification);
    expect(report.btree.writeAmplification).toBe(0);
    expect(report.lsm.writeAmplification).toBe(0);
  });

  it('reports the JSON shape the command prints', async () => {
    const report = await compareStorage({ workload: 'mixed', n: 500 });
    expect(Object.keys(report)).toEqual(['workload', 'n', 'btree', 'lsm', 'real']);
    for (const side of [report.btree, report.lsm]) {
      expect(side).toHaveProperty('writeAmplification');
      expect(side).toHaveProperty('readAmplification');
      expect(side).toHaveProperty('spaceAmplification');
    }
  });
});
