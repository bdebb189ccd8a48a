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
export { type AnomalyName, anomalyNamed, anomalyNames } from './anomaly-names.ts';
export { catalogDirectory, findScenario, loadCatalog } from './catalog.ts';
export {
  type CommittedReadProblem,
  type CommittedReadsCheck,
  checkCommittedReads,
} from './check-committed-reads.ts';
export {
  checkSerializable,
  firstMismatch,
  type Mismatch,
  type OrderCheck,
  type SerializabilityCheck,
} from './check-serializable.ts';
export {
  type CellKind,
  type CellOutcome,
  classifyVerdict,
  combineCells,
  describeCell,
} from './classify-outcome.ts';
export {
  type CompareOptions,
  compareScenario,
  declaredDifference,
  type LevelComparison,
  type PermutationComparison,
  type ScenarioComparison,
} from './compare-engines.ts';
export { compareOutcomes, type OutcomeDifference } from './compare-outcomes.ts';
export { ordersRows, sameFinalState, sameRows } from './compare-results.ts';
export {
  type ConsoleEvent,
  type ConsoleRun,
  IsolationConsole,
  type IsolationConsoleOptions,
  type SessionState,
} from './console/isolation-console.ts';
export { type ConsoleEngineName, WarmEngines } from './console/warm-engines.ts';
export { describeResult, describeTables, describeValue } from './describe-rows.ts';
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
} from './engine.ts';
export { explainVerdict, type VerdictFacts } from './explain-verdict.ts';
export { allInterleavings, countInterleavings, sampleInterleavings } from './interleavings.ts';
export { type JudgeContext, replay } from './judge-context.ts';
export type { DirectSerializationGraph, DsgEdge, DsgNode } from './model/dsg/build-dsg.ts';
export {
  type CycleClass,
  classifyCycle,
  type DependencyCycle,
  findCycle,
} from './model/dsg/classify-cycle.ts';
export { type ModelEngine, type ModelLevel, modelLevels, startModelEngine } from './model/model-engine.ts';
export type { ModelRunDetails } from './model/model-run-details.ts';
export type { ModelInternals, ModelStep, ModelStepKind } from './model/model-step.ts';
export { type InternalsDrawingOptions, renderInternals } from './model/render-internals.ts';
export {
  groupTrace,
  renderTracedTranscript,
  renderTraceGroup,
  type TraceGroup,
} from './model/render-model-trace.ts';
export * from './outcome.ts';
export { loadScenarioFile, parseSpec } from './parse-spec.ts';
export {
  type PostgresEngine,
  type PostgresEngineOptions,
  postgresLevels,
  startPostgresEngine,
} from './postgres-engine.ts';
export { cellText, renderMatrix } from './render-matrix.ts';
export { formatValue, renderResultSet } from './render-result.ts';
export { renderRunLanes, renderScheduleLanes, type SwimLaneOptions, wrap } from './render-swim-lane.ts';
export { renderPermutation, renderTranscript } from './render-transcript.ts';
export { matrixJson, scenarioReportJson } from './report-json.ts';
export { RunCache, type RunOptions } from './run-cache.ts';
export { type MatrixCell, type MatrixOptions, type MatrixReport, runMatrix } from './run-matrix.ts';
export { type RunPermutationOptions, runPermutation } from './run-permutation.ts';
export {
  checkLevel,
  checkRunnable,
  choosePermutations,
  type PermutationChoice,
  type PermutationReport,
  runScenario,
  type ScenarioReport,
  type ScenarioRunOptions,
} from './run-scenario.ts';
export * from './scenario.ts';
export {
  committedSessions,
  formatOrder,
  serialOrders,
  serialSchedule,
  successfulSteps,
} from './serial-orders.ts';
export { replaySerially } from './serial-replay.ts';
export { compareRows, compareValues, sortedRows } from './sort-rows.ts';
export { firstKeyword, splitStatements } from './split-sql.ts';
export { type SqliteEngine, sqliteLevels, startSqliteEngine } from './sqlite-engine.ts';
export {
  beginModeOf,
  beginsTransaction,
  endsTransaction,
  type TransactionPolicy,
  transactionPolicy,
} from './transaction-control.ts';
export { judgeOutcome, type Prevention, preventionOf, type SsiCheck, type Verdict } from './verdict.ts';
