/**
 * The flush-and-compaction runner: everything that moves data down the tree.
 *
 * A full memtable is frozen, a new log and memtable take the writes, and the frozen one is
 * written out as a table; then the compaction strategy is asked, again and again, whether
 * some tables should be merged, until it says no. Each of these ends the same way: the new
 * files are written and synced, a new manifest naming them replaces the old one
 * atomically, and only then are the files it no longer names deleted, so a crash at any
 * point leaves either the old tree or the new one. LevelDB: `DBImpl::CompactMemTable`,
 * `BackgroundCompaction` and `InstallCompactionResults` (db/db_impl.cc); mini-lsm:
 * `force_flush_next_imm_memtable` and compact.rs.
 *
 * dbplay runs all of this inline, after the write that filled the memtable, instead of on
 * a background thread, so that every step happens in an order a trace can show.
 */
import { BadInputError } from '@dbplay/core';
import { shapeAfterFlush, shapeAfterFullCompaction } from '../compaction/controller.ts';
import { mergeTables } from '../compaction/merge.ts';
import { allTables } from '../compaction/shape.ts';
import { type CompactionTask, type FullCompactionTask, inputRuns } from '../compaction/task.ts';
import { Memtable } from '../memtable/memtable.ts';
import { sstFileName } from '../sstable/format.ts';
import { SstableWriter } from '../sstable/writer.ts';
import { compactStep, flushStep, freezeStep, pickStep } from '../view/steps.ts';
import { WriteAheadLog, walFileName } from '../wal/write-ahead-log.ts';
import { writeManifest } from './manifest.ts';
import { runLabel, snapshotState, type TreeState } from './tree-state.ts';

/** Compactions after one flush beyond which a strategy is taken to be looping. */
const compactionLimit = 1000;

/** Freezes the memtable, starts a new one with a new log, and flushes the frozen one. */
export function rotateAndFlush(state: TreeState, reason: 'full' | 'flush', compactAfter = true): void {
  const frozen = state.memtable;
  state.wal?.close();
  startLog(state, state.nextFileId++);
  state.immutable = frozen;
  state.tracer?.emit(
    freezeStep(
      reason,
      {
        id: frozen.id,
        entries: frozen.entries,
        bytes: frozen.approximateBytes,
        limit: state.settings.memtableSize,
      },
      state.memtable.id,
      snapshotState(state),
    ),
  );
  flushMemtable(state, frozen, state.memtable.id);
  if (compactAfter && state.autoCompact) compactAsNeeded(state);
}

/** A new empty memtable whose writes go to a new log with this id. */
export function startLog(state: TreeState, id: number): void {
  state.wal = new WriteAheadLog(
    id,
    state.storage.createAppendable(walFileName(id)),
    state.syncEachWrite,
    state.settings.memtableSize,
  );
  state.storage.syncDirectory();
  state.memtable = new Memtable(id);
  state.liveLog.puts = 0;
  state.liveLog.deletes = 0;
  state.liveLog.userBytes = 0;
  state.liveLog.walBytes = 0;
}

/**
 * Writes a frozen memtable as a table, records it in the manifest (with `nextLog` as the
 * oldest log still needed), then deletes the memtable's log.
 */
export function flushMemtable(state: TreeState, frozen: Memtable, nextLog: number): void {
  const id = state.nextFileId++;
  const writer = new SstableWriter(state.settings);
  for (const it = frozen.iterator(); it.valid(); it.next()) writer.add(it.key(), it.value());
  const built = writer.finish();
  state.storage.writeFile(sstFileName(id), built.chunks);
  state.storage.syncDirectory();
  state.syncPoint?.('flush:table-written');
  state.tables.add({
    id,
    size: built.size,
    entries: built.entries,
    firstKey: built.firstKey,
    lastKey: built.lastKey,
    tailDigest: built.tailDigest,
    blockDigest: built.blockDigest,
  });
  state.shape = shapeAfterFlush(state.controller, state.shape, id);
  state.logNumber = nextLog;
  state.tally.flushes++;
  state.tally.flushBytes += built.size;
  persist(state);
  state.syncPoint?.('flush:manifest-written');
  state.storage.remove(walFileName(frozen.id));
  state.immutable = undefined;
  state.tracer?.emit(
    flushStep(
      { id, bytes: built.size, ...built },
      state.controller.flushTarget,
      frozen.id,
      snapshotState(state),
    ),
  );
}

