/**
 * Running an exercise's setup and a body of work, then leaving the dataset as it was.
 *
 * Everything an exercise or a learner does runs inside `BEGIN … ROLLBACK`: PostgreSQL's
 * DDL is transactional (src/backend/access/transam/xact.c undoes catalog changes like any
 * others), so an index tried here, new statistics, or a dropped table vanish at the
 * rollback, in about 20 ms. `SET` is undone by the rollback too.
 *
 * A rollback undoes things logically, not always physically. VACUUM cannot run in a
 * transaction block at all, so an attempt that needs it runs without one; statements that
 * change table data leave dead rows and cleared visibility-map bits behind; ANALYZE and
 * CREATE INDEX write page and row counts into pg_class in place. In each of these cases the
 * session is restarted from the pristine snapshot before it is used again, so no attempt
 * ever plans against what an earlier one left.
 */
import { BadInputError, splitStatements } from '@dbplay/core';
import type { Exercise, ExplainOptions } from '../exercises/exercise.ts';
import {
  learnerEffectQuery,
  learnerRole,
  parseLearnerEffect,
  refusedEffect,
} from '../grading/learner-sql-guard.ts';
import { modifiesData, statementKind } from '../grading/statement-kind.ts';
import { type Plan, parsePlan } from '../plans/plan-tree.ts';
import type { SqlResult, SqlSession } from './sql-session.ts';

/** How long an exercise's own setup may take: generous, since its author controls it. */
const setupTimeLimitMs = 120_000;

/** What a body can do inside the exercise's transaction. */
export interface ExerciseTransaction {
  /** The plan of a query, as EXPLAIN (FORMAT JSON) gives it. */
  explain(query: string, flags: ExplainOptions, timeLimitMs?: number): Promise<Plan>;
  /** The rows a query returns. */
  rows(query: string, timeLimitMs?: number): Promise<SqlResult>;
  /**
   * The rows a query returns, as a fingerprint ({@link rowsDigestQuery}): equal for two
   * queries exactly when they return the same rows (in the same order, for `ordered`).
   * Only for a query that can be a subquery ({@link digestible}).
   */
  rowsDigest(query: string, order: RowOrder, timeLimitMs?: number): Promise<string>;
  /** The single value a query returns. */
  value(query: string, timeLimitMs?: number): Promise<unknown>;
  /** Runs one statement. */
  run(statement: string, timeLimitMs?: number): Promise<void>;
  /**
   * Runs `work` as the learner role (learner-sql-guard.ts), then checks its effect: the
   * reason it is refused (a changed role, a setting not in `allowedSettings`), or undefined.
   */
  asLearner<T>(
    allowedSettings: readonly string[] | 'any',
    work: () => Promise<T>,
  ): Promise<{ readonly result: T; readonly refused: string | undefined }>;
}

/** Whether two results must list their rows in the same order to be the same. */
export type RowOrder = 'ordered' | 'unordered';

/**
 * A query that reduces the rows of `query` to one short text: their number and an MD5 hash
 * of their text forms, one per line, in the order they come (`ordered`) or sorted
 * (`unordered`). A fix that must not change the result (`same_rows`) is checked by
 * comparing the fingerprints before and after: the rows never leave PostgreSQL. Fetching
 * them cost far more than the query: 100,000 rows of `orders` took PGlite about 2 s of
 * JavaScript to decode, value by value, and a structured copy out of its worker thread,
 * against 0.4 s to sort them and 0.3 s more to hash them in SQL.
 *
 * A row's text form (`r::text`, record_out in src/backend/utils/adt/rowtypes.c) holds
 * every value and no column names, so columns renamed by a rewrite do not count. An
 * aggregate over a subquery with ORDER BY reads the rows in that order: the subquery is not
 * pulled up into the outer query when it sorts (is_simple_subquery in
 * src/backend/optimizer/prep/prepjointree.c), which PostgreSQL's documentation of
 * aggregate functions mentions as the usual way to feed one ordered input.
 */
/**
 * Whether a statement can be the subquery of {@link rowsDigestQuery}: a query (SELECT, WITH,
 * TABLE, VALUES), but not `EXECUTE` of a prepared statement, nor a WITH that changes data
 * (PostgreSQL allows that only at the top level), whose rows must be fetched instead.
 */
export function digestible(query: string): boolean {
  if (statementKind(query) !== 'query') return false;
  return !/^\s*with\b/i.test(query) || !/\b(insert|update|delete|merge)\b/i.test(query);
}

export function rowsDigestQuery(query: string, order: RowOrder): string {
  const body = query.trim().replace(/;\s*$/, '');
  const sorted = order === 'unordered' ? ' order by r::text' : '';
  return `select count(*) || ' ' || coalesce(md5(string_agg(r::text, E'\\n'${sorted})), '') from (\n${body}\n) as r`;
}

