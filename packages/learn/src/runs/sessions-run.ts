/**
 * A lesson that needs several connections at once, on a real PostgreSQL server: the steps
 * run in the order written, each in its named session (a connection of its own, in
 * autocommit unless the step says BEGIN), in a database made for the run and dropped after.
 *
 * This is how a learner sees what a single connection cannot show: a transaction left open
 * in one session holds back the xmin horizon, so VACUUM in another finds its dead rows
 * "dead but not yet removable" (GetOldestNonRemovableTransactionId in
 * src/backend/storage/ipc/procarray.c decides which rows VACUUM may remove).
 */
import { randomBytes } from 'node:crypto';
import { BadInputError, renderTable } from '@dbplay/core';
import type { SessionsRun } from '../lessons/lesson.ts';
import type { LessonEngines } from './lesson-engines.ts';
import type { RunOutput } from './run-output.ts';

type Client = Awaited<ReturnType<typeof import('@dbplay/engines').connectPostgres>>;
/** What node-postgres returns for one statement (an array of these for several). */
interface QueryOutcome {
  readonly fields?: readonly { readonly name: string }[];
  readonly rows: readonly unknown[][];
  readonly command?: string;
}

export async function runSessions(run: SessionsRun, engines: LessonEngines): Promise<RunOutput> {
  const { connectPostgres } = await import('@dbplay/engines');
  const server = await engines.serverUrl();
  const database = `dbplay_lesson_${randomBytes(4).toString('hex')}`;
  const admin = await connectPostgres(server.url);
  const sessions = new Map<string, Client>();
  const lines: string[] = [];
  try {
    await admin.query(`create database ${database}`);
    const url = new URL(server.url);
    url.pathname = `/${database}`;
    const session = async (name: string): Promise<Client> => {
      let client = sessions.get(name);
      if (client === undefined) {
        client = await connectPostgres(url.toString(), { applicationName: `dbplay lesson ${name}` });
        await client.query('create extension if not exists pageinspect');
        sessions.set(name, client);
      }
      return client;
    };
    for (const step of [...run.steps, run.answer]) {
      lines.push(`${step.session}=> ${step.sql.trim()}`);
      let result: QueryOutcome | QueryOutcome[];
      try {
        result = (await (await session(step.session)).query({ text: step.sql, rowMode: 'array' })) as
          | QueryOutcome
          | QueryOutcome[];
      } catch (error) {
        throw new BadInputError(
          `session ${step.session}: ${error instanceof Error ? error.message : String(error)} (in: ${step.sql.trim()})`,
        );
      }
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      if (last?.fields !== undefined && last.fields.length > 0) {
        lines.push(
          renderTable(
            last.fields.map((field) => field.name),
            last.rows.map((row) => row.map((value) => (value === null ? '' : String(value)))),
          ),
        );
      } else if (last?.command) lines.push(last.command);
      lines.push('');
    }
    const answerResult = await (await session(run.answer.session)).query({
      text: run.answer.sql,
      rowMode: 'array',
    });
    const value = (answerResult.rows[0] as unknown[] | undefined)?.[0];
    if (value === undefined || value === null) {
      throw new BadInputError(`the lesson's answer query returned no value: ${run.answer.sql.trim()}`);
    }
    return {
      text: lines.join('\n').trimEnd(),
      value:
        typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(String(value)) ? Number(value) : String(value),
      details: { steps: run.steps },
    };
  } finally {
    for (const client of sessions.values()) await client.end().catch(() => {});
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => {});
    await admin.end().catch(() => {});
  }
}
