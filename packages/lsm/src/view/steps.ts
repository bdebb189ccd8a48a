/**
 * The narrated steps of the LSM-tree: one sentence for each thing it does.
 *
 * Kept apart from the tree so that the algorithm stays readable, and only ever called
 * inside `tracer?.emit(...)`, so an untraced tree builds no step, no sentence and no
 * snapshot (test/steps.test.ts counts).
 *
 * Kinds: `write` (a put or delete went to the log and the memtable), `freeze` (the memtable
 * became immutable), `flush` (it became a table), `pick` (a compaction was chosen, and why),
 * `compact` (what it wrote), `memtable`, `skip`, `bloom`, `block` (where a get looked and
 * what each place said), `result` (what the get returns), `scan`, `recover`.
 */
import type { Step } from '@dbplay/core';
import { describeTaskInputs, describeTrigger, ids, plural } from '../compaction/narration.ts';
import { type CompactionTask, inputTables } from '../compaction/task.ts';
import type { StoredValue } from '../read/entry-iterator.ts';
import { walFileName } from '../wal/write-ahead-log.ts';
import { formatBytes, quoteBytes } from './display-text.ts';
import type { LsmSnapshot } from './snapshot.ts';

export type LsmStepKind =
  | 'write'
  | 'freeze'
  | 'flush'
  | 'pick'
  | 'compact'
  | 'memtable'
  | 'skip'
  | 'bloom'
  | 'block'
  | 'result'
  | 'scan'
  | 'recover';

export type LsmStep = Step<LsmStepKind, LsmSnapshot>;

export function writeStep(
  key: Uint8Array,
  value: StoredValue,
  logId: number,
  memtable: { entries: number; bytes: number; limit: number },
  snapshot: LsmSnapshot,
): LsmStep {
  const fill = `${plural(memtable.entries, 'entry', 'entries')}, ${memtable.bytes} of ${memtable.limit} bytes`;
  const narration =
    value === null
      ? `Delete ${quoteBytes(key)}: a tombstone is appended to ${walFileName(logId)} and put in the memtable (${fill}); it hides older values of the key in the tables below until a compaction into the last level drops both.`
      : `Put ${quoteBytes(key)} = ${quoteBytes(value)}: appended to ${walFileName(logId)}, then put in the memtable (${fill}).`;
  return { kind: 'write', touched: ['memtable'], narration, snapshot };
}

export function freezeStep(
  reason: 'full' | 'flush',
  frozen: { id: number; entries: number; bytes: number; limit: number },
  newLogId: number,
  snapshot: LsmSnapshot,
): LsmStep {
  const why =
    reason === 'full'
      ? `The memtable holds ${frozen.bytes} bytes, reaching its ${frozen.limit}-byte limit`
      : `flush() was called with ${plural(frozen.entries, 'entry', 'entries')} in the memtable`;
  return {
    kind: 'freeze',
    touched: ['memtable'],
    narration: `${why}: it is frozen (read-only, still answering reads) and a new empty memtable, logged in ${walFileName(newLogId)}, takes the writes.`,
    snapshot,
  };
}

export function flushStep(
  table: { id: number; entries: number; bytes: number; firstKey: Uint8Array; lastKey: Uint8Array },
  target: 'level0' | 'new-tier',
  oldLogId: number,
  snapshot: LsmSnapshot,
): LsmStep {
  const where = target === 'level0' ? 'into L0' : `as a new tier ${table.id} in front of the others`;
  return {
    kind: 'flush',
    touched: [table.id],
    narration: `The frozen memtable is written in key order as table #${table.id} (${plural(table.entries, 'entry', 'entries')}, ${quoteBytes(table.firstKey, 12)}…${quoteBytes(table.lastKey, 12)}, ${formatBytes(table.bytes)}) ${where}; the manifest now lists it, so ${walFileName(oldLogId)} is deleted.`,
    snapshot,
  };
}

