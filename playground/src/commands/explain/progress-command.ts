/**
 * `dbplay explain progress` and `dbplay explain reset`: the learner's record, read from
 * and written to the progress file (no engine starts).
 */
import { BadInputError, renderTable } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadExplainCatalog } from './explain-environment.ts';
import { readLearnerProgress, updateLearnerProgress } from './learner-progress.ts';

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
  const touched = entries.filter(({ mine }) => mine.status !== 'new' || mine.hintsShown > 0 || mine.revealed);
  if (context.json) {
    context.printJson({
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
          'answers shown',
        ],
        touched.map(({ exercise, mine }) => [
          String(exercise.number),
          exercise.id,
          mine.status === 'passed' ? palette.ok('passed') : mine.status,
          String(mine.attempts),
          `${mine.hintsShown}/${exercise.hints.length}`,
          mine.total === 0 ? '' : `${mine.bestCorrect}/${mine.total}`,
          mine.revealed ? 'yes' : '',
        ]),
        { palette },
      ),
    );
  }
  context.print(`${passed.length} of ${entries.length} exercises passed, ${attempted.length} attempted.`);
  if (next !== undefined) context.print(`Next: dbplay explain show ${next.number}  (${next.title})`);
}

export async function resetAction(
  name: string | undefined,
  flags: { yes?: boolean },
  command: Command,
  io: CliIo,
): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const catalog = await loadExplainCatalog(environment);
  const { findExercise } = await import('@dbplay/explain');
  const exercise = name === undefined ? undefined : findExercise(catalog, name);
  const what =
    exercise === undefined
      ? 'all your EXPLAIN progress'
      : `your progress on exercise ${exercise.number} (${exercise.id})`;
  if (flags.yes !== true) {
    // Forgetting progress cannot be undone: ask a person, and make a script say so.
    if (!io.stderrIsTTY) {
      throw new BadInputError(`explain reset forgets ${what}; add --yes to confirm`, { code: 'confirm' });
    }
    const reply = await io.readLine(`Forget ${what}? [y/N] `);
    if (!/^y(es)?$/i.test(reply?.trim() ?? '')) {
      context.print('Nothing reset.');
      return;
    }
  }
  let forgotten = 0;
  await updateLearnerProgress(environment, context, (progress) => {
    forgotten = Object.keys(progress.exercises).length;
    if (exercise === undefined) return { exercises: {} };
    const exercises = { ...progress.exercises };
    delete exercises[exercise.id];
    return { exercises };
  });
  const message =
    exercise === undefined
      ? `Progress reset: ${forgotten} exercises forgotten.`
      : `Progress of exercise ${exercise.number} (${exercise.id}) reset.`;
  if (context.json) context.printJson({ file: environment.progressFile, message });
  else context.print(message);
}
