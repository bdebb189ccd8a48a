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
 * @example
 * const tree = await LsmTree.open({ dir: 'my-store', memtableSize: 4096 });
 * tree.put('apple', 'red');
 * tree.get('apple'); // 'red'
 * tree.delete('apple');
 * for (const [key, value] of tree.scan('a', 'b')) console.log(key, value);
 * tree.close();
 */

import { resolve } from 'node:path';
import { BadInputError, type Tracer } from '@dbplay/core';
import {
  type CompactionController,
  shapeAfterFlush,
  shapeAfterFullCompaction,
} from '../compaction/controller.ts';
import { mergeTables } from '../compaction/merge.ts';
import { allTables, type LsmShape, sortedRunCount } from '../compaction/shape.ts';
import { createController } from '../compaction/strategy.ts';
import { type CompactionTask, type FullCompactionTask, inputRuns } from '../compaction/task.ts';
import { type BytesInput, bytesToString, toBytes } from '../encoding/byte-order.ts';
import { Memtable } from '../memtable/memtable.ts';
import { ConcatIterator } from '../read/concat-iterator.ts';
import type { EntryIterator, StoredValue } from '../read/entry-iterator.ts';
import { asStrings, copies, liveEntries } from '../read/live-entries.ts';
import { MergeIterator } from '../read/merge-iterator.ts';
import { pointLookup, type ReadView } from '../read/point-lookup.ts';
import { BlockCache } from '../sstable/block-cache.ts';
import { sstFileName } from '../sstable/format.ts';
import { TableSet } from '../sstable/table-set.ts';
import { SstableWriter } from '../sstable/writer.ts';
import { type LsmSnapshot, snapshotOf } from '../view/snapshot.ts';
import {
  compactStep,
  flushStep,
  freezeStep,
  type LsmStep,
  pickStep,
  recoverStep,
  scanStep,
  writeStep,
} from '../view/steps.ts';
import { WriteAheadLog, walFileName, walHeaderLength } from '../wal/write-ahead-log.ts';
import { decodeBatch, encodeBatch, type WriteOperation } from '../wal/write-batch.ts';
import { createDirectory, inspectDirectory } from './directory.ts';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.ts';
import { DiskStorage } from './disk-storage.ts';
import { takeInventory } from './inventory.ts';
import { type ManifestState, writeManifest } from './manifest.ts';
import { MemoryStorage } from './memory-storage.ts';
import { deriveMetrics, emptyCounters, type LsmCounters, type LsmMetrics } from './metrics.ts';
import { defaultBlockCacheSize, type LsmOptions, resolveSettings, type StoreSettings } from './options.ts';
import type { Storage } from './storage.ts';
import type { SyncPointName } from './sync-points.ts';

/** One operation of {@link LsmTree.batch}, shaped like classic-level's. */
export type BatchOperation =
  | { readonly type: 'put'; readonly key: BytesInput; readonly value: BytesInput }
  | { readonly type: 'del'; readonly key: BytesInput };

/** Compactions after one flush beyond which a strategy is taken to be looping. */
const compactionLimit = 1000;

export class LsmTree {
  /** The store's directory (absolute), or undefined for a store in memory. */
  readonly directory: string | undefined;
  private readonly storage: Storage;
  private readonly lock: DirectoryLock | undefined;
  private settings: StoreSettings;
  private readonly controller: CompactionController;
  private readonly syncEachWrite: boolean;
  private readonly autoCompact: boolean;
  private readonly tables: TableSet;
  private readonly syncPoint: ((point: SyncPointName) => void) | undefined;
  private tracerField: Tracer<LsmStep> | undefined;
  private memtable: Memtable;
  private wal: WriteAheadLog | undefined;
  private immutable: Memtable | undefined;
  private shape: LsmShape;
  private nextFileId: number;
  private logNumber: number;
  private readonly tally: LsmCounters;
  // What the live log's records added to the counters: the manifest stores the counters
  // without them, because replaying the log after a crash adds them again.
  private readonly liveLog = { puts: 0, deletes: 0, userBytes: 0, walBytes: 0 };
  private closed = false;
  private failure: unknown;

