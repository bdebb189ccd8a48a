/**
 * The LSM-tree: a durable key-value store that turns random writes into sequential ones.
 *
 * Writes go to a write-ahead log and a memtable; a full memtable is flushed to an immutable
 * sorted table (an SSTable) in L0 (or a new tier); a compaction strategy merges tables
 * into fewer, larger ones further down, dropping overwritten versions and, in the last
 * level, tombstones. Reads look from the newest data to the oldest; scans merge everything.
 * A manifest, replaced atomically, says which tables are live, so a crash at any moment
 * leaves a store that reopens with every acknowledged write. LevelDB: db/db_impl.cc;
 * RocksDB: db/db_impl/; mini-lsm: lsm_storage.rs.
 *
 *     put ──▶ log ──▶ memtable ──(full)──▶ flush ──▶ L0 ──(compaction)──▶ L1 ──▶ … ──▶ Ln
 *
 * Keys and values are strings (stored as UTF-8) or bytes, keys in byte order (encoding/byte-order.ts).
 * The API is synchronous, like better-sqlite3's: one call does the whole operation, flushes
 * and compactions included (inline, after the write that filled the memtable, rather than on
 * a background thread as in LevelDB), so every step is deterministic and can be traced.
 * Only `open` returns a promise.
 *
 * This file is the public API and the write and read paths; opening a store is in
 * open-store.ts, flushing and compacting in maintenance.ts, replaying logs and finishing
 * interrupted work in recovery.ts, and the state they share in tree-state.ts.
 */

import { BadInputError, type Tracer } from '@dbplay/core';
import { sortedRunCount } from '../compaction/shape.ts';
import { type BytesInput, bytesToString, toBytes } from '../encoding/byte-order.ts';
import type { StoredValue } from '../read/entry-iterator.ts';
import { asStrings, copies, liveEntries } from '../read/live-entries.ts';
import { MergeIterator } from '../read/merge-iterator.ts';
import { pointLookup, type ReadView } from '../read/point-lookup.ts';
import { openSources } from '../read/sources.ts';
import type { LsmSnapshot } from '../view/snapshot.ts';
import { type LsmStep, scanStep, writeStep } from '../view/steps.ts';
import type { WriteAheadLog } from '../wal/write-ahead-log.ts';
import { walHeaderLength } from '../wal/write-ahead-log.ts';
import { decodeBatch, encodeBatch, type WriteOperation } from '../wal/write-batch.ts';
import type { DirectoryLock } from './directory-lock.ts';
import { compactEverything, persist, rotateAndFlush } from './maintenance.ts';
import { deriveMetrics, type LsmCounters, type LsmMetrics } from './metrics.ts';
import { type OpenedStore, openStore } from './open-store.ts';
import type { LsmOptions, StoreSettings } from './options.ts';
import { readViewOf, snapshotState, type TreeState } from './tree-state.ts';

/** One operation of {@link LsmTree.batch}, shaped like classic-level's. */
export type BatchOperation =
  | { readonly type: 'put'; readonly key: BytesInput; readonly value: BytesInput }
  | { readonly type: 'del'; readonly key: BytesInput };

/**
 * A durable LSM-tree in a directory, or in memory.
 *
 * @example
 * const tree = await LsmTree.open({ dir: 'my-store', memtableSize: 4096 });
 * tree.put('apple', 'red');
 * tree.batch([
 *   { type: 'put', key: 'fig', value: 'green' },
 *   { type: 'del', key: 'apple' },
 * ]);
 * console.log(tree.get('fig')); // green
 * for (const [key, value] of tree.scan('a', 'g')) console.log(key, value); // fig green
 * console.log(tree.metrics().writeAmplification.total > 0); // true
 * tree.close();
 */
export class LsmTree {
  /** The store's directory (absolute), or undefined for a store in memory. */
  readonly directory: string | undefined;
  private readonly lock: DirectoryLock | undefined;
  private readonly state: TreeState;
  private closed = false;
  private failure: unknown;
  private view: ReadView | undefined;

  /**
   * Opens the store in `options.dir` (creating it when the directory is missing or empty),
   * or a new store in memory when no directory is given. Recovers unflushed writes from the
   * logs and finishes any interrupted flush or compaction (open-store.ts).
   */
  static async open(options: LsmOptions = {}): Promise<LsmTree> {
    return new LsmTree(openStore(options));
  }

