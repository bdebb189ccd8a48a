/**
 * `dbplay explain show <exercise>`: everything a learner needs to answer, read from the
 * dataset and the planner, never the answers.
 */
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { explainEnvironment, loadOneExercise, sessionFactory } from './explain-environment.ts';
import { planJson } from './plan-json.ts';
import { renderExercise } from './render-exercise.ts';

export async function showAction(name: string, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const environment = explainEnvironment(command, io);
  const { catalog, exercise } = await loadOneExercise(environment, name);
  const { SessionPool, viewExercise } = await import('@dbplay/explain');
  const pool = new SessionPool(await sessionFactory(environment, catalog, context));
  try {
    const view = await viewExercise(await pool.runner(exercise.dataset), exercise);
    if (context.json) {
      context.printJson({
        ok: true,
        engine: view.engine,
        exercise: {
          number: exercise.number,
          id: exercise.id,
          title: exercise.title,
          topic: exercise.topic,
          difficulty: exercise.difficulty,
          dataset: exercise.dataset,
          checkedOn: exercise.checkedOn,
          prompt: exercise.prompt,
          setup: exercise.setup,
          query: exercise.query,
          explain: exercise.explain,
          tables: view.tables,
          facts: view.facts,
          plan: planJson(view.plan),
          questions: view.questions,
          hints: exercise.hints.length,
          docs: exercise.docs,
        },
      });
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
  } finally {
    await pool.close();
  }
}
