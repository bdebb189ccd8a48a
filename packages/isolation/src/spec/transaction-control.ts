/**
 * Who begins a session's transaction: the scenario, or dbplay at the level asked for.
 *
 * The point of a scenario is to run the same schedule at every isolation level, so the
 * catalog's sessions do not begin their own transactions: dbplay begins each one at the
 * requested level just before the session's first step (PostgreSQL takes the snapshot at the
 * first statement anyway, and SQLite's `BEGIN IMMEDIATE` then takes the write lock when the
 * session first acts). PostgreSQL's own specs fix the level in a session's setup
 * (`setup { BEGIN ISOLATION LEVEL SERIALIZABLE; }`), and that wins:
 *
 * - setup names a level                    → the session's own transaction, as written;
 * - setup begins without naming a level    → dbplay only sets the level (`SET TRANSACTION …`);
 * - the first step begins a transaction    → the session's own, as written;
 * - the first step cannot run in one        → the session's own (VACUUM: PreventInTransactionBlock);
 * - no step ever commits or rolls back     → autocommit: every statement is its own transaction;
 * - otherwise                              → dbplay begins the transaction at the level.
 */
import { firstKeyword, splitStatements } from '@dbplay/core';
import type { BeginMode } from '../engines/engine.ts';
import type { ScenarioSession } from './scenario.ts';

export type TransactionPolicy = 'runner-begins' | 'runner-sets-level' | 'own' | 'autocommit';

export function transactionPolicy(session: ScenarioSession): TransactionPolicy {
  const setup = session.setup?.sql ?? '';
  if (/\bisolation\s+level\b/i.test(setup)) return 'own';
  if (beginsTransaction(setup)) return 'runner-sets-level';
  const first = session.steps[0];
  if (first !== undefined && (beginsTransaction(first.sql) || runsOutsideTransactionBlock(first.sql)))
    return 'own';
  if (!session.steps.some((step) => endsTransaction(step.sql))) return 'autocommit';
  return 'runner-begins';
}

/** How the runner starts the session's transaction before its first step. */
export function beginModeOf(policy: TransactionPolicy): BeginMode {
  if (policy === 'runner-begins') return 'transaction';
  if (policy === 'runner-sets-level') return 'level';
  return null;
}

/** Whether some statement of `sql` begins a transaction (`BEGIN`, `START TRANSACTION`). */
export function beginsTransaction(sql: string): boolean {
  return splitStatements(sql).some(({ text: statement }) => {
    const keyword = firstKeyword(statement);
    return keyword === 'begin' || (keyword === 'start' && /^\s*start\s+transaction\b/i.test(statement));
  });
}

/**
 * Whether `sql` is a statement PostgreSQL refuses inside a transaction block (25001): VACUUM,
 * CREATE INDEX, DROP INDEX and REINDEX … CONCURRENTLY, and ALTER TABLE … DETACH PARTITION …
 * CONCURRENTLY (PreventInTransactionBlock in xact.c).
 */
export function runsOutsideTransactionBlock(sql: string): boolean {
  const statements = splitStatements(sql);
  return (
    statements.length === 1 &&
    statements.every(({ text: statement }) => {
      const keyword = firstKeyword(statement);
      if (keyword === 'vacuum') return true;
      if (keyword === 'alter') return /\bdetach\s+partition\b[\s\S]*\bconcurrently\b/i.test(statement);
      return (
        (keyword === 'create' || keyword === 'drop' || keyword === 'reindex') &&
        /\bconcurrently\b/i.test(statement)
      );
    })
  );
}

/** Whether some statement of `sql` ends a transaction (`COMMIT`, `ROLLBACK`, `ABORT`, `END`). */
export function endsTransaction(sql: string): boolean {
  return splitStatements(sql).some(({ text: statement }) => {
    const keyword = firstKeyword(statement);
    if (keyword === 'rollback') return !/\bto\b/i.test(statement); // ROLLBACK TO SAVEPOINT does not end it
    return keyword === 'commit' || keyword === 'abort' || keyword === 'end';
  });
}

/**
 * How the sessions of a run begin their transactions, in words, for a transcript's header:
 * `BEGIN ISOLATION LEVEL READ COMMITTED` when dbplay begins every one (the catalog's scenarios),
 * and otherwise what really happens per session, e.g. `its own BEGIN, as written
 * (SERIALIZABLE)`, so that a spec whose setup begins a serializable transaction is not
 * described as running at the level dbplay would have used. `begin` is the engine's statement
 * for the run's level.
 */
export function describeBeginnings(sessions: readonly ScenarioSession[], begin: string): string {
  const groups = new Map<string, string[]>();
  for (const session of sessions) {
    const said = beginningOf(session, begin);
    groups.set(said, [...(groups.get(said) ?? []), session.name]);
  }
  if (groups.size <= 1) return [...groups.keys()][0] ?? begin;
  return [...groups].map(([said, names]) => `${names.join(', ')}: ${said}`).join('; ');
}

/** Whether dbplay chooses any session's level, so that the run's level means something. */
export function runnerChoosesLevel(sessions: readonly ScenarioSession[]): boolean {
  return sessions.some((session) => beginModeOf(transactionPolicy(session)) !== null);
}

function beginningOf(session: ScenarioSession, begin: string): string {
  switch (transactionPolicy(session)) {
    case 'runner-begins':
      return begin;
    case 'runner-sets-level':
      return `its setup's BEGIN, at the run's level (${begin})`;
    case 'autocommit':
      return 'no transaction: each statement commits on its own';
    case 'own': {
      const sql = `${session.setup?.sql ?? ''}\n${session.steps[0]?.sql ?? ''}`;
      const level =
        /\bisolation\s+level\s+(read\s+committed|read\s+uncommitted|repeatable\s+read|serializable)\b/i.exec(
          sql,
        )?.[1];
      return level === undefined
        ? 'its own BEGIN, as written'
        : `its own BEGIN, as written (${level.replace(/\s+/g, ' ').toUpperCase()})`;
    }
  }
}
