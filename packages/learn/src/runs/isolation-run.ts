/**
 * An isolation lesson's run: one permutation of a scenario, from the catalog
 * (`exercises/isolation/*.spec`, the same files `dbplay isolation run` reads) or from the
 * lessons folder, on one engine, with the transcript `isolation run` prints.
 *
 * The checkpoint's answer is read off the outcome:
 * - `first-error`: `<session>:<code>` of the first step that failed (`T2:40001`), or `none`;
 * - `first-wait`: the first session that had to wait for another, or `none`;
 * - `committed`: how many sessions committed;
 * - `anomaly`: `observed` or `prevented` (the scenario's anomaly, as the verdict judges it);
 * - `vacuum-removed`, `vacuum-kept` (model only): how many dead row versions the run's first
 *   VACUUM removed, and how many it kept because a snapshot may still need them ("dead but not
 *   yet removable").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, didYouMean } from '@dbplay/core';
import type { IsolationRun } from '../lessons/lesson.ts';
import type { LessonEngines } from './lesson-engines.ts';
import type { RunOutput } from './run-output.ts';

export async function runIsolation(run: IsolationRun, engines: LessonEngines): Promise<RunOutput> {
  const isolation = await import('@dbplay/isolation');
  const scenarios = await isolation.loadCatalog(join(engines.environment.exercisesDir, 'isolation'));
  const ownFile = join(engines.environment.exercisesDir, 'lessons', `${run.scenario}.spec`);
  const scenario =
    scenarios.find((candidate) => candidate.id === run.scenario) ??
    (existsSync(ownFile) ? await isolation.findScenario(ownFile) : undefined);
  if (scenario === undefined) {
    throw new BadInputError(
      `no isolation scenario '${run.scenario}'${didYouMean(
        run.scenario,
        scenarios.map((s) => s.id),
      )}`,
    );
  }
  const engine = await engines.isolationEngine(run.engine);
  const report = await isolation.runScenario({
    engine,
    scenario,
    level: isolation.parseLevel(engine, run.level),
    choice: { kind: 'one', number: run.permutation },
  });
  const permutation = report.permutations[0];
  if (permutation === undefined)
    throw new BadInputError(`scenario ${scenario.id} has no permutation ${run.permutation}`);
  const { outcome, verdict } = permutation;
  let value: string | number;
  switch (run.answer) {
    case 'first-error': {
      const failed = outcome.steps.find((step) => step.error !== null);
      value = failed === undefined ? 'none' : `${failed.session}:${failed.error?.code}`;
      break;
    }
    case 'first-wait': {
      const waited = outcome.steps.find((step) => step.waitedFor.length > 0);
      value = waited === undefined ? 'none' : waited.session;
      break;
    }
    case 'committed':
      value = verdict.committed.length;
      break;
    case 'anomaly':
      value = verdict.anomaly === null ? 'none' : verdict.anomaly.observed ? 'observed' : 'prevented';
      break;
    case 'vacuum-removed':
    case 'vacuum-kept': {
      const vacuum = isolation.modelDetails(outcome)?.maintenance.find((event) => event.kind === 'vacuum');
      if (vacuum?.kind !== 'vacuum')
        throw new BadInputError(`scenario ${scenario.id} runs no VACUUM on the model`);
      value = run.answer === 'vacuum-removed' ? vacuum.report.removed : vacuum.report.recentlyDead;
      break;
    }
  }
  const transcript = (await import('@dbplay/isolation/render')).renderTranscript(report).trimEnd();
  // The model's VACUUMs and prunings, which no transcript line shows.
  const maintenance = isolation.modelDetails(outcome)?.maintenance ?? [];
  return {
    text: [transcript, ...maintenance.map((event) => event.description)].join('\n'),
    value,
    details: { scenario: scenario.id, engine: report.engine, level: report.level, outcome, verdict },
  };
}
