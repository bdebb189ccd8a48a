/**
 * An EXPLAIN lesson's run: a query planned on one of the exercise datasets, in a
 * transaction rolled back afterwards (explorePlan, the same code as `dbplay explain plan`),
 * drawn as `explain plan` draws it, and one field read off one node as the answer.
 */
import { BadInputError } from '@dbplay/core';
import type { ExplainRun } from '../lessons/lesson.ts';
import type { LessonEngines } from './lesson-engines.ts';
import type { RunOutput } from './run-output.ts';

const selectorKeys: Record<string, string> = {
  node: 'node',
  relation: 'relation',
  index: 'index',
  join_type: 'joinType',
  role: 'role',
};

export async function runExplain(run: ExplainRun, engines: LessonEngines): Promise<RunOutput> {
  const explain = await import('@dbplay/explain/plans');
  const pool = await engines.explainSessions();
  const runner = await pool.runner(run.dataset);
  const explored = await explain.explorePlan(runner.session, run.sql, {
    analyze: run.analyze,
    buffers: false,
    timeLimitMs: 60_000,
  });
  const selector = Object.fromEntries(
    Object.entries(run.answer.select).map(([key, value]) => [selectorKeys[key] ?? key, value]),
  );
  const node = explain.selectNodes(explored.plan, selector)[0];
  if (node === undefined) {
    throw new BadInputError(`the plan has no ${explain.describeSelector(selector)} to read the answer from`);
  }
  const field = run.answer.field as Parameters<typeof explain.readField>[1];
  const value = explain.readField(node, field);
  if (value === undefined) {
    throw new BadInputError(`${explain.describeSelector(selector)} has no ${run.answer.field}`);
  }
  return {
    text: [
      `=> explain${run.analyze ? ' analyze' : ''} ${explored.query}`,
      '',
      explain.drawPlan(explored.plan),
    ].join('\n'),
    value,
    details: { query: explored.query, plan: explored.plan.root },
  };
}
