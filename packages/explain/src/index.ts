/**
 * @dbplay/explain: graded EXPLAIN exercises on the real PostgreSQL planner.
 *
 * - datasets: deterministic SQL, built once and cached as PGlite data directories
 * - sessions: PGlite in a worker thread with a time limit, or a server by URL
 * - plans: EXPLAIN (FORMAT JSON) as a typed tree, drawn like psql's, with analyser notes
 * - exercises: the YAML format, the grader, validation, class grading and progress
 */

export { type AnswerFile, parseAnswerFile, readAnswerFile } from './answers-file.ts';
export { checkFixSql } from './check-fix-sql.ts';
export { type Dataset, datasetKey, loadDatasets } from './dataset.ts';
export { ensureSnapshot, pgliteVersion, type Snapshot } from './dataset-cache.ts';
export { costliestNodes, type DrawPlanOptions, drawPlan } from './draw-plan.ts';
export { ExerciseDefinitionError } from './evaluate.ts';
export type * from './exercise.ts';
export {
  type Catalog,
  findExercise,
  isExerciseFileName,
  loadCatalog,
  loadExercise,
} from './exercise-catalog.ts';
export { parseExercise, readExerciseFile } from './exercise-file.ts';
export { ExerciseRunner, explainStatement } from './exercise-transaction.ts';
export {
  type ExerciseView,
  type QuestionView,
  type TableDescription,
  viewExercise,
} from './exercise-view.ts';
export { type ExploredPlan, type ExplorePlanOptions, explorePlan } from './explore-plan.ts';
export {
  answerFilesIn,
  type ClassReport,
  classReportMarkdown,
  type ExerciseSummary,
  gradeClass,
  type StudentReport,
} from './grade-class.ts';
export {
  type Answers,
  type ExerciseGrade,
  type FixOutcome,
  type GradeOptions,
  gradeExercise,
  parseNumber,
  type QuestionGrade,
} from './grade-exercise.ts';
export { displayNodeName, normaliseNodeName } from './plan-node-name.ts';
export { filterColumns, nodeLabel, type PlanNote, planNotes } from './plan-notes.ts';
export { describeSelector, readField, selectNodes } from './plan-query.ts';
export {
  estimateFactor,
  exclusiveCosts,
  filteredFraction,
  type Plan,
  type PlanNode,
  parsePlan,
} from './plan-tree.ts';
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
} from './progress-store.ts';
export { ServerSessionFactory } from './server-session.ts';
export { inDatasetOrder, SessionPool } from './session-pool.ts';
export {
  type EngineInfo,
  type SessionFactory,
  SqlError,
  type SqlResult,
  type SqlSession,
  TimeLimitError,
} from './sql-session.ts';
export { statementKind } from './statement-kind.ts';
export {
  type ExerciseValidation,
  fingerprint,
  referenceAnswers,
  validateExercises,
} from './validate-exercise.ts';
export { PgliteSessionFactory, WorkerSession } from './worker-session.ts';