export function explainStatement(
  query: string,
  flags: ExplainOptions,
  format: 'json' | 'text' = 'json',
): string {
  const options = format === 'json' ? ['format json'] : [];
  if (flags.analyze) options.push('analyze', `buffers ${flags.buffers ? 'true' : 'false'}`);
  else if (flags.buffers) options.push('buffers');
  return options.length === 0 ? `explain ${query}` : `explain (${options.join(', ')}) ${query}`;
}

/**
 * What the planner reads about the tables, besides pg_statistic: sizes in pages of every
 * table and index, and the counts ANALYZE, VACUUM and CREATE INDEX keep in pg_class.
 * ANALYZE and CREATE INDEX write those counts in place (vac_update_relstats and
 * index_update_stats, not undone by a rollback), so after each attempt we compare them
 * with the pristine dataset's and restart the session if anything moved.
 */
const planInputsQuery = `select coalesce(string_agg(concat_ws(':', relname, relpages, reltuples, relallvisible, pg_relation_size(oid)), ',' order by relname), '')
   from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'i', 'm', 'p')`;

export class ExerciseRunner {
  readonly session: SqlSession;
  private mustRestart = false;
  private pristine: string | undefined;

  constructor(session: SqlSession) {
    this.session = session;
  }

  /**
   * Runs the exercise's setup, then `body`, then rolls everything back. With
   * `outsideTransaction` (the attempt runs VACUUM), nothing is rolled back; the session
   * starts again from the snapshot before its next use instead.
   */
  async withSetup<T>(
    exercise: Exercise,
    body: (tx: ExerciseTransaction) => Promise<T>,
    options: { outsideTransaction?: boolean; modifiesData?: boolean } = {},
  ): Promise<T> {
    if (this.mustRestart) {
      this.mustRestart = false;
      await this.session.restart();
      this.pristine = undefined;
    }
    const session = this.session;
    this.pristine ??= await planInputs(session);
    const setup = splitStatements(exercise.setup);
    // VACUUM cannot run in a transaction block.
    const outside =
      options.outsideTransaction === true ||
      setup.some((statement) => statementKind(statement.text) === 'vacuum');
    const dirty =
      outside || options.modifiesData === true || setup.some((statement) => modifiesData(statement.text));
    if (!outside) await session.exec('begin');
    try {
      for (const statement of setup) {
        try {
          await session.exec(statement.text, { timeLimitMs: setupTimeLimitMs });
        } catch (error) {
          throw new BadInputError(
            `the setup of exercise ${exercise.id} failed: ${error instanceof Error ? error.message : String(error)}`,
            { location: { file: exercise.file, line: 1 }, code: 'exercise-setup-failed' },
          );
        }
      }
      const tx: ExerciseTransaction = {
        explain: async (query, flags, timeLimitMs) => {
          const result = await session.query(explainStatement(query, flags), limit(timeLimitMs));
          return parsePlan(result.rows[0]?.[0]);
        },
        rows: (query, timeLimitMs) => session.query(query, limit(timeLimitMs)),
        rowsDigest: async (query, order, timeLimitMs) =>
          String((await session.query(rowsDigestQuery(query, order), limit(timeLimitMs))).rows[0]?.[0]),
        value: async (query, timeLimitMs) => (await session.query(query, limit(timeLimitMs))).rows[0]?.[0],
        run: (statement, timeLimitMs) => session.exec(statement, limit(timeLimitMs)),
        asLearner: (allowedSettings, work) => asLearner(session, allowedSettings, work),
      };
      return await body(tx);
    } finally {
      if (outside) this.mustRestart = true;
      else {
        try {
          await session.exec('rollback');
          if (dirty) this.mustRestart = true;
          else if ((await planInputs(session)) !== this.pristine) this.mustRestart = true;
        } catch {
          // A worker stopped by a time limit has nothing to roll back, and any other
          // failure leaves the session in doubt: start it again before the next use.
          this.mustRestart = true;
        }
      }
    }
  }
}

/** Runs `work` as the learner role and judges what it changed (see learner-sql-guard.ts). */
export async function asLearner<T>(
  session: SqlSession,
  allowedSettings: readonly string[] | 'any',
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly refused: string | undefined }> {
  const before = parseLearnerEffect((await session.query(learnerEffectQuery)).rows[0]);
  await session.exec(`set role ${learnerRole}`);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // A failed statement aborts the transaction, whose rollback also undoes SET ROLE; a
    // session that is not in a transaction (VACUUM) is restarted before its next use.
    await session.exec('reset role').catch(() => {});
    throw error;
  }
  const after = parseLearnerEffect((await session.query(learnerEffectQuery)).rows[0]);
  await session.exec('reset role');
  return { result, refused: refusedEffect({ ...before, role: learnerRole }, after, allowedSettings) };
}

async function planInputs(session: SqlSession): Promise<string> {
  return String((await session.query(planInputsQuery)).rows[0]?.[0]);
}

function limit(timeLimitMs: number | undefined): { timeLimitMs?: number } {
  return timeLimitMs === undefined ? {} : { timeLimitMs };
}
