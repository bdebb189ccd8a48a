/**
 * `dbplay explain hint <exercise>`: hints come one at a time, each a little more
 * telling; the ones already seen are shown again above the new one.
 */
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadOneExercise } from './explain-environment.ts';
import { updateLearnerProgress } from './learner-progress.ts';

export async function hintAction(name: string, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { exercise } = await loadOneExercise(environment, name);
  const { progressOf, withExercise } = await import('@dbplay/explain');
  const progress = await updateLearnerProgress(environment, context, (progress) => {
    const mine = progressOf(progress, exercise.id);
    return withExercise(progress, exercise.id, {
      ...mine,
      hintsShown: Math.min(exercise.hints.length, mine.hintsShown + 1),
    });
  });
  const shown = progressOf(progress, exercise.id).hintsShown;
  const hints = exercise.hints.slice(0, shown);
  if (context.json) {
    context.printJson({ exercise: exercise.id, hints, remaining: exercise.hints.length - shown });
    return;
  }
  hints.forEach((hint, index) => {
    const text = `Hint ${index + 1} of ${exercise.hints.length}: ${hint.trim()}`;
    context.print(index === hints.length - 1 ? text : context.palette.dim(text));
  });
  if (shown === exercise.hints.length) context.print(context.palette.dim('That was the last hint.'));
}
