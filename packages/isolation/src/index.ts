/**
 * @dbplay/isolation: isolation anomalies on real engines, and a model of PostgreSQL that
 * shows why they happen. docs/architecture/isolation.md gives the reading order and the data flow.
 *
 * - scenarios in PostgreSQL's isolation-tester spec format: {@link parseSpec}, {@link loadCatalog}, {@link catalogFor},
 *   {@link findScenario}
 * - engines and their levels: {@link startEngine}, {@link withEngines}, {@link startPostgresEngine} (embedded
 *   or by URL), {@link startSqliteEngine}, {@link startModelEngine}; {@link parseLevel}, {@link levelsOf}
 *   (and, without loading the package, `@dbplay/isolation/vocabulary`)
 * - running: {@link runScenario} (choose, run and judge), {@link runPermutation} (the shared scheduler),
 *   {@link runMatrix}; {@link RunCache}
 * - judging: {@link judgeOutcome} (serial replays, committed reads, prevention, SSI false positives)
 * - comparing the model with PostgreSQL: {@link compareScenarios}; PostgreSQL's own suite: {@link runConformance}
 * - drawing (a transcript, swim lanes, the matrix, the model's trace) and the `--json` documents:
 *   the second entry point, `@dbplay/isolation/render` (src/render/index.ts)
 *
 * Importing this package loads no driver: pg and better-sqlite3 load when an engine starts.
 * Everything else (the model's internals, the judges' parts, counting interleavings) is
 * imported by path by the package's own tests.
 *
 * @example Run a scenario and judge it (test/examples/run-a-scenario.ts)
 * ```ts
 * import { findScenario, runScenario, withEngines } from '@dbplay/isolation';
 * import { renderTranscript } from '@dbplay/isolation/render';
 *
 * export async function example(): Promise<string> {
 *   // write skew at repeatable read on the model engine; use 'postgres' for the real server
 *   const scenario = await findScenario('write-skew');
 *   const report = await withEngines(['model'], {}, ([engine]) => {
 *     if (engine === undefined) throw new Error('no engine');
 *     return runScenario({ engine, scenario, level: 'repeatable-read' });
 *   });
 *   const [first] = report.permutations;
 *   console.log(first?.verdict.serializable); // false: both doctors went off call
 *   return renderTranscript(report);
 * }
 * ```
 *
 * @example Step through the model engine (test/examples/step-through-the-model.ts)
 * ```ts
 * import { modelDetails, parseSpec, runPermutation, startModelEngine } from '@dbplay/isolation';
 * import { groupTrace } from '@dbplay/isolation/render';
 *
 * export async function example(): Promise<string[]> {
 *   const scenario = parseSpec(`
 *     setup { create table account (id int primary key, balance int); insert into account values (1, 100); }
 *     session T1
 *     step r1 { select balance from account where id = 1; }
 *     step w1 { update account set balance = balance - 30 where id = 1; }
 *     step c1 { commit; }
 *     session T2
 *     step w2 { update account set balance = balance + 50 where id = 1; }
 *     step c2 { commit; }
 *   `);
 *   const engine = await startModelEngine();
 *   const outcome = await runPermutation({
 *     engine,
 *     scenario,
 *     level: 'read-committed',
 *     permutation: ['r1', 'w2', 'w1', 'c2', 'c1'],
 *     trace: true,
 *   });
 *   await engine.close();
 *   // w1 waits for T2's row lock, then re-reads the row T2 committed (EvalPlanQual)
 *   return groupTrace(modelDetails(outcome)?.steps ?? []).map((group) => group.heading);
 * }
 * ```
 */

// Comparing the model with PostgreSQL, and PostgreSQL's own isolation suite
export type {
  LevelComparison,
  PermutationComparison,
  ScenarioComparison,
} from './compare/compare-engines.ts';
export type { OutcomeDifference } from './compare/compare-outcomes.ts';
export {
  type CompareScenariosOptions,
  type ComparisonSummary,
  compareScenarios,
  parseComparedLevels,
  type ScenariosComparison,
} from './compare/compare-scenarios.ts';
export {
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceTotals,
  findSpecs,
  type PermutationConformance,
  runConformance,
  type SpecConformance,
} from './conformance/run-conformance.ts';
// The multi-session console (dbplay shell's two psql windows in one)
export {
  type ConsoleEvent,
  type ConsoleRun,
  IsolationConsole,
  type IsolationConsoleOptions,
  type SessionState,
} from './console/isolation-console.ts';
export { KeptEngines } from './console/warm-engines.ts';
// Engines and their levels
export type {
  BeginMode,
  EngineRun,
  IsolationEngine,
  OpenOptions,
  Settled,
  WaitingStatement,
} from './engines/engine.ts';
export {
  defaultLevel,
  type EngineName,
  type IsolationLevel,
  levelsOf,
  type ModelLevel,
  type PostgresLevel,
  parseLevel,
  type SqliteLevel,
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

// Judging
export { type AnomalyName, anomalyNamed } from './judge/anomaly-names.ts';
export { type CellKind, type CellOutcome, describeCell } from './judge/classify-outcome.ts';
export type { Prevention } from './judge/prevention.ts';
export type { SsiCheck } from './judge/ssi-check.ts';
export { judgeOutcome, type Verdict } from './judge/verdict.ts';
export type { DirectSerializationGraph, DsgEdge, DsgNode } from './model/dsg/build-dsg.ts';
export type { CycleClass, DependencyCycle } from './model/dsg/classify-cycle.ts';
export { type ModelEngine, startModelEngine } from './model/model-engine.ts';
export { type ModelRunDetails, modelDetails } from './model/model-run-details.ts';
export type { ModelInternals, ModelStep, ModelStepKind } from './model/trace/model-step.ts';
// Running
export type {
  EngineDetails,
  ErrorCause,
  PermutationOutcome,
  ResultSet,
  RunEvent,
  SessionOutcome,
  SessionStatus,
  StatementResult,
  StepError,
  StepOutcome,
  StepStatus,
  TableState,
  Value,
} from './run/outcome.ts';
export { stepsOfEvents } from './run/outcome.ts';
export { RunCache, type RunOptions } from './run/run-cache.ts';
export { type MatrixCell, type MatrixOptions, type MatrixReport, runMatrix } from './run/run-matrix.ts';
export { type RunPermutationOptions, runPermutation } from './run/run-permutation.ts';
export {
  choosePermutations,
  type PermutationChoice,
  type PermutationReport,
  runScenario,
  type ScenarioReport,
  type ScenarioRunOptions,
} from './run/run-scenario.ts';
// Scenarios
export { catalogFor, findScenario, loadCatalog } from './spec/catalog.ts';
export { loadScenarioFile, parseSpec } from './spec/parse-spec.ts';
export type {
  Permutation,
  Scenario,
  ScenarioMetadata,
  ScenarioSession,
  ScenarioStep,
  SqlBlock,
} from './spec/scenario.ts';
