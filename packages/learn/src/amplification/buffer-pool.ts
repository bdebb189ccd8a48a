/**
 * A buffer pool: the few pages a B-tree keeps in memory, and the page I/O that follows.
 *
 * A disk-based B-tree reads and writes whole pages (8 KiB in PostgreSQL). A lookup that
 * finds its page in memory costs no I/O; one that does not reads the page in, evicting
 * another; an evicted page that was changed ("dirty") must be written back first. So the
 * write cost of a B-tree is counted in pages, not in the bytes that changed: one 116-byte
 * insert dirties an 8 KiB leaf, and if that leaf is evicted before the next change to it,
 * the whole page is written for those 116 bytes. That is a B-tree's write amplification.
 *
 * Eviction here is least-recently-used. PostgreSQL uses a clock sweep over shared_buffers
 * (src/backend/storage/buffer/freelist.c, StrategyGetBuffer), an approximation of LRU;
 * the counts differ a little, the lesson does not.
 */
export class BufferPool {
  readonly capacity: number;
  readonly pageBytes: number;
  /** Pages in memory, least recently used first (Map keeps insertion order). */
  private readonly pages = new Map<number, { dirty: boolean }>();
  /** Pages that exist on disk (written at least once), so a miss on them is a read. */
  private readonly onDisk = new Set<number>();
  pageReads = 0;
  pageWrites = 0;
  /** Logical page accesses, hits and misses alike. */
  accesses = 0;

  constructor(capacity: number, pageBytes: number) {
    this.capacity = capacity;
    this.pageBytes = pageBytes;
  }

  /** The page is needed: a hit, or a read (if it exists on disk) after making room. */
  access(page: number): void {
    this.accesses++;
    const cached = this.pages.get(page);
    if (cached !== undefined) {
      this.pages.delete(page);
      this.pages.set(page, cached);
      return;
    }
    if (this.onDisk.has(page)) this.pageReads++;
    this.makeRoom();
    this.pages.set(page, { dirty: false });
  }

  /**
   * The page was changed in memory. The page an operation changes was normally just
   * accessed on the way down; a page new from a split is not on disk yet and needs no read.
   */
  dirty(page: number): void {
    let entry = this.pages.get(page);
    if (entry === undefined) {
      if (this.onDisk.has(page)) this.pageReads++;
      this.makeRoom();
      entry = { dirty: false };
    } else {
      // A change is a use: the page becomes the most recently used.
      this.pages.delete(page);
    }
    this.pages.set(page, entry);
    entry.dirty = true;
  }

  /** A checkpoint: every dirty page is written (what a clean shutdown does too). */
  flushAll(): void {
    for (const [page, entry] of this.pages) {
      if (entry.dirty) this.write(page, entry);
    }
  }

  private makeRoom(): void {
    while (this.pages.size >= this.capacity) {
      const [page, entry] = this.pages.entries().next().value as [number, { dirty: boolean }];
      if (entry.dirty) this.write(page, entry);
      this.pages.delete(page);
    }
  }

  private write(page: number, entry: { dirty: boolean }): void {
    this.pageWrites++;
    this.onDisk.add(page);
    entry.dirty = false;
  }
}
