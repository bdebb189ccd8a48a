/**
 * The lessons folder: every `NN-<id>.yaml` read and checked, sorted into the path.
 *
 * A lesson is found by its number (`3`), its id (`hot-updates`) or a unique prefix of the
 * id; a misspelt one gets "did you mean". The next lesson is the next file on the path,
 * so the order of the path is the order of the file names.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError, didYouMean } from '@dbplay/core';
import type { Lesson, LessonTopic } from './lesson.ts';
import { lessonTopics } from './lesson.ts';
import { readLessonFile } from './lesson-file.ts';

export function isLessonFileName(name: string): boolean {
  return /^\d+-[a-z0-9-]+\.ya?ml$/.test(name);
}

export async function loadLessons(folder: string): Promise<Lesson[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter(isLessonFileName).sort();
  } catch (error) {
    throw new BadInputError(`cannot read the lessons folder ${folder}`, { cause: error });
  }
  const lessons: Lesson[] = [];
  for (const name of names) lessons.push(await readLessonFile(join(folder, name)));
  const seen = new Map<string, string>();
  for (const lesson of lessons) {
    const other = seen.get(lesson.id);
    if (other !== undefined) {
      throw new BadInputError(`the lesson id '${lesson.id}' is used twice (also in ${other})`, {
        location: lesson.location,
      });
    }
    seen.set(lesson.id, lesson.file);
  }
  return lessons.sort((a, b) => a.number - b.number);
}

export function findLesson(lessons: readonly Lesson[], name: string): Lesson {
  const wanted = name.trim();
  const byNumber = /^\d+$/.test(wanted)
    ? lessons.find((lesson) => lesson.number === Number(wanted))
    : undefined;
  const exact = byNumber ?? lessons.find((lesson) => lesson.id === wanted);
  if (exact !== undefined) return exact;
  const prefixed = lessons.filter((lesson) => lesson.id.startsWith(wanted));
  if (prefixed.length === 1) return prefixed[0] as Lesson;
  const ids = lessons.map((lesson) => lesson.id);
  throw new BadInputError(
    prefixed.length > 1
      ? `'${wanted}' could be ${prefixed.map((lesson) => lesson.id).join(', ')}`
      : `no lesson '${wanted}'${didYouMean(wanted, ids)}`,
    { hint: 'dbplay learn lists the lessons' },
  );
}

/** The lesson after this one on the path, if any. */
export function nextLesson(lessons: readonly Lesson[], lesson: Lesson): Lesson | undefined {
  const index = lessons.indexOf(lesson);
  return index < 0 ? undefined : lessons[index + 1];
}

/** The lessons grouped by topic, topics in the path's order. */
export function lessonsByTopic(lessons: readonly Lesson[]): { topic: LessonTopic; lessons: Lesson[] }[] {
  return lessonTopics
    .map((topic) => ({ topic, lessons: lessons.filter((lesson) => lesson.topic === topic) }))
    .filter((group) => group.lessons.length > 0);
}
