/**
 * The free playground: the plan of any SQL on a dataset, with nothing graded.
 *
 * The script's statements before the last one run first (an index to try, a setting),
 * the last one is explained, and everything is rolled back, so the dataset is the same
 * for the next experiment. The time limit applies as it does to a learner's fix.
 */
import { BadInputError, splitStatements } from '@dbplay/core';
import { statementKind } from '../grading/statement-kind.ts';
import { explainStatement } from '../sessions/exercise-transaction.ts';
import type { EngineInfo, SqlSession } from '../sessions/sql-session.ts';
import { planJson } from './plan-json.ts';
import { planNotes } from './plan-notes.ts';
import type { Plan } from './plan-tree.ts';
import { parsePlan } from './plan-tree.ts';

export interface ExplorePlanOptions {
  readonly analyze: boolean;
  readonly buffers: boolean;
  readonly timeLimitMs: number;
}

export interface ExploredPlan {
  readonly engine: EngineInfo;
  readonly plan: Plan;
  /** The statement that was explained. */
  readonly query: string;
}

export async function explorePlan(
  session: SqlSession,
  sql: string,
  options: ExplorePlanOptions,
): Promise<ExploredPlan> {
  const statements = splitStatements(sql);
  const last = statements[statements.length - 1];
  if (last === undefined) throw new BadInputError('no SQL to explain');
  for (const statement of statements) {
    const kind = statementKind(statement.text);
    if (kind === 'transaction-control' || kind === 'not-in-transaction' || kind === 'vacuum') {
      throw new BadInputError(
        `line ${statement.line}: the playground runs your SQL in a transaction it rolls back, so it cannot run '${statement.text.split(/\s+/)[0]}'`,
      );
    }
  }
  const engine = await session.engine();
  const deadline = performance.now() + options.timeLimitMs;
  const remaining = () => ({ timeLimitMs: Math.max(1, Math.round(deadline - performance.now())) });
  await session.exec('begin');
  let ok = false;
  try {
    for (const statement of statements.slice(0, -1)) await session.exec(statement.text, remaining());
    const result = await session.query(explainStatement(last.text, options), remaining());
    ok = true;
    return { engine, plan: parsePlan(result.rows[0]?.[0]), query: last.text };
  } finally {
    if (ok) await session.exec('rollback');
    else await session.exec('rollback').catch(() => session.restart());
  }
}

/** The JSON document of `dbplay explain plan --json`: the plan, and the notes the drawing shows under it. */
export function exploredPlanJson(explored: ExploredPlan, dataset: string) {
  return {
    ok: true as const,
    engine: explored.engine,
    dataset,
    query: explored.query,
    plan: planJson(explored.plan),
    notes: planNotes(explored.plan),
  };
}