  /**
   * Opens the store in `options.dir` (creating it when the directory is missing or empty),
   * or a new store in memory when no directory is given. Recovers unflushed writes from the
   * logs and finishes any interrupted flush or compaction.
   */
  static async open(options: LsmOptions = {}): Promise<LsmTree> {
    if (options.dir === undefined) {
      const settings = resolveSettings(options);
      return new LsmTree(new MemoryStorage(), undefined, undefined, settings, undefined, options);
    }
    const directory = resolve(options.dir);
    // Everything that can refuse the directory runs before anything in it changes.
    const before = inspectDirectory(directory);
    const stored = before.kind === 'store' ? before.manifest : undefined;
    checkSameStrategy(directory, options, stored);
    resolveSettings(options, stored?.settings);
    if (before.kind === 'missing') createDirectory(directory);
    const lock = acquireDirectoryLock(directory);
    try {
      // Read again under the lock: another process may have changed it in between.
      const now = inspectDirectory(directory, true);
      const manifest = now.kind === 'store' ? now.manifest : undefined;
      const settings = resolveSettings(options, manifest?.settings);
      return new LsmTree(new DiskStorage(directory), directory, lock, settings, manifest, options);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  private constructor(
    storage: Storage,
    directory: string | undefined,
    lock: DirectoryLock | undefined,
    settings: StoreSettings,
    manifest: ManifestState | undefined,
    options: LsmOptions,
  ) {
    this.storage = storage;
    this.directory = directory;
    this.lock = lock;
    this.settings = settings;
    this.controller = createController(settings.compaction);
    this.syncEachWrite = options.sync ?? false;
    this.autoCompact = options.autoCompact ?? true;
    this.syncPoint = options.syncPoint;
    this.tracerField = options.tracer;
    this.tables = new TableSet(storage, new BlockCache(options.blockCacheSize ?? defaultBlockCacheSize));
    this.shape = manifest?.shape ?? this.controller.initialShape();
    this.nextFileId = manifest?.nextFileId ?? 1;
    this.logNumber = manifest?.logNumber ?? 0;
    this.tally = manifest?.counters ?? emptyCounters();
    for (const table of manifest?.tables ?? []) this.tables.add(table);
    this.memtable = new Memtable(0);
    if (manifest === undefined) this.persist();
    this.recover();
  }

  /** Attaches a tracer that receives every step from now on (or detaches it with undefined). */
  set tracer(tracer: Tracer<LsmStep> | undefined) {
    this.tracerField = tracer;
  }

  get tracer(): Tracer<LsmStep> | undefined {
    return this.tracerField;
  }

  /** The settings in force: sizes, bloom bits and the compaction strategy. */
  get storeSettings(): StoreSettings {
    return this.settings;
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
    const wal = this.wal as WriteAheadLog;
    const record = encodeBatch(operations, walHeaderLength);
    let written: number;
    try {
      written = wal.append(record);
    } catch (error) {
      throw this.fail(error);
    }
    this.syncPoint?.('wal:appended');
    this.tally.walBytes += written;
    this.liveLog.walBytes += written;
    decodeBatch(record.subarray(walHeaderLength), this.applyToMemtable);
    if (this.memtable.approximateBytes >= this.settings.memtableSize) {
      this.guard(() => this.rotateAndFlush('full'));
    }
  }

  /** Puts one decoded operation of a write in the memtable (bound once, not per write). */
  private readonly applyToMemtable = (key: Uint8Array, value: StoredValue): void => {
    this.apply(key, value, this.memtable.id);
  };

  private apply(key: Uint8Array, value: StoredValue, logId: number): void {
    this.memtable.put(key, value);
    const bytes = key.length + (value === null ? 0 : value.length);
    this.tally.userBytes += bytes;
    this.liveLog.userBytes += bytes;
    if (value === null) {
      this.tally.deletes++;
      this.liveLog.deletes++;
    } else {
      this.tally.puts++;
      this.liveLog.puts++;
    }
    this.tracerField?.emit(
      writeStep(
        key,
        value,
        logId,
        {
          entries: this.memtable.entries,
          bytes: this.memtable.approximateBytes,
          limit: this.settings.memtableSize,
        },
        this.snapshot(),
      ),
    );
  }

  /** Writes the memtable out as a table now (then compacts, if the strategy asks). */
  flush(): void {
    this.checkWritable();
    if (this.memtable.isEmpty) return;
    this.guard(() => this.rotateAndFlush('flush'));
  }

  /**
   * Merges every table into one sorted run in the last level (one tier, with tiered
   * compaction), dropping every overwritten version and every tombstone: LevelDB's
   * `CompactRange(nullptr, nullptr)`. Flushes the memtable first.
   */
  compact(): void {
    this.checkWritable();
    this.guard(() => {
      if (!this.memtable.isEmpty) this.rotateAndFlush('flush', false);
      const runs = this.readOrderRuns().filter((run) => run.length > 0);
      if (runs.length > 0) {
        const task: FullCompactionTask = {
          kind: 'full',
          trigger: { kind: 'manual' },
          runs,
          toBottomLevel: true,
        };
        this.runCompaction(task);
      }
      this.compactAsNeeded();
    });
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
    const tracer = this.tracerField;
    const found = pointLookup(
      this.readView,
      toBytes(key),
      this.tally,
      tracer,
      tracer === undefined ? undefined : () => this.snapshot(),
    );
    return found === null ? undefined : found;
  }

  /** What a point lookup reads: the tree's current memtables, shape and tables. */
  private get readView(): ReadView {
    return {
      memtable: this.memtable,
      immutable: this.immutable,
      shape: this.shape,
      tables: this.tables,
      strategy: this.controller.strategy,
    };
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
    const { sources, names } = this.openSources(start);
    this.tracerField?.emit(scanStep(names, this.snapshot()));
    return liveEntries(new MergeIterator(sources), end);
  }

  /** The sorted sources a scan merges, newest first, positioned at `from`. */
  private openSources(from: Uint8Array | undefined): { sources: EntryIterator[]; names: string[] } {
    const sources: EntryIterator[] = [this.memtable.iterator(from)];
    const names = ['memtable'];
    if (this.immutable !== undefined) {
      sources.push(this.immutable.iterator(from));
      names.push('frozen memtable');
    }
    for (let i = this.shape.l0.length - 1; i >= 0; i--) {
      const id = this.shape.l0[i] as number;
      sources.push(new ConcatIterator([this.tables.reader(id)], from));
      names.push(`L0 #${id}`);
    }
    for (const run of this.shape.levels) {
      if (run.tables.length === 0) continue;
      sources.push(
        new ConcatIterator(
          run.tables.map((id) => this.tables.reader(id)),
          from,
        ),
      );
      names.push(this.controller.flushTarget === 'new-tier' ? `tier ${run.id}` : `L${run.id}`);
    }
    return { sources, names };
  }

  // ── looking at the tree ─────────────────────────────────────────────────────────────

  /** The tree as it is now: memtable, levels or tiers, tables with key ranges and sizes. */
  snapshot(): LsmSnapshot {
    return snapshotOf({
      strategy: this.controller.strategy,
      memtable: this.memtable,
      memtableLimit: this.settings.memtableSize,
      immutable: this.immutable,
      shape: this.shape,
      table: (id) => this.tables.info(id),
    });
  }

  /** The raw counters (writes, flushes, compactions, reads, filter answers), without scanning anything. */
  counters(): Readonly<LsmCounters> {
    return { ...this.tally };
  }

  /**
   * Counters and the amplification figures derived from them. Measuring space
   * amplification scans the whole store once, to count the live bytes.
   */
  metrics(): LsmMetrics {
    this.checkOpen();
    let liveBytes = 0;
    let liveKeys = 0;
    const merge = new MergeIterator(this.openSources(undefined).sources);
    for (const [key, value] of liveEntries(merge, undefined)) {
      liveKeys++;
      liveBytes += key.length + value.length;
    }
    const tableBytes = this.tables.all().reduce((sum, table) => sum + table.size, 0);
    const runs = this.snapshot().runs;
    return deriveMetrics({
      strategy: this.controller.strategy,
      counters: this.tally,
      bloomBitsPerKey: this.settings.bloomBitsPerKey,
      sortedRuns: sortedRunCount(this.shape),
      storedBytes: tableBytes + (this.wal?.size ?? 0),
      liveBytes,
      liveKeys,
      memtable: { entries: this.memtable.entries, bytes: this.memtable.approximateBytes },
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
    try {
      if (this.failure === undefined && this.wal !== undefined) {
        this.wal.sync();
        this.persist();
      }
    } finally {
      this.wal?.close();
      this.tables.closeAll();
      this.lock?.release();
    }
  }

  // ── flushing and compacting ─────────────────────────────────────────────────────────

  /** Freezes the memtable, starts a new one with a new log, and flushes the frozen one. */
  private rotateAndFlush(reason: 'full' | 'flush', compactAfter = true): void {
    const frozen = this.memtable;
    this.wal?.close();
    this.startLog(this.nextFileId++);
    this.immutable = frozen;
    this.tracerField?.emit(
      freezeStep(
        reason,
        {
          id: frozen.id,
          entries: frozen.entries,
          bytes: frozen.approximateBytes,
          limit: this.settings.memtableSize,
        },
        this.memtable.id,
        this.snapshot(),
      ),
    );
    this.flushMemtable(frozen, this.memtable.id);
    if (compactAfter && this.autoCompact) this.compactAsNeeded();
  }

  /** A new empty memtable whose writes go to a new log with this id. */
  private startLog(id: number): void {
    this.wal = new WriteAheadLog(id, this.storage.createAppendable(walFileName(id)), this.syncEachWrite);
    this.storage.syncDirectory();
    this.memtable = new Memtable(id);
    this.liveLog.puts = 0;
    this.liveLog.deletes = 0;
    this.liveLog.userBytes = 0;
    this.liveLog.walBytes = 0;
  }

  /**
   * Writes a frozen memtable as a table, records it in the manifest (with `nextLog` as the
   * oldest log still needed), then deletes the memtable's log.
   */
  private flushMemtable(frozen: Memtable, nextLog: number): void {
    const id = this.nextFileId++;
    const writer = new SstableWriter(this.settings);
    for (const it = frozen.iterator(); it.valid(); it.next()) writer.add(it.key(), it.value());
    const built = writer.finish();
    this.storage.writeFile(sstFileName(id), built.chunks);
    this.storage.syncDirectory();
    this.syncPoint?.('flush:table-written');
    this.tables.add({
      id,
      size: built.size,
      entries: built.entries,
      firstKey: built.firstKey,
      lastKey: built.lastKey,
    });
    this.shape = shapeAfterFlush(this.controller, this.shape, id);
    this.logNumber = nextLog;
    this.tally.flushes++;
    this.tally.flushBytes += built.size;
    this.persist();
    this.syncPoint?.('flush:manifest-written');
    this.storage.remove(walFileName(frozen.id));
    this.immutable = undefined;
    this.tracerField?.emit(
      flushStep({ id, bytes: built.size, ...built }, this.controller.flushTarget, frozen.id, this.snapshot()),
    );
  }

  /** Runs the strategy's compactions until it asks for none. */
  private compactAsNeeded(): void {
    for (let done = 0; ; done++) {
      const task = this.controller.pick(this.shape, this.tables.lookup);
      if (task === undefined) return;
      if (done >= compactionLimit) {
        throw new BadInputError(
          `the ${this.controller.strategy} compaction strategy keeps asking for compactions (${done} in a row) with these parameters`,
          { code: 'bad-option' },
        );
      }
      this.runCompaction(task);
    }
  }

  private runCompaction(task: CompactionTask): void {
    this.tracerField?.emit(pickStep(task, this.snapshot()));
    const result = mergeTables({
      storage: this.storage,
      tables: this.tables,
      runs: inputRuns(task),
      dropTombstones: task.toBottomLevel,
      blockSize: this.settings.blockSize,
      bloomBitsPerKey: this.settings.bloomBitsPerKey,
      sstSize: this.settings.sstSize,
      newTableId: () => this.nextFileId++,
      syncPoint: this.syncPoint,
    });
    for (const output of result.outputs) this.tables.add(output);
    const outputs = result.outputs.map((output) => output.id);
    const before = this.shape;
    let removed: number[];
    if (task.kind === 'full') {
      this.shape = shapeAfterFullCompaction(this.controller, before, outputs);
      removed = task.runs.flat();
    } else {
      ({ shape: this.shape, removed } = this.controller.apply(before, task, outputs, this.tables.lookup));
    }
    this.tally.compactions++;
    this.tally.compactionBytes += result.writtenBytes;
    this.tally.compactionReadBytes += result.readBytes;
    this.persist();
    this.syncPoint?.('compaction:manifest-written');
    for (const id of removed) {
      this.tables.remove(id);
      this.storage.remove(sstFileName(id));
      this.syncPoint?.('compaction:input-deleted');
    }
    this.tracerField?.emit(
      compactStep(
        task,
        {
          outputs,
          readBytes: result.readBytes,
          writtenBytes: result.writtenBytes,
          dropped: result.shadowed,
          tombstonesDropped: result.tombstonesDropped,
        },
        this.destinationOf(task, outputs),
        this.snapshot(),
      ),
    );
  }

  private destinationOf(task: CompactionTask, outputs: readonly number[]): string {
    if (task.kind === 'levels') return `L${task.lowerLevel}`;
    if (this.controller.flushTarget === 'new-tier')
      return outputs.length > 0 ? `tier ${outputs[0]}` : 'no tier';
    return `L${this.shape.levels.length}`;
  }

  /** Every sorted run, newest first (each L0 table alone): the inputs of a full compaction. */
  private readOrderRuns(): number[][] {
    return [
      ...[...this.shape.l0].reverse().map((id) => [id]),
      ...this.shape.levels.map((run) => [...run.tables]),
    ];
  }

  // ── durability ──────────────────────────────────────────────────────────────────────

  /** Writes the manifest: the shape, the live tables, the logs still needed, the counters. */
  private persist(): void {
    const counters = { ...this.tally };
    counters.puts -= this.liveLog.puts;
    counters.deletes -= this.liveLog.deletes;
    counters.userBytes -= this.liveLog.userBytes;
    counters.walBytes -= this.liveLog.walBytes;
    writeManifest(
      this.storage,
      {
        nextFileId: this.nextFileId,
        logNumber: this.logNumber,
        settings: this.settings,
        shape: this.shape,
        // The tables the shape names: a compaction's inputs are still open, but no longer live.
        tables: allTables(this.shape).map((id) => this.tables.info(id)),
        counters,
      },
      this.syncPoint,
    );
  }

  /**
   * Brings the store up to date after opening: checks that the manifest's tables are all
   * there, replays the logs still needed, deletes what an interrupted flush or compaction
   * left behind, and flushes every replayed memtable but the newest.
   */
  private recover(): void {
    const inventory = takeInventory(this.storage, this.tables.all(), this.logNumber, this.nextFileId);
    this.nextFileId = inventory.nextFileId;
    for (const name of inventory.leftovers) this.storage.remove(name);
    const replayed = [...inventory.logs];
    for (const log of replayed) {
      this.tally.puts += log.puts;
      this.tally.deletes += log.deletes;
      this.tally.userBytes += log.userBytes;
      this.tally.walBytes += log.validLength;
    }
    const last = replayed.pop();
    if (last !== undefined) {
      this.liveLog.puts = last.puts;
      this.liveLog.deletes = last.deletes;
      this.liveLog.userBytes = last.userBytes;
      this.liveLog.walBytes = last.validLength;
    }
    // Older logs belong to memtables that were frozen but never flushed: flush them now.
    replayed.forEach((log, index) => {
      const next = (replayed[index + 1] ?? last)?.id ?? this.nextFileId;
      if (log.memtable.isEmpty) {
        this.logNumber = next;
        this.persist();
        this.storage.remove(walFileName(log.id));
      } else {
        this.flushMemtable(log.memtable, next);
      }
    });
    if (last === undefined) {
      this.startLog(this.nextFileId++);
    } else {
      const file = this.storage.reopenAppendable(walFileName(last.id), last.validLength);
      this.wal = new WriteAheadLog(last.id, file, this.syncEachWrite);
      this.memtable = last.memtable;
    }
    this.tracerField?.emit(
      recoverStep(
        [...replayed, ...(last === undefined ? [] : [last])].map((log) => ({
          log: log.id,
          records: log.records,
          tornBytes: log.tornBytes,
        })),
        this.snapshot(),
      ),
    );
    if (this.memtable.approximateBytes >= this.settings.memtableSize) this.rotateAndFlush('full');
    else if (this.autoCompact) this.compactAsNeeded();
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

function checkSameStrategy(directory: string, options: LsmOptions, stored: ManifestState | undefined): void {
  if (stored === undefined || options.compaction === undefined) return;
  const asked = typeof options.compaction === 'string' ? options.compaction : options.compaction.strategy;
  const was = stored.settings.compaction.strategy;
  if (asked !== was) {
    throw new BadInputError(
      `${directory} was created with the ${was} compaction strategy and cannot switch to ${asked}`,
      { code: 'bad-option', hint: 'open it without a strategy, or use a new directory' },
    );
  }
}

export type { StoredValue };
