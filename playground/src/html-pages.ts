/**
 * The page of a command's report, for the groups whose report is not a list of steps
 * already: an isolation run (one permutation: its events, and the model's steps when the
 * model ran it) and EXPLAIN plans (each with the analyser's figures). The B+tree and LSM
 * commands hand their recorded steps to @dbplay/viewer directly.
 *
 * Each function reads what the page needs with the package's own helpers (the step outcome
 * of each event, the model's details, each node's own cost), so that the page says exactly
 * what the terminal says.
 */
import { BadInputError } from '@dbplay/core';
import type { Plan } from '@dbplay/explain/plans';
import type { ScenarioReport } from '@dbplay/isolation';
import type { PageData } from '@dbplay/viewer';

/** The page of one permutation of an isolation run. */
export async function isolationRunPage(report: ScenarioReport): Promise<PageData> {
  const [only, ...more] = report.permutations;
  if (only === undefined || more.length > 0) {
    throw new BadInputError(`--html draws one permutation, and this run has ${report.permutations.length}`, {
      hint: 'pick one with --permutation K',
    });
  }
  const [{ modelDetails, stepsOfEvents }, { isolationPage }] = await Promise.all([
    import('@dbplay/isolation'),
    import('@dbplay/viewer'),
  ]);
  return isolationPage({
    title: `${report.scenario.id} at ${report.level}`,
    subtitle: `dbplay isolation run ${report.scenario.id} on ${report.engineDescription} · ${report.beginStatement}`,
    engine: report.engine,
    level: report.level,
    sessions: report.scenario.sessions.map((session) => session.name),
    outcome: only.outcome,
    eventOutcomes: stepsOfEvents(only.outcome),
    model: modelDetails(only.outcome),
    verdict: only.verdict.explanation,
  });
}

export interface LabelledPlan {
  readonly label: string;
  readonly sql: string;
  readonly plan: Plan;
}

/** The page of one or more EXPLAIN plans (an exercise's, a learner's, the reference's). */
export async function explainPlansPage(
  title: string,
  subtitle: string,
  plans: readonly LabelledPlan[],
): Promise<PageData> {
  const [explain, { explainPage }] = await Promise.all([
    import('@dbplay/explain/plans'),
    import('@dbplay/viewer'),
  ]);
  return explainPage({
    title,
    subtitle,
    plans: plans.map(({ label, sql, plan }) => ({
      label,
      sql,
      plan,
      notes: explain.planNotes(plan),
      exclusiveCosts: explain.exclusiveCosts(plan),
      labelOf: explain.nodeLabel,
      estimateFactor: explain.estimateFactor,
    })),
  });
}
