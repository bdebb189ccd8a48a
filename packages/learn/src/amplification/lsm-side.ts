/**
 * The LSM store of @dbplay/lsm running a workload, with its own measured amplification.
 *
 * The store counts what it does (lsm-metrics.ts): bytes appended to the write-ahead log,
 * flushed to level 0, rewritten by compactions; data blocks read by gets (a table is only
 * read when its key range covers the key and its bloom filter says "maybe"). A range scan
 * merges one iterator per sorted run (each L0 table, each non-empty level), so its cost is
 * counted as the sorted runs it must open: the LSM's read amplification for scans.
 *
 * The store runs in memory with a memtable and tables of 256 KiB: the same memory the
 * B-tree's buffer pool gets, so neither side wins by having more of it.
 */
import type { Operation } from './workload.ts';

export const lsmMemoryBytes = 256 * 1024;

export class LsmSide {
  private readonly store: import('@dbplay/lsm').LsmTree;
  readonly blockBytes: number;
  private runsAt: { readonly shape: string; readonly runs: number } | undefined;

  private constructor(store: import('@dbplay/lsm').LsmTree, blockBytes: number) {
    this.store = store;
    this.blockBytes = blockBytes;
  }

  static async create(): Promise<LsmSide> {
    const { LsmTree, defaultSettings } = await import('@dbplay/lsm');
    const store = await LsmTree.open({
      memtableSize: lsmMemoryBytes,
      sstSize: lsmMemoryBytes,
      compaction: 'leveled',
    });
    return new LsmSide(store, defaultSettings.blockSize);
  }

  /** Runs one operation and returns the read units it cost: blocks for a get, sorted runs for a scan. */
  apply(operation: Operation): number {
    if (operation.kind === 'put') {
      this.store.put(operation.key, operation.value);
      return 0;
    }
    if (operation.kind === 'get') {
      const before = this.store.counters().blockReads;
      this.store.get(operation.key);
      return this.store.counters().blockReads - before;
    }
    const runs = this.sortedRuns();
    let left = operation.count;
    for (const _entry of this.store.scan(operation.from)) {
      if (--left <= 0) break;
    }
    return runs;
  }

  /**
   * Sorted runs a scan merges. The store's metrics() scans every live entry to measure space,
   * so ask it only when a flush or a compaction has changed the tree's shape.
   */
  private sortedRuns(): number {
    const { flushes, compactions } = this.store.counters();
    const shape = `${flushes}/${compactions}`;
    if (this.runsAt?.shape !== shape) {
      this.runsAt = { shape, runs: this.store.metrics().readAmplification.sortedRuns };
    }
    return this.runsAt.runs;
  }

  bytesWritten(): number {
    const c = this.store.counters();
    return c.walBytes + c.flushBytes + c.compactionBytes;
  }

  userBytesWritten(): number {
    return this.store.counters().userBytes;
  }

  storedBytes(): number {
    return this.store.metrics().space.storedBytes;
  }

  liveDataBytes(): number {
    return this.store.metrics().space.liveBytes;
  }

  shape(): { levels: readonly { name: string; files: number; bytes: number }[]; compactions: number } {
    const metrics = this.store.metrics();
    return { levels: metrics.levels, compactions: metrics.counters.compactions };
  }

  close(): void {
    this.store.close();
  }
}
