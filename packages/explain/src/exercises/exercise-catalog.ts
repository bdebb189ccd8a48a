/**
 * The catalog: every exercise file of a folder, in path order, with the datasets beside
 * them (`<folder>/datasets/*.sql`).
 *
 * Exercises are numbered by their file names (`01-reading-a-plan.yaml`), so the path
 * reads in order in a directory listing and `dbplay explain show 7` means the seventh
 * step. A learner can name one by number or by id.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, didYouMean } from '@dbplay/core';
import { type Dataset, loadDatasets } from '../sessions/dataset.ts';
import type { Exercise } from './exercise.ts';
import { readExerciseFile } from './exercise-file.ts';

export interface Catalog {
  readonly folder: string;
  readonly exercises: readonly Exercise[];
  readonly datasets: ReadonlyMap<string, Dataset>;
}

export function isExerciseFileName(name: string): boolean {
  return /^\d+-.*\.ya?ml$/.test(name);
}

/** Reads every exercise of a folder; the first bad file stops it with its file and line. */
export async function loadCatalog(folder: string): Promise<Catalog> {
  const datasets = await loadDatasets(join(folder, 'datasets'));
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isExerciseFileName).sort();
  } catch (error) {
    throw new BadInputError(`cannot read the exercises folder ${folder}`, { cause: error });
  }
  const exercises: Exercise[] = [];
  for (const name of names) {
    exercises.push(await readExerciseFile(join(folder, name), { datasets: [...datasets.keys()] }));
  }
  checkUnique(exercises);
  return { folder, exercises, datasets };
}

function checkUnique(exercises: readonly Exercise[]): void {
  const byNumber = new Map<number, Exercise>();
  const byId = new Map<string, Exercise>();
  for (const exercise of exercises) {
    const sameNumber = byNumber.get(exercise.number);
    if (sameNumber !== undefined) {
      throw new BadInputError(`exercise number ${exercise.number} is also used by ${sameNumber.file}`, {
        location: { file: exercise.file, line: 1 },
      });
    }
    const sameId = byId.get(exercise.id);
    if (sameId !== undefined) {
      throw new BadInputError(`exercise id '${exercise.id}' is also used by ${sameId.file}`, {
        location: { file: exercise.file, line: 1 },
      });
    }
    byNumber.set(exercise.number, exercise);
    byId.set(exercise.id, exercise);
  }
}

/**
 * One exercise, named by number or id, reading only its own file (found by its name,
 * `NN-<id>.yaml`): what `show` and `answer` need, without parsing the whole catalog. A
 * name no file matches falls back to the catalog, for its "did you mean".
 */
export async function loadExercise(
  folder: string,
  name: string,
): Promise<{ catalog: Catalog; exercise: Exercise }> {
  const datasets = await loadDatasets(join(folder, 'datasets'));
  let names: string[] = [];
  try {
    names = (await readdir(folder)).filter(isExerciseFileName);
  } catch {
    // loadCatalog below reports the unreadable folder.
  }
  const wanted = name.trim();
  const match = names.filter((file) => {
    const parts = /^(\d+)-(.*)\.ya?ml$/.exec(file);
    return (
      parts !== null && (/^\d+$/.test(wanted) ? Number(parts[1]) === Number(wanted) : parts[2] === wanted)
    );
  });
  if (match.length === 1) {
    const exercise = await readExerciseFile(join(folder, match[0] as string), {
      datasets: [...datasets.keys()],
    });
    return { catalog: { folder, exercises: [exercise], datasets }, exercise };
  }
  const catalog = await loadCatalog(folder);
  return { catalog, exercise: findExercise(catalog, wanted) };
}

/** The exercise a learner named, by number (`7`) or id (`loops`). */
export function findExercise(catalog: Catalog, name: string): Exercise {
  const trimmed = name.trim();
  const found = /^\d+$/.test(trimmed)
    ? catalog.exercises.find((exercise) => exercise.number === Number(trimmed))
    : catalog.exercises.find((exercise) => exercise.id === trimmed);
  if (found !== undefined) return found;
  const ids = catalog.exercises.map((exercise) => exercise.id);
  const last = catalog.exercises[catalog.exercises.length - 1]?.number ?? 0;
  throw new BadInputError(
    `no exercise '${trimmed}'${didYouMean(trimmed, ids)}; exercises are numbered 1 to ${last}`,
    { hint: "see 'dbplay explain list'", code: 'unknown-exercise' },
  );
}
