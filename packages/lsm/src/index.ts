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
export {
  BloomFilterBuilder,
  bloomHashCount,
  bloomMayContain,
  hashKey,
  theoreticalFalsePositiveRate,
} from './bloom-filter.ts';
export { type BytesInput, compareBytes } from './byte-order.ts';
export type { CompactionController, CompactionStrategyName } from './compaction-controller.ts';
export { describeTrigger } from './compaction-narration.ts';
export {
  type SimulatedCompaction,
  type SimulatedIteration,
  type SimulationOptions,
  type SimulationResult,
  simulateCompaction,
} from './compaction-simulator.ts';
export {
  type CompactionOptions,
  compactionParameterNames,
  compactionStrategyNames,
  createController,
  parseStrategyName,
  type ResolvedCompactionOptions,
  resolveCompactionOptions,
} from './compaction-strategy.ts';
export type { CompactionTask, CompactionTrigger } from './compaction-task.ts';
export { displayBytes, formatBytes } from './display-text.ts';
export { type DrawOptions, renderLsm } from './draw-levels.ts';
export { type LeveledOptions, leveledDefaults } from './leveled-controller.ts';
export type { LevelMetrics, LsmCounters, LsmMetrics } from './lsm-metrics.ts';
export { defaultSettings, type LsmOptions, type StoreSettings } from './lsm-options.ts';
export type { LsmShape, SortedRun, TableMeta } from './lsm-shape.ts';
export type { LsmSnapshot, RunSnapshot, TableSnapshot } from './lsm-snapshot.ts';
export type { LsmStep, LsmStepKind } from './lsm-steps.ts';
export { type BatchOperation, LsmTree } from './lsm-tree.ts';
export { type SimpleLeveledOptions, simpleLeveledDefaults } from './simple-leveled-controller.ts';
export { renderSimulation } from './simulation-transcript.ts';
export { type SyncPointName, syncPointNames } from './sync-points.ts';
export { type TieredOptions, tieredDefaults } from './tiered-controller.ts';
