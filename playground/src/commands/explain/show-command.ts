/**
 * `dbplay explain show <exercise>`: everything a learner needs to answer, read from the
 * dataset and the planner, never the answers.
 */
import { BadInputError } from '@dbplay/core';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import { writeHtmlPage } from '../../html-output.ts';
import { explainPlansPage } from '../../html-pages.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadOneExercise, sessionFactory } from './explain-environment.ts';
import { renderExercise } from './render-exercise.ts';

export async function showAction(name: string, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { catalog, exercise } = await loadOneExercise(environment, name);
  const { exerciseViewJson, SessionPool, viewExercise } = await import('@dbplay/explain');
  const pool = new SessionPool(await sessionFactory(environment, catalog, context));
  try {
    const view = await viewExercise(await pool.runner(exercise.dataset), exercise);
    if (context.json) {
      context.printJson(exerciseViewJson(exercise, view));
    } else {
      context.print(await renderExercise(exercise, view, context));
      if (
        environment.url !== undefined &&
        !exercise.checkedOn.some((version) => version.includes(view.engine.version))
      ) {
        context.print(
          context.palette.warn(
            `Note: this exercise was checked on ${exercise.checkedOn.join(', ')}; PostgreSQL ${view.engine.version} may plan differently.`,
          ),
        );
      }
    }
    const html = command.opts<{ html?: string }>().html;
    if (html !== undefined) {
      if (view.plan === undefined)
        throw new BadInputError(`exercise ${exercise.number} hides its plan: --html has nothing to draw`);
      const page = await explainPlansPage(
        `EXPLAIN exercise ${exercise.number}: ${exercise.title}`,
        `dbplay explain show ${name} · dataset ${exercise.dataset}`,
        [{ label: "the exercise's plan", sql: exercise.query, plan: view.plan }],
      );
      await writeHtmlPage(context, html, page);
    }
  } finally {
    await pool.close();
  }
}
