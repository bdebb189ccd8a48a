/**
 * What the tree counts as it works, and the amplification figures derived from the counts.
 *
 * The three costs of an LSM-tree, as the RUM conjecture frames them (Athanassoulis et al.,
 * EDBT 2016), each measured rather than estimated:
 *
 * - Write amplification: bytes the tree wrote (log, flushes, compactions) per byte the user
 *   wrote. Leveling pays roughly the size ratio per level, tiering about one write per tier.
 * - Read amplification: tables a point read had to look into (a data block read) per read,
 *   and how many the bloom filters spared it. With filters, a key that is nowhere costs
 *   about Σ (false-positive rate) block reads instead of one per sorted run.
 * - Space amplification: bytes on disk per byte of live data (latest versions, no
 *   tombstones); old versions and tombstones waiting for compaction are the excess.
 *
 * The counters are kept in the manifest, so they add up across restarts (and across
 * `dbplay lsm` commands). LevelDB exposes its own per-level compaction statistics as the
 * `leveldb.stats` property (db/db_impl.cc, `DBImpl::GetProperty`).
 */
import { theoreticalFalsePositiveRate } from '../sstable/bloom-filter.ts';

/** The raw counts, all cumulative. */
export interface LsmCounters {
  puts: number;
  deletes: number;
  /** Key and value bytes the user wrote (keys only, for deletes). */
  userBytes: number;
  /** Bytes appended to write-ahead logs, headers included. */
  walBytes: number;
  flushes: number;
  flushBytes: number;
  compactions: number;
  /** Bytes of SSTables written by compactions. */
  compactionBytes: number;
  /** Bytes of SSTables read by compactions. */
  compactionReadBytes: number;
  gets: number;
  /** Gets answered by a memtable (a value or a tombstone). */
  memtableHits: number;
  /** Tables skipped because the key was outside their key range. */
  rangeSkips: number;
  /** Bloom filter checks, and how many said "certainly not" (always right). */
  bloomChecks: number;
  bloomNegatives: number;
  /** Filter said "maybe", and the table did not hold the key after all. */
  bloomFalsePositives: number;
  /** Data blocks read by gets (tables actually probed). */
  blockReads: number;
}

export function emptyCounters(): LsmCounters {
  return {
    puts: 0,
    deletes: 0,
    userBytes: 0,
    walBytes: 0,
    flushes: 0,
    flushBytes: 0,
    compactions: 0,
    compactionBytes: 0,
    compactionReadBytes: 0,
    gets: 0,
    memtableHits: 0,
    rangeSkips: 0,
    bloomChecks: 0,
    bloomNegatives: 0,
    bloomFalsePositives: 0,
    blockReads: 0,
  };
}

/** One level or tier in the metrics. */
export interface LevelMetrics {
  /** `L0`, `L1`…, or `tier 12`. */
  readonly name: string;
  readonly files: number;
  readonly bytes: number;
  readonly entries: number;
}

export interface LsmMetrics {
  readonly strategy: string;
  readonly counters: Readonly<LsmCounters>;
  readonly writeAmplification: {
    /** (log + flush + compaction bytes) / user bytes. */
    readonly total: number;
    /** (flush + compaction bytes) / user bytes: SSTable writes only, comparable with LevelDB's stats. */
    readonly sstables: number;
  };
  readonly readAmplification: {
    /** Data blocks read per get: tables probed. */
    readonly tablesProbedPerGet: number;
    /** Tables the bloom filter ruled out per get. */
    readonly bloomNegativesPerGet: number;
    /** Sorted runs a read may have to consult now: L0 tables plus non-empty levels or tiers. */
    readonly sortedRuns: number;
  };
  readonly bloom: {
    readonly bitsPerKey: number;
    readonly checks: number;
    /** Said "not here": always right. */
    readonly trueNegatives: number;
    readonly falsePositives: number;
    /** falsePositives / (falsePositives + trueNegatives): how often an absent key got "maybe". */
    readonly falsePositiveRate: number;
    /** (1 − e^(−k/bitsPerKey))^k for the k in use: about 0.6185^bitsPerKey. */
    readonly theoreticalFalsePositiveRate: number;
  };
  readonly space: {
    /** SSTable and log bytes on disk. */
    readonly storedBytes: number;
    /** Key and value bytes of the live entries (latest version of each key, no tombstones). */
    readonly liveBytes: number;
    readonly liveKeys: number;
    /** storedBytes / liveBytes. */
    readonly amplification: number;
  };
  readonly memtable: { readonly entries: number; readonly bytes: number };
  readonly levels: readonly LevelMetrics[];
}

export function deriveMetrics(input: {
  readonly strategy: string;
  readonly counters: LsmCounters;
  readonly bloomBitsPerKey: number;
  readonly sortedRuns: number;
  readonly storedBytes: number;
  readonly liveBytes: number;
  readonly liveKeys: number;
  readonly memtable: { readonly entries: number; readonly bytes: number };
  readonly levels: readonly LevelMetrics[];
}): LsmMetrics {
  const c = input.counters;
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const trueNegatives = c.bloomNegatives;
  return {
    strategy: input.strategy,
    counters: { ...c },
    writeAmplification: {
      total: ratio(c.walBytes + c.flushBytes + c.compactionBytes, c.userBytes),
      sstables: ratio(c.flushBytes + c.compactionBytes, c.userBytes),
    },
    readAmplification: {
      tablesProbedPerGet: ratio(c.blockReads, c.gets),
      bloomNegativesPerGet: ratio(c.bloomNegatives, c.gets),
      sortedRuns: input.sortedRuns,
    },
    bloom: {
      bitsPerKey: input.bloomBitsPerKey,
      checks: c.bloomChecks,
      trueNegatives,
      falsePositives: c.bloomFalsePositives,
      falsePositiveRate: ratio(c.bloomFalsePositives, c.bloomFalsePositives + trueNegatives),
      theoreticalFalsePositiveRate: theoreticalFalsePositiveRate(input.bloomBitsPerKey),
    },
    space: {
      storedBytes: input.storedBytes,
      liveBytes: input.liveBytes,
      liveKeys: input.liveKeys,
      amplification: ratio(input.storedBytes, input.liveBytes),
    },
    memtable: input.memtable,
    levels: input.levels,
  };
}
