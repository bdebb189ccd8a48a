/**
 * A point read: the newest version of one key, looking in the newest place first and
 * stopping at the first answer (a value, or a tombstone saying the key was deleted).
 *
 *     memtable → frozen memtable → L0 tables, newest first → L1 → L2 → …   (or tiers, newest first)
 *
 * L0 tables overlap, so each is consulted in turn; in a level (or a tier) the tables are
 * sorted and disjoint, so a binary search over their key ranges finds the one table that
 * could hold the key. Before reading anything, a table is skipped when the key is outside
 * its key range, or when its bloom filter says the key is certainly not there; only then is
 * a data block read. LevelDB: `Version::Get` (db/version_set.cc) and `Table::InternalGet`
 * (table/table.cc); mini-lsm: `LsmStorageInner::get` (week 1, days 5 and 7).
 */
import type { Tracer } from '@dbplay/core';
import type { CompactionStrategyName } from '../compaction/controller.ts';
import { type LsmShape, runName, type SortedRun } from '../compaction/shape.ts';
import { compareBytes } from '../encoding/byte-order.ts';
import { type Memtable, memtableHashOf } from '../memtable/memtable.ts';
import { hashKey, type KeyHashes } from '../sstable/bloom-filter.ts';
import type { TableSet } from '../sstable/table-set.ts';
import type { LsmCounters } from '../store/metrics.ts';
import type { LsmSnapshot } from '../view/snapshot.ts';
import { blockStep, bloomStep, type LsmStep, memtableStep, resultStep, skipStep } from '../view/steps.ts';
import type { StoredValue } from './entry-iterator.ts';

export interface ReadView {
  readonly memtable: Memtable;
  readonly immutable: Memtable | undefined;
  readonly shape: LsmShape;
  readonly tables: TableSet;
  readonly strategy: CompactionStrategyName;
}

/** What tables one lookup got past, for the closing narration. */
interface Probes {
  skipped: number;
  filtered: number;
  blocks: number;
}

// Reused between lookups (the tree is synchronous, so one lookup runs at a time): a get
// computes its key's hashes once, for every table's filter, and counts what it skipped.
const hashes: KeyHashes = { h1: 0, h2: 0 };
const probes: Probes = { skipped: 0, filtered: 0, blocks: 0 };
const noSnapshot = (): LsmSnapshot => {
  throw new Error('a traced lookup needs a snapshot function');
};

/**
 * The newest stored value of `key`: bytes, `null` (deleted), or undefined (never written).
 * `snapshot` is called only when there is a tracer, to picture the tree in each step.
 */
export function pointLookup(
  view: ReadView,
  key: Uint8Array,
  counters: LsmCounters,
  tracer?: Tracer<LsmStep>,
  snapshot: () => LsmSnapshot = noSnapshot,
): StoredValue | undefined {
  counters.gets++;
  probes.skipped = 0;
  probes.filtered = 0;
  probes.blocks = 0;

  // One hash for the memtables' key sets, then the two for every table's bloom filter.
  hashKey(key, hashes);
  const memtableKey = memtableHashOf(hashes.h1);
  let found = view.memtable.get(key, memtableKey);
  tracer?.emit(memtableStep(key, found, 'memtable', snapshot()));
  if (found === undefined && view.immutable !== undefined) {
    found = view.immutable.get(key, memtableKey);
    tracer?.emit(memtableStep(key, found, 'frozen memtable', snapshot()));
  }
  if (found !== undefined) {
    counters.memtableHits++;
    tracer?.emit(resultStep(key, found, probes, snapshot()));
    return found;
  }

  const { shape, tables } = view;
  for (let i = shape.l0.length - 1; i >= 0 && found === undefined; i--) {
    found = probeTable(tables, shape.l0[i] as number, 'L0', key, counters, tracer, snapshot);
  }
  for (let i = 0; i < shape.levels.length && found === undefined; i++) {
    const run = shape.levels[i] as SortedRun;
    if (run.tables.length === 0) continue;
    const where = tracer === undefined ? '' : runName(view.strategy === 'tiered', run.id);
    found = probeTable(tables, candidateTable(tables, run, key), where, key, counters, tracer, snapshot);
  }
  tracer?.emit(resultStep(key, found, probes, snapshot()));
  return found;
}

/**
 * The one table of a sorted run that could hold `key`: the first whose last key is ≥ key
 * (or the run's last table, which the key-range check then skips).
 */
function candidateTable(tables: TableSet, run: SortedRun, key: Uint8Array): number {
  const ids = run.tables;
  let low = 0;
  let high = ids.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareBytes(tables.info(ids[mid] as number).lastKey, key) < 0) low = mid + 1;
    else high = mid;
  }
  return ids[low] as number;
}

function probeTable(
  tables: TableSet,
  id: number,
  where: string,
  key: Uint8Array,
  counters: LsmCounters,
  tracer: Tracer<LsmStep> | undefined,
  snapshot: () => LsmSnapshot,
): StoredValue | undefined {
  const info = tables.info(id);
  if (compareBytes(key, info.firstKey) < 0 || compareBytes(key, info.lastKey) > 0) {
    counters.rangeSkips++;
    probes.skipped++;
    tracer?.emit(skipStep(key, info, where, snapshot()));
    return undefined;
  }
  const reader = tables.reader(id);
  const filtered = reader.hasFilter;
  if (filtered) {
    counters.bloomChecks++;
    if (!reader.mayContain(hashes)) {
      counters.bloomNegatives++;
      probes.filtered++;
      tracer?.emit(bloomStep(key, id, where, snapshot()));
      return undefined;
    }
  }
  const blockIndex = reader.findBlock(key);
  if (blockIndex < 0 || compareBytes(key, reader.blockFirstKey(blockIndex)) < 0) {
    // The key falls in a gap between two blocks: not here, and no block had to be read.
    if (filtered) counters.bloomFalsePositives++;
    tracer?.emit(blockStep(key, id, where, undefined, undefined, filtered, snapshot()));
    return undefined;
  }
  const block = reader.readBlock(blockIndex);
  counters.blockReads++;
  probes.blocks++;
  const found = block.get(key);
  if (found === undefined && filtered) counters.bloomFalsePositives++;
  tracer?.emit(blockStep(key, id, where, blockIndex, found, filtered, snapshot()));
  return found;
}
