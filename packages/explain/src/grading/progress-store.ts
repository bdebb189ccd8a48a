/**
 * A learner's progress: which exercises they passed, how many attempts and hints they
 * used, kept in one small JSON file in their state folder.
 *
 * The file is only ever replaced whole (written to a temporary name, then renamed), so an
 * interrupted write leaves the old file. If it cannot be read as progress (edited by
 * hand, truncated by a full disk), it is not wiped: it is moved aside to
 * `<name>.corrupt-<time>` and the learner is told where, and progress starts afresh.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type ExerciseStatus = 'new' | 'attempted' | 'passed';

export interface ExerciseProgress {
  readonly status: ExerciseStatus;
  readonly attempts: number;
  /** How many hints have been shown (they are shown in order). */
  readonly hintsShown: number;
  /** The best score so far: correct questions out of all. */
  readonly bestCorrect: number;
  readonly total: number;
}

export interface Progress {
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
}

export interface LoadedProgress {
  readonly progress: Progress;
  /** Set when the file was unreadable and was moved to this path. */
  readonly backedUpTo: string | undefined;
}

const emptyProgress: Progress = { exercises: {} };

const newExercise: ExerciseProgress = {
  status: 'new',
  attempts: 0,
  hintsShown: 0,
  bestCorrect: 0,
  total: 0,
};

export async function loadProgress(file: string, now: Date): Promise<LoadedProgress> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { progress: emptyProgress, backedUpTo: undefined };
    throw error;
  }
  const parsed = parseProgress(text);
  if (parsed !== undefined) return { progress: parsed, backedUpTo: undefined };
  const backup = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, backup);
  return { progress: emptyProgress, backedUpTo: backup };
}

export async function saveProgress(file: string, progress: Progress): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ version: 1, ...progress }, null, 2)}\n`);
  await rename(temporary, file);
}

export function progressOf(progress: Progress, id: string): ExerciseProgress {
  return progress.exercises[id] ?? newExercise;
}

export function withExercise(progress: Progress, id: string, update: ExerciseProgress): Progress {
  return { exercises: { ...progress.exercises, [id]: update } };
}

/** Records a graded attempt: passed once, passed for good. */
export function recordAttempt(progress: Progress, id: string, correct: number, total: number): Progress {
  const before = progressOf(progress, id);
  const passed = before.status === 'passed' || correct === total;
  return withExercise(progress, id, {
    ...before,
    status: passed ? 'passed' : 'attempted',
    attempts: before.attempts + 1,
    bestCorrect: Math.max(before.bestCorrect, correct),
    total,
  });
}

function parseProgress(text: string): Progress | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as { version?: unknown; exercises?: unknown };
  if (record.version !== 1 || typeof record.exercises !== 'object' || record.exercises === null)
    return undefined;
  const exercises: Record<string, ExerciseProgress> = {};
  for (const [id, entry] of Object.entries(record.exercises as Record<string, unknown>)) {
    const e = entry as Partial<ExerciseProgress> | null;
    if (
      e === null ||
      typeof e !== 'object' ||
      !['new', 'attempted', 'passed'].includes(String(e.status)) ||
      !isCount(e.attempts) ||
      !isCount(e.hintsShown) ||
      !isCount(e.bestCorrect) ||
      !isCount(e.total)
    ) {
      return undefined;
    }
    exercises[id] = e as ExerciseProgress;
  }
  return { exercises };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
