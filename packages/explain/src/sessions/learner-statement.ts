/**
 * Learner SQL that is kept: the shell's `\dataset` console, where a learner creates an index
 * and then explains a query that uses it, statement after statement, with no rollback.
 *
 * The rules are the grader's (grading/learner-sql-guard.ts), applied by the grader's own code:
 * statements that could change the role, run code or reach server files are refused before
 * anything runs; what is left runs as `dbplay_learner` (no superuser, no server-file roles);
 * and the effect is checked after, as a fix's is. Settings are the learner's to change here
 * (the console is a playground, as `explain plan` is), so only the role is checked. Since
 * nothing is rolled back, a statement whose effect is refused has already happened: the
 * session starts again from the pristine dataset, and the learner is told why.
 */
import { BadInputError, splitStatements } from '@dbplay/core';
import { refusedLearnerStatement } from '../grading/learner-sql-guard.ts';
import { asLearner } from './exercise-transaction.ts';
import type { SqlResult, SqlSession } from './sql-session.ts';

/**
 * Runs learner SQL on a session whose changes are kept, with the grader's least rights;
 * returns the last statement's rows. Throws BadInputError (`refused-sql`) for refused SQL.
 */
export async function runLearnerSql(session: SqlSession, sql: string): Promise<SqlResult> {
  const statements = splitStatements(sql);
  for (const statement of statements) {
    const refused = refusedLearnerStatement(statement.text);
    if (refused !== undefined) {
      const where = statements.length > 1 ? `line ${statement.line}: ` : '';
      throw new BadInputError(`${where}${refused}`, { code: 'refused-sql' });
    }
  }
  const { result, refused } = await asLearner(session, 'any', () => session.query(sql));
  if (refused !== undefined) {
    await session.restart();
    throw new BadInputError(`${refused}; the session started again from the pristine dataset`, {
      code: 'refused-sql',
    });
  }
  return result;
}