  private constructor(opened: OpenedStore) {
    this.directory = opened.directory;
    this.lock = opened.lock;
    this.state = opened.state;
  }

  /** Attaches a tracer that receives every step from now on (or detaches it with undefined). */
  set tracer(tracer: Tracer<LsmStep> | undefined) {
    this.state.tracer = tracer;
  }

  get tracer(): Tracer<LsmStep> | undefined {
    return this.state.tracer;
  }

  /** The settings in force: sizes, bloom bits and the compaction strategy. */
  get storeSettings(): StoreSettings {
    return this.state.settings;
  }

  // ── writes ──────────────────────────────────────────────────────────────────────────

  put(key: BytesInput, value: BytesInput): void {
    this.write([{ key, value }]);
  }

  /** Deletes `key` by writing a tombstone; deleting a key that is not there is allowed. */
  delete(key: BytesInput): void {
    this.write([{ key, value: null }]);
  }

  /** Applies several puts and deletes atomically: one log record, all or nothing after a crash. */
  batch(operations: readonly BatchOperation[]): void {
    if (operations.length === 0) return;
    this.write(
      operations.map((op): WriteOperation => {
        if (op.type === 'put') return { key: op.key, value: op.value };
        if (op.type === 'del') return { key: op.key, value: null };
        throw new BadInputError(
          `a batch operation's type must be 'put' or 'del'; got '${String((op as { type: unknown }).type)}'`,
        );
      }),
    );
  }

  /**
   * The write path: the batch becomes one log record, appended (and synced, with `sync`)
   * before anything is applied; then its operations are read back out of the record and
   * put in the memtable, the same way recovery replays a log.
   */
  private write(operations: readonly WriteOperation[]): void {
    this.checkWritable();
    const state = this.state;
    const wal = state.wal as WriteAheadLog;
    const record = encodeBatch(operations, walHeaderLength);
    let written: number;
    try {
      written = wal.append(record);
    } catch (error) {
      throw this.fail(error);
    }
    state.syncPoint?.('wal:appended');
    state.tally.walBytes += written;
    state.liveLog.walBytes += written;
    decodeBatch(record.subarray(walHeaderLength), this.applyToMemtable);
    if (state.memtable.approximateBytes >= state.settings.memtableSize) {
      this.guard(() => rotateAndFlush(state, 'full'));
    }
  }

  /** Puts one decoded operation of a write in the memtable (bound once, not per write). */
  private readonly applyToMemtable = (key: Uint8Array, value: StoredValue): void => {
    const state = this.state;
    state.memtable.put(key, value);
    const bytes = key.length + (value === null ? 0 : value.length);
    state.tally.userBytes += bytes;
    state.liveLog.userBytes += bytes;
    if (value === null) {
      state.tally.deletes++;
      state.liveLog.deletes++;
    } else {
      state.tally.puts++;
      state.liveLog.puts++;
    }
    state.tracer?.emit(
      writeStep(
        key,
        value,
        state.memtable.id,
        {
          entries: state.memtable.entries,
          bytes: state.memtable.approximateBytes,
          limit: state.settings.memtableSize,
        },
        snapshotState(state),
      ),
    );
  };

  /** Writes the memtable out as a table now (then compacts, if the strategy asks). */
  flush(): void {
    this.checkWritable();
    if (this.state.memtable.isEmpty) return;
    this.guard(() => rotateAndFlush(this.state, 'flush'));
  }

