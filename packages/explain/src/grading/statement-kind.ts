/**
 * What a statement of a learner's fix does, judged from its first words.
 *
 * The grader runs a fix inside `BEGIN … ROLLBACK` so nothing it does survives the attempt
 * (PostgreSQL's DDL is transactional: a `CREATE INDEX` or even a `DROP TABLE` is undone by
 * the rollback). A few statements cannot run in a transaction block
 * (`PreventInTransactionBlock` in src/backend/access/transam/xact.c: VACUUM, the
 * CONCURRENTLY forms, ALTER SYSTEM, CREATE DATABASE …): VACUUM is allowed and makes the
 * attempt run on a throwaway copy instead; the others have no place in an exercise.
 * Transaction control would end our transaction early, and changing planner settings
 * (`SET enable_seqscan = off`) would fix a plan without fixing anything, so both are
 * refused unless an exercise allows a setting by name.
 */
import { codeOnly, stripComments } from '@dbplay/core';

export type StatementKind =
  /** SELECT, WITH, TABLE, VALUES: a query, so a fix that ends with one rewrites the query. */
  | 'query'
  /** VACUUM: allowed, but not in a transaction block. */
  | 'vacuum'
  /** SET, RESET, SET LOCAL, set_config(): changes a setting. */
  | 'setting'
  /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT …: would end the grader's transaction. */
  | 'transaction-control'
  /** Statements that cannot run in a transaction block and are not VACUUM. */
  | 'not-in-transaction'
  /** Anything else: CREATE INDEX, CREATE STATISTICS, ANALYZE, DROP, INSERT … */
  | 'other';

export function statementKind(sql: string): StatementKind {
  const text = stripComments(sql).trim().toLowerCase().replace(/\s+/g, ' ');
  const first = /^[a-z]+/.exec(text)?.[0] ?? '';
  if (
    ['begin', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release', 'prepare'].includes(
      first,
    )
  ) {
    return 'transaction-control';
  }
  if (first === 'vacuum') return 'vacuum';
  if (first === 'set' || first === 'reset') return 'setting';
  if (/\bconcurrently\b/.test(text) && /^(create|drop|reindex|refresh)\b/.test(text))
    return 'not-in-transaction';
  if (
    /^(alter system|create database|drop database|create tablespace|drop tablespace|checkpoint)\b/.test(text)
  ) {
    return 'not-in-transaction';
  }
  if (/^(alter (database|role|user) .* set )/.test(text)) return 'setting';
  if (/\bset_config\s*\(/.test(text)) return 'setting';
  if (['select', 'with', 'table', 'values'].includes(first) || text.startsWith('(')) return 'query';
  return 'other';
}

/** The setting a `SET`/`RESET` statement names (`work_mem` in `set local work_mem = '64kB'`). */
export function settingName(sql: string): string | undefined {
  const text = stripComments(sql).trim().toLowerCase();
  const match = /^(?:set\s+(?:local\s+|session\s+)?|reset\s+)([a-z_][a-z0-9_.]*)/.exec(text);
  return match?.[1];
}

/**
 * Whether a statement changes table data, or may: INSERT, UPDATE, DELETE, MERGE, COPY,
 * TRUNCATE, CLUSTER, VACUUM, a DO block or procedure call, a data-modifying WITH,
 * `SELECT … FOR UPDATE` (which writes a lock into each row).
 *
 * A rollback undoes such a statement logically, but not physically: the dead row versions
 * stay in the table's pages, the visibility map bits it cleared stay cleared, the table
 * file stays grown. The planner reads those (the file's size in pages,
 * `relallvisible` as the next CREATE INDEX recounts it), so a session where such a
 * statement ran is restarted from the snapshot before it plans anything else.
 */
export function modifiesData(sql: string): boolean {
  const text = codeOnly(sql).toLowerCase();
  return /\b(insert|update|delete|merge|copy|truncate|cluster|vacuum|do|call|reindex|refresh|lock)\b/.test(
    text,
  );
}
