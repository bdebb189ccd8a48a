/**
 * @dbplay/lsm: a durable LSM-tree to step through, measure, and crash.
 *
 * - {@link LsmTree}: the store (write-ahead log, memtable, SSTables with bloom filters,
 *   manifest, pluggable compaction, crash recovery), in a directory or in memory
 * - compaction strategies: simple leveled, tiered (RocksDB universal), leveled with dynamic
 *   level sizes, with mini-lsm's parameters
 * - {@link simulateCompaction}: mini-lsm's compaction simulator, driving the same strategies
 * - {@link LsmTree.metrics}: write, read and space amplification, bloom filter accuracy
 * - narrated steps ({@link LsmStep}) and a terminal drawing of the levels
 */

export type { CompactionController, CompactionStrategyName } from './compaction/controller.ts';
export { type LeveledOptions, leveledDefaults } from './compaction/leveled.ts';
export { describeTrigger } from './compaction/narration.ts';
export type { LsmShape, SortedRun, TableMeta } from './compaction/shape.ts';
export { type SimpleLeveledOptions, simpleLeveledDefaults } from './compaction/simple-leveled.ts';
export {
  type CompactionOptions,
  compactionParameterNames,
  compactionStrategyNames,
  createController,
  parseStrategyName,
  type ResolvedCompactionOptions,
  resolveCompactionOptions,
} from './compaction/strategy.ts';
export type { CompactionTask, CompactionTrigger } from './compaction/task.ts';
export { type TieredOptions, tieredDefaults } from './compaction/tiered.ts';
export { type BytesInput, compareBytes } from './encoding/byte-order.ts';
export {
  type SimulatedCompaction,
  type SimulatedIteration,
  type SimulationOptions,
  type SimulationResult,
  simulateCompaction,
} from './simulator/simulator.ts';
export { renderSimulation } from './simulator/transcript.ts';
export {
  BloomFilterBuilder,
  bloomHashCount,
  bloomMayContain,
  hashKey,
  theoreticalFalsePositiveRate,
} from './sstable/bloom-filter.ts';
export { type BatchOperation, LsmTree } from './store/lsm-tree.ts';
export type { LevelMetrics, LsmCounters, LsmMetrics } from './store/metrics.ts';
export { defaultSettings, type LsmOptions, type StoreSettings } from './store/options.ts';
export { type SyncPointName, syncPointNames } from './store/sync-points.ts';
export { displayBytes, formatBytes } from './view/display-text.ts';
export { type DrawOptions, renderLsm } from './view/draw-levels.ts';
export type { LsmSnapshot, RunSnapshot, TableSnapshot } from './view/snapshot.ts';
export type { LsmStep, LsmStepKind } from './view/steps.ts';
