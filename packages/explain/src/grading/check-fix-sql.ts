/**
 * Reading a learner's fix before running it: which statements it has, whether it ends
 * with a rewritten query, and whether any statement is one an exercise cannot accept.
 *
 * Refusals are answers, not errors: "SET enable_seqscan = off is not a fix" is feedback
 * on the attempt, shown like a wrong answer, and the learner tries again.
 */
import { type SqlStatement, splitStatements } from '@dbplay/core';
import type { FixQuestion } from '../exercises/exercise.ts';
import { refusedLearnerStatement } from './learner-sql-guard.ts';
import { modifiesData, settingName, statementKind } from './statement-kind.ts';

export interface FixPlan {
  /** The statements to run before planning the query again. */
  readonly statements: readonly SqlStatement[];
  /** The learner's rewritten query, when the fix ends with one. */
  readonly rewrite: string | undefined;
  /** VACUUM needs to run outside a transaction block. */
  readonly outsideTransaction: boolean;
  /** Whether a statement may change table data (see statement-kind.ts). */
  readonly modifiesData: boolean;
}

export type FixCheck =
  | { readonly ok: true; readonly fix: FixPlan }
  | { readonly ok: false; readonly reason: string };

export function checkFixSql(sql: string, question: FixQuestion): FixCheck {
  const statements = splitStatements(sql);
  const queries = statements.filter((statement) => statementKind(statement.text) === 'query');
  for (const statement of statements) {
    const kind = statementKind(statement.text);
    const where = `line ${statement.line}`;
    const refused = refusedLearnerStatement(statement.text);
    if (refused !== undefined) return { ok: false, reason: `${where}: ${refused}` };
    if (kind === 'transaction-control') {
      return {
        ok: false,
        reason: `${where}: leave out transaction control (BEGIN, COMMIT, ROLLBACK …); the grader runs your fix in a transaction of its own`,
      };
    }
    if (kind === 'not-in-transaction') {
      return {
        ok: false,
        reason: `${where}: this statement cannot be part of an exercise fix (use CREATE INDEX without CONCURRENTLY: nobody else is writing here)`,
      };
    }
    if (kind === 'setting') {
      const name = settingName(statement.text);
      if (name === undefined || !question.allowSettings.includes(name)) {
        const allowed =
          question.allowSettings.length === 0
            ? 'this exercise allows no settings'
            : `this exercise allows only ${question.allowSettings.join(', ')}`;
        return {
          ok: false,
          reason: `${where}: changing ${name ?? 'a setting'} hides the problem instead of fixing it; ${allowed}`,
        };
      }
    }
    if (kind === 'query' && statement !== statements[statements.length - 1]) {
      return { ok: false, reason: `${where}: a rewritten query must be the last statement of the fix` };
    }
  }
  const last = queries[queries.length - 1];
  if (last !== undefined && !question.allowRewrite) {
    return {
      ok: false,
      reason: `line ${last.line}: this exercise asks you to change the database (an index, statistics …), not the query; leave the query out`,
    };
  }
  return {
    ok: true,
    fix: {
      statements: statements.filter((statement) => statement !== last),
      rewrite: last?.text,
      outsideTransaction: statements.some((statement) => statementKind(statement.text) === 'vacuum'),
      modifiesData: statements.some((statement) => modifiesData(statement.text)),
    },
  };
}