  /**
   * Merges every table into one sorted run in the last level (one tier, with tiered
   * compaction), dropping every overwritten version and every tombstone: LevelDB's
   * `CompactRange(nullptr, nullptr)`. Flushes the memtable first.
   */
  compact(): void {
    this.checkWritable();
    this.guard(() => compactEverything(this.state));
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────

  /** The value of `key` as a string, or undefined when it is absent. */
  get(key: BytesInput): string | undefined {
    const found = this.lookup(key);
    return found === undefined ? undefined : bytesToString(found);
  }

  /** The value of `key` as bytes (a copy the caller owns), or undefined when it is absent. */
  getBytes(key: BytesInput): Uint8Array | undefined {
    const found = this.lookup(key);
    return found === undefined ? undefined : new Uint8Array(found);
  }

  /** The live value of `key`, as a view into the memtable or a block: read it before the next call. */
  private lookup(key: BytesInput): Uint8Array | undefined {
    this.checkOpen();
    const state = this.state;
    const tracer = state.tracer;
    const found = pointLookup(
      this.readView,
      toBytes(key),
      state.tally,
      tracer,
      tracer === undefined ? undefined : () => snapshotState(state),
    );
    return found === null ? undefined : found;
  }

  /** What a point lookup or a scan reads: the tree's current memtables, shape and tables. */
  private get readView(): ReadView {
    this.view ??= readViewOf(this.state);
    return this.view;
  }

  /** Entries with `from` ≤ key < `to` (either bound optional), in key order, as strings. */
  scan(from?: BytesInput, to?: BytesInput): Generator<[string, string], void, undefined> {
    return asStrings(this.openScan(from, to));
  }

  /**
   * Entries with `from` ≤ key < `to`, in key order, as bytes. The scan reads the tables that
   * were live when it was called, even if a compaction replaces them while it runs; writes
   * made to the memtable meanwhile may or may not appear.
   */
  scanBytes(from?: BytesInput, to?: BytesInput): Generator<[Uint8Array, Uint8Array], void, undefined> {
    return copies(this.openScan(from, to));
  }

  /** The merge of every source, positioned now; entries are views into the tree's buffers. */
  private openScan(from: BytesInput | undefined, to: BytesInput | undefined) {
    this.checkOpen();
    const start = from === undefined ? undefined : toBytes(from);
    const end = to === undefined ? undefined : toBytes(to);
    const { sources, names } = openSources(this.readView, start);
    this.state.tracer?.emit(scanStep(names, snapshotState(this.state)));
    return liveEntries(new MergeIterator(sources), end);
  }

  // ── looking at the tree ─────────────────────────────────────────────────────────────

  /** The tree as it is now: memtable, levels or tiers, tables with key ranges and sizes. */
  snapshot(): LsmSnapshot {
    return snapshotState(this.state);
  }

  /** The raw counters (writes, flushes, compactions, reads, filter answers), without scanning anything. */
  counters(): Readonly<LsmCounters> {
    return { ...this.state.tally };
  }

  /**
   * Counters and the amplification figures derived from them. Measuring space
   * amplification scans the whole store once, to count the live bytes.
   */
  metrics(): LsmMetrics {
    this.checkOpen();
    const state = this.state;
    let liveBytes = 0;
    let liveKeys = 0;
    const merge = new MergeIterator(openSources(this.readView, undefined).sources);
    for (const [key, value] of liveEntries(merge, undefined)) {
      liveKeys++;
      liveBytes += key.length + value.length;
    }
    const tableBytes = state.tables.all().reduce((sum, table) => sum + table.size, 0);
    const runs = this.snapshot().runs;
    return deriveMetrics({
      strategy: state.controller.strategy,
      counters: state.tally,
      bloomBitsPerKey: state.settings.bloomBitsPerKey,
      sortedRuns: sortedRunCount(state.shape),
      storedBytes: tableBytes + (state.wal?.size ?? 0),
      liveBytes,
      liveKeys,
      memtable: { entries: state.memtable.entries, bytes: state.memtable.approximateBytes },
      levels: runs.map((run) => ({
        name: run.name,
        files: run.tables.length,
        bytes: run.tables.reduce((sum, table) => sum + table.bytes, 0),
        entries: run.tables.reduce((sum, table) => sum + table.entries, 0),
      })),
    });
  }

  /** Syncs the log, records the counters, and releases the directory. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const state = this.state;
    try {
      if (this.failure === undefined && state.wal !== undefined) {
        state.wal.sync();
        persist(state);
      }
    } finally {
      state.wal?.close();
      state.tables.closeAll();
      this.lock?.release();
    }
  }

  // ── guards ──────────────────────────────────────────────────────────────────────────

  private checkOpen(): void {
    if (this.closed) throw new BadInputError('the LSM-tree is closed', { code: 'store-closed' });
  }

  private checkWritable(): void {
    this.checkOpen();
    if (this.failure !== undefined) {
      const reason = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new BadInputError(`the LSM-tree stopped accepting writes after an error: ${reason}`, {
        code: 'store-failed',
        hint: 'close it and open it again to recover',
      });
    }
  }

  /**
   * Runs a step of the write path; if it fails half-way, the tree in memory may no longer
   * match the files, so it refuses further writes until reopened (LevelDB's `bg_error_`).
   */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.fail(error);
    }
  }

  /** Remembers the error that broke the write path, and returns it to be thrown. */
  private fail(error: unknown): unknown {
    this.failure = error;
    return error;
  }
}

export type { StoredValue };
