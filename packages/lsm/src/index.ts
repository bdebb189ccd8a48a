/**
 * @dbplay/lsm: a durable LSM-tree to step through, measure, and crash.
 *
 * - {@link LsmTree}: the store (write-ahead log, memtable, SSTables with bloom filters,
 *   manifest, pluggable compaction, crash recovery), in a directory or in memory
 * - the compaction vocabulary: strategy names, each parameter with its range and mini-lsm
 *   default (also exported alone, for a CLI declaring flags, as `@dbplay/lsm/vocabulary`)
 * - {@link simulateCompaction}: mini-lsm's compaction simulator, driving the same strategies
 * - {@link LsmTree.metrics}: write, read and space amplification, bloom filter accuracy
 * - narrated steps ({@link LsmStep}) and a terminal drawing of the levels
 *
 * This is the front door: what a library user needs. The parts inside (the skip list, the
 * block format, the iterators…) are imported by path by the tests; docs/architecture/lsm.md
 * says where to start reading.
 */
export type { CompactionController } from './compaction/controller.ts';
export type { LeveledOptions } from './compaction/leveled.ts';
export { describeTrigger } from './compaction/narration.ts';
export type { LsmShape, SortedRun, TableMeta } from './compaction/shape.ts';
export type { SimpleLeveledOptions } from './compaction/simple-leveled.ts';
export {
  type CompactionOptions,
  type CompactionParameters,
  createController,
  parseStrategyName,
  type ResolvedCompactionOptions,
  resolveCompactionOptions,
} from './compaction/strategy.ts';
export type { CompactionTask, CompactionTrigger } from './compaction/task.ts';
export type { TieredOptions } from './compaction/tiered.ts';
export {
  type CompactionParameter,
  type CompactionParameterName,
  type CompactionStrategyName,
  compactionParameterNames,
  compactionParameters,
  compactionStrategyNames,
  defaultCompactionStrategy,
  strategyDefaults,
} from './compaction/vocabulary.ts';
export { type BytesInput, compareBytes } from './encoding/byte-order.ts';
export {
  type SimulatedCompaction,
  type SimulatedIteration,
  type SimulationOptions,
  type SimulationResult,
  simulateCompaction,
} from './simulator/simulator.ts';
export { renderSimulationSummary } from './simulator/summary.ts';
export { renderSimulation } from './simulator/transcript.ts';
export { theoreticalFalsePositiveRate } from './sstable/bloom-filter.ts';
export { readStoreSettings } from './store/directory.ts';
export { type BatchOperation, LsmTree } from './store/lsm-tree.ts';
export type { LevelMetrics, LsmCounters, LsmMetrics } from './store/metrics.ts';
export { defaultSettings, type LsmOptions, type StoreSettings } from './store/options.ts';
export { type SyncPointName, syncPointNames } from './store/sync-points.ts';
export { displayBytes, formatBytes } from './view/display-text.ts';
export { type DrawOptions, renderLsm } from './view/draw-levels.ts';
export type { LsmSnapshot, RunSnapshot, TableSnapshot } from './view/snapshot.ts';
export type { LsmStep, LsmStepKind } from './view/steps.ts';
