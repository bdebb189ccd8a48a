/**
 * @dbplay/explain: graded EXPLAIN exercises on the real PostgreSQL planner.
 *
 * - datasets: deterministic SQL, built once and cached as PGlite data directories
 * - sessions: PGlite in a worker thread with a time limit, or a server by URL
 * - plans: EXPLAIN (FORMAT JSON) as a typed tree, drawn like psql's, with analyser notes
 * - exercises: the YAML format, the grader, validation, class grading and progress
 */

export { type AnswerFile, parseAnswerFile, readAnswerFile } from './exercises/answers-file.ts';
export type * from './exercises/exercise.ts';
export {
  type Catalog,
  findExercise,
  isExerciseFileName,
  loadCatalog,
  loadExercise,
} from './exercises/exercise-catalog.ts';
export { parseExercise, readExerciseFile } from './exercises/exercise-file.ts';
export {
  type ExerciseView,
  type QuestionView,
  type TableDescription,
  viewExercise,
} from './exercises/exercise-view.ts';
export { checkFixSql } from './grading/check-fix-sql.ts';
export { ExerciseDefinitionError } from './grading/evaluate.ts';
export {
  answerFilesIn,
  type ClassReport,
  classReportMarkdown,
  type ExerciseSummary,
  gradeClass,
  type StudentReport,
} from './grading/grade-class.ts';
export {
  type Answers,
  type ExerciseGrade,
  type FixOutcome,
  type GradeOptions,
  gradeExercise,
  parseNumber,
  type QuestionGrade,
} from './grading/grade-exercise.ts';
export {
  type ExerciseProgress,
  type ExerciseStatus,
  type LoadedProgress,
  loadProgress,
  type Progress,
  progressOf,
  recordAttempt,
  saveProgress,
  withExercise,
} from './grading/progress-store.ts';
export { sameRows } from './grading/same-rows.ts';
export { type SqlStatement, splitStatements } from './grading/split-statements.ts';
export { statementKind } from './grading/statement-kind.ts';
export {
  type ExerciseValidation,
  fingerprint,
  referenceAnswers,
  validateExercises,
} from './grading/validate-exercise.ts';
export { costliestNodes, type DrawPlanOptions, drawPlan } from './plans/draw-plan.ts';
export { type ExploredPlan, type ExplorePlanOptions, explorePlan } from './plans/explore-plan.ts';
export { displayNodeName, normaliseNodeName } from './plans/plan-node-name.ts';
export { filterColumns, nodeLabel, type PlanNote, planNotes } from './plans/plan-notes.ts';
export { describeSelector, readField, selectNodes } from './plans/plan-query.ts';
export {
  estimateFactor,
  exclusiveCosts,
  filteredFraction,
  type Plan,
  type PlanNode,
  parsePlan,
} from './plans/plan-tree.ts';
export { type Dataset, datasetKey, loadDatasets } from './sessions/dataset.ts';
export { ensureSnapshot, pgliteVersion, type Snapshot } from './sessions/dataset-cache.ts';
export { ExerciseRunner, explainStatement } from './sessions/exercise-transaction.ts';
export { ServerSessionFactory } from './sessions/server-session.ts';
export { inDatasetOrder, SessionPool } from './sessions/session-pool.ts';
export {
  type EngineInfo,
  type SessionFactory,
  SqlError,
  type SqlResult,
  type SqlSession,
  TimeLimitError,
} from './sessions/sql-session.ts';
export { PgliteSessionFactory, WorkerSession } from './sessions/worker-session.ts';
