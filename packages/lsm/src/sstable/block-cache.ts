/**
 * The block cache: recently read data blocks kept in memory for point reads, least
 * recently used first out, their buffers recycled.
 *
 * A get of a hot key, or of a key near one just read, finds its block here and skips a read
 * and a checksum. LevelDB: `NewLRUCache` (util/cache.cc), 8 MiB by default, keyed by table
 * and block offset; mini-lsm: moka, keyed `(sst_id, block_idx)`. A JavaScript `Map`
 * remembers insertion order, so moving a block to the back on every hit and evicting from
 * the front is an LRU list.
 *
 * In a garbage-collected language, a cache that is smaller than the data it serves turns
 * over constantly: every miss allocates a block that lives long enough to be promoted to
 * the old generation and then dies there, which is the most expensive garbage there is
 * (measured here: an 8 MiB cache over 24 MiB of tables made random gets twice as slow as
 * no cache at all). So, as a database's buffer pool does, the cache recycles: the buffer of
 * the block it evicts becomes the buffer the next block is read into. That is only safe
 * because a cached block is used and let go within one synchronous get; scans and
 * compactions, which hold blocks between calls, read theirs outside the cache.
 */
import { Buffer } from 'node:buffer';
import type { Block } from './block.ts';

// Block numbers below 2^20: a table of 4 GiB with 4 KiB blocks has a million.
const blocksPerTable = 1 << 20;
// Buffers are allocated in steps of this many bytes, so that one block's buffer fits the next.
const granule = 1024;

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

  /**
   * A buffer of at least `size` bytes to read a block into, making room for it: blocks are
   * evicted, oldest first, until it fits, and the first evicted buffer big enough is reused.
   */
  bufferFor(size: number): Buffer {
    const wanted = Math.ceil(size / granule) * granule;
    let reusable: Buffer | undefined;
    for (const [key, oldest] of this.blocks) {
      if (this.bytes + wanted <= this.capacity) break;
      this.blocks.delete(key);
      this.bytes -= oldest.storage.length;
      if (reusable === undefined && oldest.storage.length >= size) reusable = oldest.storage;
    }
    return reusable ?? Buffer.allocUnsafe(wanted);
  }

  /** Caches a block read into a buffer from {@link bufferFor}. */
  put(table: number, block: number, value: Block): void {
    if (value.storage.length > this.capacity) return;
    const key = table * blocksPerTable + block;
    const old = this.blocks.get(key);
    if (old !== undefined) {
      this.bytes -= old.storage.length;
      this.blocks.delete(key);
    }
    this.blocks.set(key, value);
    this.bytes += value.storage.length;
  }

  /** Drops every block of a table that compaction has deleted. */
  evictTable(table: number, blockCount: number): void {
    for (let block = 0; block < blockCount; block++) {
      const key = table * blocksPerTable + block;
      const found = this.blocks.get(key);
      if (found === undefined) continue;
      this.blocks.delete(key);
      this.bytes -= found.storage.length;
    }
  }
}
