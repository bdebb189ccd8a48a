/**
 * `dbplay explain progress` and `dbplay explain reset`: the learner's record, read from
 * and written to the progress file (no engine starts).
 */
import { renderTable } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog } from './explain-environment.ts';
import { readLearnerProgress, writeLearnerProgress } from './learner-progress.ts';

export async function progressAction(command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const progress = await readLearnerProgress(environment, context);
  const { progressOf } = await import('@dbplay/explain');
  const entries = catalog.exercises.map((exercise) => ({
    exercise,
    mine: progressOf(progress, exercise.id),
  }));
  const passed = entries.filter(({ mine }) => mine.status === 'passed');
  const attempted = entries.filter(({ mine }) => mine.status === 'attempted');
  const next = entries.find(({ mine }) => mine.status !== 'passed')?.exercise;
  const touched = entries.filter(({ mine }) => mine.status !== 'new' || mine.hintsShown > 0);
  if (context.json) {
    context.printJson({
      ok: true,
      file: environment.progressFile,
      passed: passed.length,
      attempted: attempted.length,
      total: entries.length,
      next: next === undefined ? null : { number: next.number, id: next.id },
      exercises: touched.map(({ exercise, mine }) => ({ number: exercise.number, id: exercise.id, ...mine })),
    });
    return;
  }
  const { palette } = context;
  if (touched.length > 0) {
    context.print(
      renderTable(
        [
          { header: '#', align: 'right' },
          'exercise',
          'status',
          { header: 'attempts', align: 'right' },
          { header: 'hints', align: 'right' },
          { header: 'best', align: 'right' },
        ],
        touched.map(({ exercise, mine }) => [
          String(exercise.number),
          exercise.id,
          mine.status === 'passed' ? palette.ok('passed') : mine.status,
          String(mine.attempts),
          `${mine.hintsShown}/${exercise.hints.length}`,
          mine.total === 0 ? '' : `${mine.bestCorrect}/${mine.total}`,
        ]),
        { palette },
      ),
    );
  }
  context.print(`${passed.length} of ${entries.length} exercises passed, ${attempted.length} attempted.`);
  if (next !== undefined) context.print(`Next: dbplay explain show ${next.number}  (${next.title})`);
}

export async function resetAction(name: string | undefined, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const progress = await readLearnerProgress(environment, context);
  const { findExercise } = await import('@dbplay/explain');
  let remaining: typeof progress;
  let message: string;
  if (name === undefined) {
    remaining = { exercises: {} };
    message = `Progress reset: ${Object.keys(progress.exercises).length} exercises forgotten.`;
  } else {
    const exercise = findExercise(catalog, name);
    const exercises = { ...progress.exercises };
    delete exercises[exercise.id];
    remaining = { exercises };
    message = `Progress of exercise ${exercise.number} (${exercise.id}) reset.`;
  }
  await writeLearnerProgress(environment, remaining);
  if (context.json) context.printJson({ ok: true, file: environment.progressFile, message });
  else context.print(message);
}
