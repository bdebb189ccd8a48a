/**
 * A learner's progress: which exercises they passed, how many attempts and hints they
 * used, whether they asked to see the answers, kept in one small JSON file in their state
 * folder.
 *
 * The file is only ever replaced whole (written to a temporary name, then renamed), so an
 * interrupted write leaves the old file. If it cannot be read as progress (edited by
 * hand, truncated by a full disk), it is not wiped: it is moved aside to
 * `<name>.corrupt-<time>` and the learner is told where, and progress starts afresh.
 *
 * Two `dbplay explain answer` processes may finish at once. Each reads the file, adds its
 * attempt and writes the file back; without care the second write loses the first's
 * attempt (a lost update, as in the isolation lessons). So {@link updateProgress} holds a
 * lock file (`<name>.lock`, created with O_EXCL, which exactly one process can do) for the
 * read-modify-write, a few milliseconds. A lock whose process is gone is taken over; the
 * window in which a holder can die is that short write, so the takeover is rare.
 */
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BadInputError, processExists } from '@dbplay/core';
export type ExerciseStatus = 'new' | 'attempted' | 'passed';

export interface ExerciseProgress {
  readonly status: ExerciseStatus;
  readonly attempts: number;
  /** How many hints have been shown (they are shown in order). */
  readonly hintsShown: number;
  /** The best score so far: correct questions out of all. */
  readonly bestCorrect: number;
  readonly total: number;
  /** Whether the learner asked to see the answers (`--reveal`, `explain solution`). */
  readonly revealed: boolean;
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
  revealed: false,
};

/** The progress file (or its folder) cannot be read or written: bad input (exit 2), with the path. */
export class ProgressFileError extends BadInputError {
  readonly file: string;

  constructor(file: string, action: 'read' | 'write', error: unknown) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    super(
      `cannot ${action} the progress file ${file}${code === undefined ? '' : ` (${describeErrno(code)})`}`,
      {
        code: 'progress-file',
        hint: 'set DBPLAY_STATE to a folder you can write',
        cause: error,
      },
    );
    this.file = file;
  }
}

function describeErrno(code: string): string {
  const meanings: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    ENOSPC: 'no space left on the device',
  };
  return meanings[code] ?? code;
}

export async function loadProgress(file: string, now: Date): Promise<LoadedProgress> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing file, or a missing folder on the way to it: nothing recorded yet.
    if (code === 'ENOENT') return { progress: emptyProgress, backedUpTo: undefined };
    throw new ProgressFileError(file, 'read', error);
  }
  const parsed = parseProgress(text);
  if (parsed !== undefined) return { progress: parsed, backedUpTo: undefined };
  const backup = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, backup);
  } catch (error) {
    throw new ProgressFileError(file, 'write', error);
  }
  return { progress: emptyProgress, backedUpTo: backup };
}

export async function saveProgress(file: string, progress: Progress): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temporary, `${JSON.stringify({ version: 1, ...progress }, null, 2)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw new ProgressFileError(file, 'write', error);
  }
}

/**
 * Reads the progress, applies `update` and writes the result, holding the lock throughout,
 * so that no other process's update is lost in between. Returns the progress as written.
 */
export async function updateProgress(
  file: string,
  now: Date,
  update: (progress: Progress) => Progress,
): Promise<LoadedProgress> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (error) {
    throw new ProgressFileError(file, 'write', error);
  }
  const release = await lock(`${file}.lock`, file);
  try {
    const loaded = await loadProgress(file, now);
    const progress = update(loaded.progress);
    await saveProgress(file, progress);
    return { progress, backedUpTo: loaded.backedUpTo };
  } finally {
    await release();
  }
}

/** How long to wait for another process's lock before saying who holds it. */
const lockWaitMs = 10_000;

async function lock(lockFile: string, file: string): Promise<() => Promise<void>> {
  const started = Date.now();
  for (;;) {
    try {
      // O_EXCL: of every process trying at once, exactly one creates the file.
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(lockFile).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new ProgressFileError(file, 'write', error);
    }
    const holder = await lockHolder(lockFile);
    if (holder === 'gone') {
      await unlink(lockFile).catch(() => {});
      continue;
    }
    if (Date.now() - started > lockWaitMs) {
      throw new BadInputError(
        `the progress file ${file} is locked by ${holder === 'unknown' ? 'another process' : `process ${holder}`}`,
        { code: 'progress-locked', hint: `if no dbplay is running, delete ${lockFile}` },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
  }
}

/** The pid holding a lock file, 'gone' when that process no longer exists. */
async function lockHolder(lockFile: string): Promise<number | 'gone' | 'unknown'> {
  try {
    const pid = Number(await readFile(lockFile, 'utf8'));
    if (Number.isInteger(pid) && pid > 0) return processExists(pid) ? pid : 'gone';
    // Empty: its creator is between creating and writing it, or died there.
    const age = Date.now() - (await stat(lockFile)).mtimeMs;
    return age > 2_000 ? 'gone' : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function progressOf(progress: Progress, id: string): ExerciseProgress {
  return progress.exercises[id] ?? newExercise;
}

export function withExercise(progress: Progress, id: string, update: ExerciseProgress): Progress {
  return { exercises: { ...progress.exercises, [id]: update } };
}

/** Records that the learner was shown the answers of an exercise. */
export function recordReveal(progress: Progress, id: string): Progress {
  return withExercise(progress, id, { ...progressOf(progress, id), revealed: true });
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
    if (e.revealed !== undefined && typeof e.revealed !== 'boolean') return undefined;
    // Files written before answers could be revealed have no `revealed`.
    exercises[id] = { ...(e as ExerciseProgress), revealed: e.revealed === true };
  }
  return { exercises };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