export function pickStep(task: CompactionTask, snapshot: LsmSnapshot): LsmStep {
  const reason = describeTrigger(task.trigger);
  return {
    kind: 'pick',
    touched: inputTables(task),
    narration: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}: compact ${describeTaskInputs(task)}.`,
    snapshot,
  };
}

export function compactStep(
  task: CompactionTask,
  result: {
    outputs: readonly number[];
    readBytes: number;
    writtenBytes: number;
    dropped: number;
    tombstonesDropped: number;
  },
  destination: string,
  snapshot: LsmSnapshot,
): LsmStep {
  const inputs = inputTables(task).length;
  const wrote =
    result.outputs.length === 0
      ? 'wrote nothing (every entry was a tombstone or shadowed)'
      : `wrote ${plural(result.outputs.length, 'table')} ${ids(result.outputs)} (${formatBytes(result.writtenBytes)}) into ${destination}`;
  const tombstones = task.toBottomLevel
    ? `${plural(result.tombstonesDropped, 'tombstone')} dropped, since nothing older lies below`
    : 'tombstones kept, since older values may lie below';
  return {
    kind: 'compact',
    touched: [...result.outputs],
    narration: `The merge read ${plural(inputs, 'table')} (${formatBytes(result.readBytes)}) and ${wrote}: ${plural(result.dropped, 'shadowed version')} dropped, ${tombstones}. The manifest swaps old tables for new in one rename, then the old files are deleted.`,
    snapshot,
  };
}

export function memtableStep(
  key: Uint8Array,
  found: StoredValue | undefined,
  which: 'memtable' | 'frozen memtable',
  snapshot: LsmSnapshot,
): LsmStep {
  const said =
    found === undefined
      ? `${quoteBytes(key)} is not in the ${which}`
      : found === null
        ? `the ${which} holds a tombstone for ${quoteBytes(key)}: it was deleted`
        : `the ${which} holds ${quoteBytes(key)} = ${quoteBytes(found)}`;
  return {
    kind: 'memtable',
    touched: ['memtable'],
    narration: `Look in the ${which} first: ${said}.`,
    snapshot,
  };
}

export function skipStep(
  key: Uint8Array,
  table: { id: number; firstKey: Uint8Array; lastKey: Uint8Array },
  where: string,
  snapshot: LsmSnapshot,
): LsmStep {
  return {
    kind: 'skip',
    touched: [table.id],
    narration: `Table #${table.id} in ${where} covers ${quoteBytes(table.firstKey, 12)}…${quoteBytes(table.lastKey, 12)}: ${quoteBytes(key)} is outside that range, so the table is skipped without reading it.`,
    snapshot,
  };
}

export function bloomStep(key: Uint8Array, table: number, where: string, snapshot: LsmSnapshot): LsmStep {
  return {
    kind: 'bloom',
    touched: [table],
    narration: `Table #${table} in ${where}: its bloom filter says ${quoteBytes(key)} is certainly not there, so no block is read.`,
    snapshot,
  };
}

export function blockStep(
  key: Uint8Array,
  table: number,
  where: string,
  block: number | undefined,
  found: StoredValue | undefined,
  filtered: boolean,
  snapshot: LsmSnapshot,
): LsmStep {
  const filter = filtered ? 'its bloom filter says maybe' : 'it has no bloom filter';
  let narration: string;
  if (block === undefined) {
    narration = `Table #${table} in ${where}: ${filter}, but the block index shows ${quoteBytes(key)} falls between two blocks, so it is not there${filtered ? ' (a false positive, caught without a read)' : ''}.`;
  } else if (found === undefined) {
    narration = `Table #${table} in ${where}: ${filter}; block ${block} is read and does not hold ${quoteBytes(key)}${filtered ? ' (a bloom filter false positive)' : ''}.`;
  } else if (found === null) {
    narration = `Table #${table} in ${where}: ${filter}; block ${block} is read and holds a tombstone for ${quoteBytes(key)}: it was deleted, and older tables are not consulted.`;
  } else {
    narration = `Table #${table} in ${where}: ${filter}; block ${block} is read and holds ${quoteBytes(key)} = ${quoteBytes(found)}.`;
  }
  return { kind: 'block', touched: [table], narration, snapshot };
}

export function resultStep(
  key: Uint8Array,
  found: StoredValue | undefined,
  probes: { skipped: number; filtered: number; blocks: number },
  snapshot: LsmSnapshot,
): LsmStep {
  const cost = `${plural(probes.skipped, 'table')} skipped by key range, ${plural(probes.filtered, 'table')} ruled out by bloom filters, ${plural(probes.blocks, 'block')} read`;
  const narration =
    found === undefined || found === null
      ? `${quoteBytes(key)} is not in the store (${cost}).`
      : `get returns ${quoteBytes(found)} (${cost}).`;
  return { kind: 'result', touched: [], narration, snapshot };
}

export function scanStep(runs: readonly string[], snapshot: LsmSnapshot): LsmStep {
  return {
    kind: 'scan',
    touched: [],
    narration: `A scan merges ${plural(runs.length, 'sorted source')} (${runs.join(', ')}) with a heap: each key comes out once, from the newest source that has it, and tombstones are hidden.`,
    snapshot,
  };
}

export function recoverStep(
  replayed: { log: number; records: number; tornBytes: number }[],
  snapshot: LsmSnapshot,
): LsmStep {
  const parts = replayed.map(
    (r) =>
      `${walFileName(r.log)}: ${plural(r.records, 'record')}${r.tornBytes > 0 ? `, and a torn last record (${r.tornBytes} bytes) dropped` : ''}`,
  );
  return {
    kind: 'recover',
    touched: ['memtable'],
    narration:
      parts.length === 0
        ? 'The store opens: the manifest lists its tables, and no log holds unflushed writes.'
        : `The store opens: the manifest lists its tables, and the unflushed writes are replayed from the log into the memtable (${parts.join('; ')}).`,
    snapshot,
  };
}
