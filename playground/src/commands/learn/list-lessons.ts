/**
 * `dbplay learn`: the lessons by topic, each with the learner's progress (✓ predicted
 * right, · done, blank not yet), and the lesson to take next.
 */
import { renderTable } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { readLearnerProgress } from '../explain/learner-progress.ts';
import { learnEnvironment } from './learn-environment.ts';

export async function listLessonsAction(command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = learnEnvironment(command, io);
  const { lessonStatus, lessonsByTopic, loadLessons, topicTitles } = await import('@dbplay/learn');
  const lessons = await loadLessons(environment.lessonsDir);
  const progress = await readLearnerProgress(environment, context);
  const status = (id: string) => lessonStatus(progress, id);
  const next = lessons.find((lesson) => status(lesson.id) === 'new');
  if (context.json) {
    context.printJson({
      topics: lessonsByTopic(lessons).map(({ topic, lessons: inTopic }) => ({
        topic,
        title: topicTitles[topic],
        lessons: inTopic.map((lesson) => ({
          number: lesson.number,
          id: lesson.id,
          title: lesson.title,
          goal: lesson.goal,
          status: status(lesson.id),
        })),
      })),
      next: next?.id ?? null,
    });
    return;
  }
  const mark = { new: ' ', done: '·', predicted: '✓' } as const;
  for (const { topic, lessons: inTopic } of lessonsByTopic(lessons)) {
    context.print(context.palette.heading(topicTitles[topic]));
    context.print(
      renderTable(
        ['', '#', 'lesson', 'title'],
        inTopic.map((lesson) => [mark[status(lesson.id)], String(lesson.number), lesson.id, lesson.title]),
      ),
    );
    context.print('');
  }
  const done = lessons.filter((lesson) => status(lesson.id) !== 'new').length;
  const right = lessons.filter((lesson) => status(lesson.id) === 'predicted').length;
  context.print(`${done} of ${lessons.length} lessons done, ${right} predicted right (✓ right, · done).`);
  context.print(next === undefined ? 'Every lesson done.' : `Next: dbplay learn ${next.id}`);
}
