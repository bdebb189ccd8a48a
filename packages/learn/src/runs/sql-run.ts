/**
 * A SQL lesson's run: statements on real PostgreSQL (PGlite, PostgreSQL 18, with
 * `pageinspect`), each shown with its result, then the query whose value answers the
 * checkpoint.
 *
 * This is how the MVCC lessons look inside the heap: `heap_page_items(get_raw_page(…))`
 * (contrib/pageinspect/heapfuncs.c) prints every line pointer of a page with the tuple's
 * xmin, xmax and ctid, so a dead version, a HOT chain or a pruned slot is seen as the
 * storage manager sees it; `pg_stat_user_tables` gives the counters autovacuum reads
 * (n_dead_tup, n_tup_hot_upd). Each lesson works in a schema of its own, dropped at the
 * end, so lessons never see each other's tables.
 */
import { BadInputError, renderTable, splitStatements } from '@dbplay/core';
import type { SqlRun } from '../lessons/lesson.ts';
import type { LessonEngines } from './lesson-engines.ts';
import type { RunOutput } from './run-output.ts';

/** Rows shown per result; a lesson that needs more is showing too much. */
const shownRows = 30;

export async function runSql(run: SqlRun, engines: LessonEngines): Promise<RunOutput> {
  const db = await engines.sqlEngine();
  const lines: string[] = [];
  const statements: { sql: string; columns: string[]; rows: string[][] }[] = [];
  await db.exec(
    'drop schema if exists lesson cascade; create schema lesson; set search_path = lesson, public',
  );
  try {
    for (const statement of splitStatements(run.sql)) {
      lines.push(`=> ${statement.text};`);
      let results: Awaited<ReturnType<typeof db.exec>>;
      try {
        results = await db.exec(statement.text);
      } catch (error) {
        throw new BadInputError(
          `the lesson's statement at line ${statement.line} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const last = results[results.length - 1];
      const columns = last?.fields.map((field) => field.name) ?? [];
      const rows = (last?.rows ?? []).map((row) =>
        columns.map((column) => show((row as Record<string, unknown>)[column])),
      );
      statements.push({ sql: statement.text, columns, rows });
      if (columns.length > 0) {
        lines.push(renderTable(columns, rows.slice(0, shownRows)));
        if (rows.length > shownRows) lines.push(`(${rows.length - shownRows} more rows)`);
      }
      lines.push('');
    }
    const answer = await db.query(run.answer, [], { rowMode: 'array' });
    const value = (answer.rows[0] as unknown[] | undefined)?.[0];
    if (value === undefined || value === null) {
      throw new BadInputError(`the lesson's answer query returned no value: ${run.answer.trim()}`);
    }
    return {
      text: lines.join('\n').trimEnd(),
      value: typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value),
      details: { statements },
    };
  } finally {
    await db.exec('reset search_path; drop schema if exists lesson cascade');
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