/**
 * Merges every table into one sorted run in the last level (one tier, with tiered
 * compaction), dropping every overwritten version and every tombstone: LevelDB's
 * `CompactRange(nullptr, nullptr)`. Flushes the memtable first.
 */
export function compactEverything(state: TreeState): void {
  if (!state.memtable.isEmpty) rotateAndFlush(state, 'flush', false);
  const runs = readOrderRuns(state).filter((run) => run.length > 0);
  if (runs.length > 0) {
    const task: FullCompactionTask = { kind: 'full', trigger: { kind: 'manual' }, runs, toBottomLevel: true };
    runCompaction(state, task);
  }
  compactAsNeeded(state);
}

/** Runs the strategy's compactions until it asks for none. */
export function compactAsNeeded(state: TreeState): void {
  for (let done = 0; ; done++) {
    const task = state.controller.pick(state.shape, state.tables.lookup);
    if (task === undefined) return;
    if (done >= compactionLimit) {
      throw new BadInputError(
        `the ${state.controller.strategy} compaction strategy keeps asking for compactions (${done} in a row) with these parameters`,
        { code: 'bad-option' },
      );
    }
    runCompaction(state, task);
  }
}

function runCompaction(state: TreeState, task: CompactionTask): void {
  state.tracer?.emit(pickStep(task, snapshotState(state)));
  const result = mergeTables({
    storage: state.storage,
    tables: state.tables,
    runs: inputRuns(task),
    dropTombstones: task.toBottomLevel,
    blockSize: state.settings.blockSize,
    bloomBitsPerKey: state.settings.bloomBitsPerKey,
    sstSize: state.settings.sstSize,
    newTableId: () => state.nextFileId++,
    syncPoint: state.syncPoint,
  });
  for (const output of result.outputs) state.tables.add(output);
  const outputs = result.outputs.map((output) => output.id);
  const before = state.shape;
  let removed: number[];
  if (task.kind === 'full') {
    state.shape = shapeAfterFullCompaction(state.controller, before, outputs);
    removed = task.runs.flat();
  } else {
    ({ shape: state.shape, removed } = state.controller.apply(before, task, outputs, state.tables.lookup));
  }
  state.tally.compactions++;
  state.tally.compactionBytes += result.writtenBytes;
  state.tally.compactionReadBytes += result.readBytes;
  persist(state);
  state.syncPoint?.('compaction:manifest-written');
  for (const id of removed) {
    state.tables.remove(id);
    state.storage.remove(sstFileName(id));
    state.syncPoint?.('compaction:input-deleted');
  }
  state.tracer?.emit(
    compactStep(
      task,
      {
        outputs,
        readBytes: result.readBytes,
        writtenBytes: result.writtenBytes,
        dropped: result.shadowed,
        tombstonesDropped: result.tombstonesDropped,
      },
      destinationOf(state, task, outputs),
      snapshotState(state),
    ),
  );
}

function destinationOf(state: TreeState, task: CompactionTask, outputs: readonly number[]): string {
  if (task.kind === 'levels') return `L${task.lowerLevel}`;
  if (state.controller.flushTarget === 'new-tier') {
    return outputs.length > 0 ? runLabel(state, outputs[0] as number) : 'no tier';
  }
  return `L${state.shape.levels.length}`;
}

/** Every sorted run, newest first (each L0 table alone): the inputs of a full compaction. */
function readOrderRuns(state: TreeState): number[][] {
  return [
    ...[...state.shape.l0].reverse().map((id) => [id]),
    ...state.shape.levels.map((run) => [...run.tables]),
  ];
}

/** Writes the manifest: the shape, the live tables, the logs still needed, the counters. */
export function persist(state: TreeState): void {
  const counters = { ...state.tally };
  counters.puts -= state.liveLog.puts;
  counters.deletes -= state.liveLog.deletes;
  counters.userBytes -= state.liveLog.userBytes;
  counters.walBytes -= state.liveLog.walBytes;
  writeManifest(
    state.storage,
    {
      nextFileId: state.nextFileId,
      logNumber: state.logNumber,
      // The log being written, and how far: it can only grow from here (or lose a torn last
      // record), so opening can tell a deleted or truncated log from a crash.
      liveLog: state.wal === undefined ? state.recordedLiveLog : { id: state.wal.id, size: state.wal.size },
      settings: state.settings,
      shape: state.shape,
      // The tables the shape names: a compaction's inputs are still open, but no longer live.
      tables: allTables(state.shape).map((id) => state.tables.info(id)),
      counters,
    },
    state.syncPoint,
  );
}
