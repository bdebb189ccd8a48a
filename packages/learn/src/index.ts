/**
 * @dbplay/learn: a guided path through the topics interviews ask about.
 *
 * - lessons: data files (`exercises/lessons/NN-<id>.yaml`) with a predict-first checkpoint,
 *   read and checked with file, line and field in every error ({@link parseLesson});
 * - runs: each checkpoint runs on a live engine through the same libraries the other
 *   commands use (PGlite with pageinspect, the EXPLAIN datasets, the isolation engines,
 *   the B+tree, the storage comparison) and is graded against what the engine did
 *   ({@link runLesson}, {@link validateLesson});
 * - amplification: the B+tree (8 KiB pages, a buffer pool, a WAL) against the LSM-tree on
 *   one workload, with write, read and space amplification ({@link compareStorage}).
 *
 * @example
 * ```ts
 * import { compareStorage } from '@dbplay/learn';
 * const report = await compareStorage({ workload: 'insert', n: 10_000 });
 * console.log(report.btree.writeAmplification, report.lsm.writeAmplification);
 * ```
 *
 * @example
 * ```ts
 * import { findLesson, LessonEngines, loadLessons, runLesson } from '@dbplay/learn';
 * const lessons = await loadLessons('exercises/lessons');
 * const engines = new LessonEngines({ exercisesDir: 'exercises', cacheDir: '/tmp/dbplay-cache' });
 * try {
 *   const result = await runLesson(findLesson(lessons, 'what-an-index-is'), engines, 'b');
 *   console.log(result.grade?.correct, result.run.text);
 * } finally {
 *   await engines.close();
 * }
 * ```
 */

export { bytesWrittenByProcess, writesSettled } from './amplification/bytes-written.ts';
export {
  type CompareOptions,
  compareStorage,
  maxComparisonKeys,
  type SideFigures,
  type StorageComparison,
} from './amplification/compare-storage.ts';
export { type BatchShape, leveldbLogBytes } from './amplification/leveldb-log.ts';
export type { RealEngineFigures } from './amplification/real-engines.ts';
export { renderComparison } from './amplification/render-comparison.ts';
export { buildWorkload, type WorkloadName, workloadNames } from './amplification/workload.ts';
export { checkPrediction, gradePrediction, type PredictionGrade } from './lessons/grade-prediction.ts';
export type * from './lessons/lesson.ts';
export { lessonTopics, topicTitles } from './lessons/lesson.ts';
export {
  findLesson,
  isLessonFileName,
  lessonsByTopic,
  loadLessons,
  nextLesson,
} from './lessons/lesson-catalog.ts';
export { parseLesson, readLessonFile } from './lessons/lesson-file.ts';
export { type LessonStatus, lessonKey, lessonStatus, recordLesson } from './lessons/lesson-progress.ts';
export { LessonEngines, type LessonEnvironment } from './runs/lesson-engines.ts';
export {
  type LessonResult,
  type LessonValidation,
  runCheckpoint,
  runLesson,
  validateLesson,
} from './runs/run-lesson.ts';
export type { RunOutput } from './runs/run-output.ts';
