/**
 * The free playground: the plan of any SQL on a dataset, with nothing graded.
 *
 * The script's statements before the last one run first (an index to try, a setting),
 * the last one is explained, and everything is rolled back, so the dataset is the same
 * for the next experiment. The time limit applies as it does to a learner's fix.
 */
import { BadInputError, splitStatements } from '@dbplay/core';
import { refusedLearnerStatement } from '../grading/learner-sql-guard.ts';
import { statementKind } from '../grading/statement-kind.ts';
import { asLearner, explainStatement } from '../sessions/exercise-transaction.ts';
import type { EngineInfo, SqlSession } from '../sessions/sql-session.ts';
import { planJson } from './plan-json.ts';
import { planNotes } from './plan-notes.ts';
import type { Plan } from './plan-tree.ts';
import { parsePlan } from './plan-tree.ts';

export interface ExplorePlanOptions {
  readonly analyze: boolean;
  readonly buffers: boolean;
  readonly timeLimitMs: number;
  /** Also ask for psql's own text plan (`EXPLAIN` without FORMAT JSON), as interviews show it. */
  readonly text?: boolean;
}

export interface ExploredPlan {
  readonly engine: EngineInfo;
  readonly plan: Plan;
  /** The statement that was explained. */
  readonly query: string;
  /** psql's text plan, when asked for: one line per row of EXPLAIN's output. */
  readonly text: string | undefined;
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
    const refused = refusedLearnerStatement(statement.text);
    if (refused !== undefined)
      throw new BadInputError(`line ${statement.line}: ${refused}`, { code: 'refused-sql' });
  }
  const engine = await session.engine();
  const deadline = performance.now() + options.timeLimitMs;
  const remaining = () => ({ timeLimitMs: Math.max(1, Math.round(deadline - performance.now())) });
  await session.exec('begin');
  let ok = false;
  try {
    // The playground may change any setting (that is what it is for), but runs as the learner role.
    const { result, refused } = await asLearner(session, 'any', async () => {
      for (const statement of statements.slice(0, -1)) await session.exec(statement.text, remaining());
      const json = await session.query(explainStatement(last.text, options), remaining());
      const text =
        options.text === true
          ? await session.query(explainStatement(last.text, options, 'text'), remaining())
          : undefined;
      return { json, text };
    });
    if (refused !== undefined) throw new BadInputError(refused, { code: 'refused-sql' });
    ok = true;
    return {
      engine,
      plan: parsePlan(result.json.rows[0]?.[0]),
      query: last.text,
      text: result.text?.rows.map((row) => String(row[0])).join('\n'),
    };
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
    ...(explored.text === undefined ? {} : { text: explored.text }),
  };
}
