/**
 * The block cache: recently read data blocks kept in memory, least recently used first out.
 *
 * Point reads of a hot key, and scans over a range just written, hit the same blocks again
 * and again; keeping a few megabytes of them saves a read and a checksum each time.
 * LevelDB: `NewLRUCache` (util/cache.cc), 8 MiB by default, keyed by table and block offset;
 * mini-lsm: moka, keyed `(sst_id, block_idx)`. A JavaScript `Map` remembers insertion order,
 * so moving a block to the back on every hit and evicting from the front is an LRU list.
 * Compactions read their inputs around the cache (LevelDB's `fill_cache = false`), so one
 * big merge does not flush out the blocks readers need.
 */
import type { Block } from './block.ts';

// Block numbers below 2^20: a table of 4 GiB with 4 KiB blocks has a million.
const blocksPerTable = 1 << 20;

export class BlockCache {
  private readonly capacity: number;
  private readonly blocks = new Map<number, Block>();
  private bytes = 0;

  /** `capacity` in bytes; 0 turns the cache off. */
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(table: number, block: number): Block | undefined {
    const key = table * blocksPerTable + block;
    const found = this.blocks.get(key);
    if (found !== undefined) {
      this.blocks.delete(key);
      this.blocks.set(key, found);
    }
    return found;
  }

  put(table: number, block: number, value: Block): void {
    if (value.size > this.capacity) return;
    const key = table * blocksPerTable + block;
    const old = this.blocks.get(key);
    if (old !== undefined) {
      this.bytes -= old.size;
      this.blocks.delete(key);
    }
    this.blocks.set(key, value);
    this.bytes += value.size;
    for (const [oldest, block] of this.blocks) {
      if (this.bytes <= this.capacity) break;
      this.blocks.delete(oldest);
      this.bytes -= block.size;
    }
  }

  /** Drops every block of a table that compaction has deleted. */
  evictTable(table: number, blockCount: number): void {
    for (let block = 0; block < blockCount; block++) {
      const key = table * blocksPerTable + block;
      const found = this.blocks.get(key);
      if (found === undefined) continue;
      this.blocks.delete(key);
      this.bytes -= found.size;
    }
  }

  get usedBytes(): number {
    return this.bytes;
  }
}
