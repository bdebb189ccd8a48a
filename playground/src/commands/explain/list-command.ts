/**
 * `dbplay explain list`: the path of exercises with each one's status for this learner.
 * Reads only the exercise files and the progress file: no engine starts.
 */
import { renderTable } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog } from './explain-environment.ts';
import { readLearnerProgress } from './learner-progress.ts';
import { difficultyStars } from './render-exercise.ts';

export async function listAction(command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const progress = await readLearnerProgress(environment, context);
  const { progressOf } = await import('@dbplay/explain');
  const rows = catalog.exercises.map((exercise) => {
    const mine = progressOf(progress, exercise.id);
    return { exercise, mine };
  });
  if (context.json) {
    context.printJson({
      exercises: rows.map(({ exercise, mine }) => ({
        number: exercise.number,
        id: exercise.id,
        title: exercise.title,
        topic: exercise.topic,
        difficulty: exercise.difficulty,
        dataset: exercise.dataset,
        status: mine.status,
        attempts: mine.attempts,
        hintsShown: mine.hintsShown,
      })),
    });
    return;
  }
  const { palette } = context;
  const status = (value: string) =>
    value === 'passed' ? palette.ok('✓ passed') : value === 'attempted' ? palette.warn('attempted') : '';
  context.print(
    renderTable(
      [{ header: '#', align: 'right' }, 'id', 'title', 'topic', 'difficulty', 'status'],
      rows.map(({ exercise, mine }) => [
        String(exercise.number),
        exercise.id,
        exercise.title,
        exercise.topic,
        difficultyStars(exercise.difficulty),
        status(mine.status),
      ]),
      { palette },
    ),
  );
  const passed = rows.filter(({ mine }) => mine.status === 'passed').length;
  context.print(
    `${passed} of ${rows.length} passed. Start with: dbplay explain show ${rows.find(({ mine }) => mine.status !== 'passed')?.exercise.number ?? 1}`,
  );
}
