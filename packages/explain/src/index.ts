/**
 * @dbplay/explain: graded EXPLAIN exercises on the real PostgreSQL planner.
 *
 * The front door holds what a library user needs; everything else is reachable by path
 * (the tests import internals that way). Reading order and data flow:
 * docs/architecture/explain.md. The folders:
 *
 * - exercises/: the YAML format, the catalog, answer files, what a learner sees
 * - grading/: the grader, class grading, validation, progress
 * - plans/: EXPLAIN (FORMAT JSON) as a typed tree, drawn like psql's, with notes; the second
 *   entry point, `@dbplay/explain/plans` (src/plans/index.ts)
 * - sessions/: cached datasets, PGlite in a worker thread with a time limit, or a server by URL
 *
 * Start with `gradeExercise` (grading/grade-exercise.ts): its `@example` grades one answer on
 * PGlite, and is compiled and run by the tests (test/examples/).
 */

export { type AnswerFile, readAnswerFile } from './exercises/answers-file.ts';
export type * from './exercises/exercise.ts';
export { type Catalog, findExercise, loadCatalog, loadExercise } from './exercises/exercise-catalog.ts';
export { parseExercise, readExerciseFile } from './exercises/exercise-file.ts';
export {
  type ExerciseView,
  exerciseViewJson,
  type QuestionView,
  type TableDescription,
  viewExercise,
} from './exercises/exercise-view.ts';
// The tolerance of number answers, and the YAML reader: @dbplay/learn's lesson files use both.
export { readTolerance, type Tolerance, withinTolerance } from './exercises/tolerance.ts';
export { parseYaml, YamlReader, type YamlTree } from './exercises/yaml-reader.ts';
export { checkAnswers } from './grading/check-answers.ts';
export { ExerciseDefinitionError } from './grading/evaluate.ts';
export type { Answers, ExerciseGrade, FixOutcome, GradeOptions, QuestionGrade } from './grading/grade.ts';
export {
  answerFilesIn,
  type ClassReport,
  classReportMarkdown,
  type ExerciseSummary,
  gradeClass,
  type StudentReport,
} from './grading/grade-class.ts';
export { gradeExercise } from './grading/grade-exercise.ts';
export { type GradeJson, gradeJson } from './grading/grade-json.ts';
export {
  type ExerciseProgress,
  type ExerciseStatus,
  type LoadedProgress,
  loadProgress,
  type Progress,
  ProgressFileError,
  progressOf,
  recordAttempt,
  recordReveal,
  saveProgress,
  updateProgress,
  withExercise,
} from './grading/progress-store.ts';
export { type Solution, solutionOf } from './grading/solution.ts';
export {
  type ExerciseValidation,
  referenceAnswers,
  validateExercises,
  validationJson,
} from './grading/validate-exercise.ts';
export { type Dataset, loadDatasets } from './sessions/dataset.ts';
export { type BuildProgress, describeBuild } from './sessions/dataset-cache.ts';
export { KeptSessions } from './sessions/kept-sessions.ts';
export { runLearnerSql } from './sessions/learner-statement.ts';
export { cleanupServer, type ServerCleanup } from './sessions/server-leftovers.ts';
export { ServerSessionFactory } from './sessions/server-session.ts';
export { SessionPool } from './sessions/session-pool.ts';
export {
  type EngineInfo,
  type SessionFactory,
  SqlError,
  type SqlResult,
  type SqlSession,
  TimeLimitError,
} from './sessions/sql-session.ts';
export { PgliteSessionFactory } from './sessions/worker-session.ts';
