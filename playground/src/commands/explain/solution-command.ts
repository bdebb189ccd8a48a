/**
 * `dbplay explain solution <exercise>`: the reference answers and the explanation, for a
 * learner who asks for them. No engine starts; that they were shown is recorded in the
 * progress (and shown by `explain progress`).
 */
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadOneExercise } from './explain-environment.ts';
import { updateLearnerProgress } from './learner-progress.ts';

export async function solutionAction(name: string, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { exercise } = await loadOneExercise(environment, name);
  const { recordReveal, solutionOf } = await import('@dbplay/explain');
  await updateLearnerProgress(environment, context, (progress) => recordReveal(progress, exercise.id));
  const solution = solutionOf(exercise);
  if (context.json) {
    context.printJson(solution);
    return;
  }
  const { palette } = context;
  const out = [palette.heading(`Exercise ${exercise.number}: ${exercise.title} — the answers`), ''];
  for (const answer of solution.answers) {
    const text = answer.option === null ? answer.answer : `${answer.answer}) ${answer.option}`;
    if (text.includes('\n')) {
      out.push(`${palette.code(answer.name)}:`, ...text.split('\n').map((line) => `    ${line}`));
    } else {
      out.push(`${palette.code(answer.name)}: ${text}`);
    }
  }
  out.push('', palette.heading('Explanation'), exercise.explanation, '', `Read more: ${exercise.docs}`);
  context.print(out.join('\n'));
}
