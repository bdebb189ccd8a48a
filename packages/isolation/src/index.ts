/**
 * @dbplay/isolation: isolation anomalies on real engines.
 *
 * - scenarios in PostgreSQL's isolation-tester spec format: {@link parseSpec}, {@link loadCatalog}
 * - engines: {@link startPostgresEngine} (embedded or by URL), {@link startSqliteEngine};
 *   the {@link IsolationEngine} interface for others
 * - running: {@link runPermutation} (the shared scheduler), {@link runScenario}, {@link runMatrix}
 * - judging: {@link judgeOutcome} (serial replays, committed reads, prevention, SSI false positives)
 * - drawing: {@link renderTranscript}, {@link renderRunLanes}, {@link renderMatrix}, and JSON
 *
 * Importing this package loads no driver: pg and better-sqlite3 load when an engine starts.
 */

export {
  type CompareOptions,
  compareScenario,
  declaredDifference,
  type LevelComparison,
  type PermutationComparison,
  type ScenarioComparison,
} from './compare/compare-engines.ts';
export { compareOutcomes, type OutcomeDifference } from './compare/compare-outcomes.ts';
export {
  type CompareScenariosOptions,
  type ComparisonSummary,
  compareScenarios,
  comparisonChoice,
  parseComparedLevels,
  type ScenariosComparison,
  summariseComparisons,
} from './compare/compare-scenarios.ts';
export { conformanceJson, renderConformance } from './conformance/render-conformance.ts';
export {
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceTotals,
  findSpecs,
  type PermutationConformance,
  runConformance,
  type SpecConformance,
} from './conformance/run-conformance.ts';
export type {
  BeginMode,
  EngineRun,
  IsolationEngine,
  OpenOptions,
  SerialReplayPlan,
  SerialReplayResult,
  SerialReplayStep,
  Settled,
  WaitingStatement,
} from './engines/engine.ts';
export {
  type ComparedLevel,
  comparedLevels,
  defaultLevel,
  defaultLevels,
  type EngineName,
  engineNames,
  type IsolationLevel,
  isLevelOf,
  type LevelOf,
  levelsOf,
  type ModelLevel,
  modelLevels,
  type PostgresLevel,
  parseEngineName,
  parseEngineNames,
  parseLevel,
  postgresLevels,
  type SqliteLevel,
  sqliteLevels,
} from './engines/levels.ts';
export {
  type PostgresEngine,
  type PostgresEngineOptions,
  startPostgresEngine,
} from './engines/postgres-engine.ts';
export { type SqliteEngine, startSqliteEngine } from './engines/sqlite-engine.ts';
export {
  type StartOptions,
  startEngine,
  useWarmEngines,
  type WarmEngines,
  withEngines,
} from './engines/start-engine.ts';
export { type AnomalyName, anomalyNamed, anomalyNames } from './judge/anomaly-names.ts';
export {
  type CommittedReadProblem,
  type CommittedReadsCheck,
  checkCommittedReads,
} from './judge/check-committed-reads.ts';
export {
  checkSerializable,
  firstMismatch,
  type Mismatch,
  type OrderCheck,
  type SerializabilityCheck,
} from './judge/check-serializable.ts';
export {
  type CellKind,
  type CellOutcome,
  classifyVerdict,
  combineCells,
  describeCell,
} from './judge/classify-outcome.ts';
export { ordersRows, sameFinalState, sameRows } from './judge/compare-results.ts';
export { describeResult, describeTables, describeValue } from './judge/describe-rows.ts';
export { explainVerdict, type VerdictFacts } from './judge/explain-verdict.ts';
export { type JudgeContext, replay } from './judge/judge-context.ts';
export { type Prevention, preventionOf } from './judge/prevention.ts';
export {
  committedSessions,
  formatOrder,
  serialOrders,
  serialSchedule,
  successfulSteps,
} from './judge/serial-orders.ts';
export { replaySerially } from './judge/serial-replay.ts';
export { compareRows, compareValues, sortedRows } from './judge/sort-rows.ts';
export type { SsiCheck } from './judge/ssi-check.ts';
export { judgeOutcome, type Verdict } from './judge/verdict.ts';
export type { DirectSerializationGraph, DsgEdge, DsgNode } from './model/dsg/build-dsg.ts';
export {
  type CycleClass,
  classifyCycle,
  type DependencyCycle,
  findCycle,
} from './model/dsg/classify-cycle.ts';
export { type ModelEngine, startModelEngine } from './model/model-engine.ts';
export { type ModelRunDetails, modelDetails } from './model/model-run-details.ts';
export type { ModelInternals, ModelStep, ModelStepKind } from './model/trace/model-step.ts';
export { type InternalsDrawingOptions, renderInternals } from './model/trace/render-internals.ts';
export {
  groupTrace,
  renderTracedTranscript,
  renderTraceGroup,
  type TraceGroup,
} from './model/trace/render-model-trace.ts';
export { cellText, renderMatrix } from './render/render-matrix.ts';
export { formatValue, renderResultSet } from './render/render-result.ts';
export {
  renderRunLanes,
  renderScheduleLanes,
  type SwimLaneOptions,
  wrap,
} from './render/render-swim-lane.ts';
export { renderPermutation, renderTranscript } from './render/render-transcript.ts';
export { comparisonJson, matrixJson, scenarioReportJson } from './render/report-json.ts';
export { allInterleavings, countInterleavings, sampleInterleavings } from './run/interleavings.ts';
export * from './run/outcome.ts';
export { RunCache, type RunOptions } from './run/run-cache.ts';
export { type MatrixCell, type MatrixOptions, type MatrixReport, runMatrix } from './run/run-matrix.ts';
export { type RunPermutationOptions, runPermutation } from './run/run-permutation.ts';
export {
  checkRunnable,
  choosePermutations,
  type PermutationChoice,
  type PermutationReport,
  runScenario,
  type ScenarioReport,
  type ScenarioRunOptions,
} from './run/run-scenario.ts';
export { catalogDirectory, findScenario, loadCatalog } from './spec/catalog.ts';
export { loadScenarioFile, parseSpec } from './spec/parse-spec.ts';
export * from './spec/scenario.ts';
export { firstKeyword, splitStatements } from './spec/split-sql.ts';
export {
  beginModeOf,
  beginsTransaction,
  endsTransaction,
  type TransactionPolicy,
  transactionPolicy,
} from './spec/transaction-control.ts';
export { samplingThreshold } from './vocabulary.ts';
