/**
 * A learner's progress through the lessons, kept in the one progress file the EXPLAIN
 * exercises use (`explain-progress.json` in the state folder), under keys `lesson:<id>`
 * so the two never collide. A lesson counts as *done* once run with a prediction, and as
 * *predicted* once a prediction was right.
 */
import type { Progress } from '@dbplay/explain';
import { progressOf, recordAttempt } from '@dbplay/explain';

export type LessonStatus = 'new' | 'done' | 'predicted';

export function lessonKey(id: string): string {
  return `lesson:${id}`;
}

export function lessonStatus(progress: Progress, id: string): LessonStatus {
  const entry = progressOf(progress, lessonKey(id));
  return entry.status === 'passed' ? 'predicted' : entry.status === 'attempted' ? 'done' : 'new';
}

export function recordLesson(progress: Progress, id: string, predictedRight: boolean): Progress {
  return recordAttempt(progress, lessonKey(id), predictedRight ? 1 : 0, 1);
}
