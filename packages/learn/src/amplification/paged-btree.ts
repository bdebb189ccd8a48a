/**
 * The B+tree of @dbplay/btree as a disk-based index: every node is an 8 KiB page, reached
 * through a small buffer pool, with a write-ahead log in front.
 *
 * The tree itself lives in memory; this module replays what each operation touched (the
 * tree's trace: visits, inserts, splits, leaf hops) against a {@link BufferPool}, so the
 * figures are those of a B-tree whose pages live on disk:
 *
 * - pages read per operation: every node on the way down, plus the leaves a range scan
 *   hops along (logical reads; PostgreSQL's EXPLAIN calls them buffers hit + read);
 * - bytes written: whole pages written back when evicted dirty or at the final checkpoint,
 *   plus one WAL record per change (a 24-byte header, src/include/access/xlogrecord.h, plus
 *   the key and value). PostgreSQL also logs a full-page image the first time a page
 *   changes after a checkpoint (full_page_writes); that is left out, so the figure is a
 *   lower bound;
 * - space: pages × 8 KiB against the live key and value bytes.
 *
 * The node size comes from the page: `pageSizing` fits 16-byte keys with 100-byte values
 * into an 8 KiB page (about 61 entries). Internal nodes of a real B-tree hold only keys
 * and child pointers and so fan out wider; this tree uses one order for both, which makes
 * it a level taller at most.
 */
import type { BTreeStep } from '@dbplay/btree';
import { BufferPool } from './buffer-pool.ts';
import type { Operation } from './workload.ts';
import { keyBytes, valueBytes } from './workload.ts';

export const pageBytes = 8192;
/** XLogRecord's fixed header. */
export const walRecordHeaderBytes = 24;

export class PagedBtree {
  readonly pool: BufferPool;
  readonly order: number;
  private readonly tree: import('@dbplay/btree').BPlusTree<string, string>;
  private walBytes = 0;
  private userBytes = 0;
  private liveBytes = 0;

  private constructor(tree: import('@dbplay/btree').BPlusTree<string, string>, poolPages: number) {
    this.tree = tree;
    this.order = tree.order;
    this.pool = new BufferPool(poolPages, pageBytes);
  }

  static async create(poolPages: number): Promise<PagedBtree> {
    const { BPlusTree, pageSizing } = await import('@dbplay/btree');
    const { order } = pageSizing({ pageSize: pageBytes, keyBytes, valueBytes });
    return new PagedBtree(new BPlusTree<string, string>({ order }), poolPages);
  }

  /** Runs one operation and returns the pages it touched. */
  apply(operation: Operation): number {
    const before = this.pool.accesses;
    const tracer = { emit: (step: BTreeStep) => this.replay(step) };
    if (operation.kind === 'put') {
      // The descent to the leaf is part of the write: a B-tree must read before it writes.
      this.pool.access(this.rootId());
      const old = this.tree.get(operation.key);
      this.tree.set(operation.key, operation.value, tracer);
      const bytes = operation.key.length + operation.value.length;
      this.userBytes += bytes;
      this.walBytes += walRecordHeaderBytes + bytes;
      this.liveBytes += bytes - (old === undefined ? 0 : operation.key.length + old.length);
    } else if (operation.kind === 'get') {
      this.pool.access(this.rootId());
      this.tree.get(operation.key, tracer);
    } else {
      this.pool.access(this.rootId());
      let left = operation.count;
      for (const _entry of this.tree.entries(operation.from, undefined, tracer)) {
        if (--left <= 0) break;
      }
    }
    return this.pool.accesses - before;
  }

  /** Writes every dirty page, as a checkpoint or a clean shutdown would. */
  checkpoint(): void {
    this.pool.flushAll();
  }

  bytesWritten(): number {
    return this.pool.pageWrites * pageBytes + this.walBytes;
  }

  userBytesWritten(): number {
    return this.userBytes;
  }

  storedBytes(): number {
    const stats = this.tree.stats();
    return (stats.leafNodes + stats.internalNodes) * pageBytes;
  }

  liveDataBytes(): number {
    return this.liveBytes;
  }

  height(): number {
    return this.tree.height;
  }

  private rootId(): number {
    return this.tree.root.id;
  }

  private replay(step: BTreeStep): void {
    switch (step.kind) {
      case 'visit':
        this.pool.access(step.child);
        break;
      case 'leaf-hop':
        this.pool.access(step.to);
        break;
      case 'insert':
      case 'update':
        this.pool.dirty(step.leaf);
        break;
      case 'split':
        this.pool.dirty(step.node);
        this.pool.dirty(step.newNode);
        this.pool.dirty(step.parent);
        break;
      case 'new-root':
        this.pool.dirty(step.root);
        break;
      default:
        break;
    }
  }
}
