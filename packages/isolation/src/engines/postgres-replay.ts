/**
 * Serial replays on PostgreSQL without copying a database.
 *
 * A verdict replays the committed transactions one after another, and never needs two of them
 * at once. So instead of a fresh database per replay (a CREATE DATABASE copies several
 * megabytes of catalog), each scenario gets one replay database, copied once from its
 * template, and one connection to it. A replay runs inside a transaction that is rolled back
 * at the end, leaving the database as the setup left it for the next one; each replayed
 * transaction becomes a savepoint inside it:
 *
 *     BEGIN;                               -- the replay
 *       SAVEPOINT dbplay_replay;           -- T1 begins (dbplay's BEGIN, or the step's own)
 *       select * from test …; update …;    -- T1's steps, unchanged
 *       RELEASE SAVEPOINT dbplay_replay;   -- T1's COMMIT
 *       SAVEPOINT dbplay_replay; … RELEASE SAVEPOINT dbplay_replay;   -- T2
 *       select * from test;                -- the final state
 *     ROLLBACK;
 *
 * A transaction that runs alone sees its predecessors' writes whether they were committed or
 * released, so the reads and the final state are those of the serial order. Where that could
 * fail to hold the replay declines and the general way runs instead: sequences (nextval is not
 * rolled back), deferrable constraints (checked at COMMIT, not at RELEASE), session setups that
 * do more than begin a transaction, PREPARE TRANSACTION, and any error.
 */
import { firstKeyword, PromiseCache, splitStatements } from '@dbplay/core';
import type { Client } from 'pg';
import type { StatementResult } from '../run/outcome.ts';
import { type Scenario, scenarioKey } from '../spec/scenario.ts';
import type { SerialReplayPlan, SerialReplayResult } from './engine.ts';
import { postgresTypes, statementResult } from './postgres-results.ts';
import { readTables } from './postgres-run.ts';

const savepoint = 'dbplay_replay';

export class PostgresReplayer {
  /** One per scenario; a connect that failed is forgotten, so the next replay tries again. */
  private readonly connections = new PromiseCache<ReplayConnection | null>();
  private readonly openDatabase: (scenario: Scenario) => Promise<Client>;

  /** `openDatabase` copies the scenario's template into a new database and connects to it. */
  constructor(openDatabase: (scenario: Scenario) => Promise<Client>) {
    this.openDatabase = openDatabase;
  }

  async replay(scenario: Scenario, plan: SerialReplayPlan): Promise<SerialReplayResult | null> {
    const replay = await this.connections.get(scenarioKey(scenario), () => this.connect(scenario));
    return replay === null ? null : replay.exclusive(() => runPlan(replay.client, plan));
  }

  async close(): Promise<void> {
    const connections = this.connections.clear();
    for (const connection of connections) {
      const replay = await connection.catch(() => null);
      await replay?.client.end().catch(() => {});
    }
  }

  private async connect(scenario: Scenario): Promise<ReplayConnection | null> {
    const client = await this.openDatabase(scenario);
    const check = await client.query<{ sequences: boolean; deferrable: boolean }>(
      `select exists (select 1 from pg_class where relkind = 'S') as sequences,
              exists (select 1 from pg_constraint where condeferrable) as deferrable`,
    );
    const row = check.rows[0];
    if (row === undefined || row.sequences || row.deferrable) {
      await client.end().catch(() => {});
      return null;
    }
    return new ReplayConnection(client);
  }
}

/** One connection, used by one replay at a time. */
class ReplayConnection {
  readonly client: Client;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(client: Client) {
    this.client = client;
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }
}

async function runPlan(client: Client, plan: SerialReplayPlan): Promise<SerialReplayResult | null> {
  const setups = plan.setups.map((setup) => asSavepoints(setup.sql));
  if (setups.some((setup) => setup === null || !setup.onlyTransactionControl)) return null;
  const steps = plan.steps.map((step) => asSavepoints(step.sql));
  if (steps.some((step) => step === null)) return null;
  await client.query('BEGIN');
  try {
    for (const setup of setups) if (setup !== null && setup.text !== '') await client.query(setup.text);
    const results: StatementResult[] = [];
    for (const [i, step] of plan.steps.entries()) {
      const mapped = steps[i];
      if (mapped === null || mapped === undefined) return null;
      const begin = step.begin === 'transaction' ? `SAVEPOINT ${savepoint};\n` : '';
      const text = begin + mapped.text;
      if (text === '') {
        results.push({ rows: null, command: mapped.tag, error: null, ended: mapped.ends });
        continue;
      }
      try {
        const result = await client.query({ text, rowMode: 'array', types: postgresTypes });
        const read = statementResult(result, 0, mapped.ends);
        results.push({ ...read, command: mapped.ends === null ? read.command : mapped.tag });
      } catch {
        // A statement failed: a serial order can make one fail, but what the rest of that
        // transaction then does is best left to the general way.
        return null;
      }
    }
    return { results, final: await readTables(client) };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
}

interface Mapped {
  readonly text: string;
  readonly ends: 'commit' | 'rollback' | null;
  /** The command tag to report for a statement that was rewritten. */
  readonly tag: string | null;
  readonly onlyTransactionControl: boolean;
}

/** The step's SQL with BEGIN, COMMIT and ROLLBACK turned into savepoint commands; null to decline. */
function asSavepoints(sql: string): Mapped | null {
  let ends: Mapped['ends'] = null;
  let tag: string | null = null;
  let onlyTransactionControl = true;
  const out: string[] = [];
  for (const { text: statement } of splitStatements(sql)) {
    const keyword = firstKeyword(statement);
    if (keyword === 'begin' || (keyword === 'start' && /^\s*start\s+transaction\b/i.test(statement))) {
      out.push(`SAVEPOINT ${savepoint}`);
      tag = 'BEGIN';
    } else if (keyword === 'commit' || keyword === 'end') {
      out.push(`RELEASE SAVEPOINT ${savepoint}`);
      ends = 'commit';
      tag = 'COMMIT';
    } else if ((keyword === 'rollback' || keyword === 'abort') && !/\bto\b/i.test(statement)) {
      out.push(`ROLLBACK TO SAVEPOINT ${savepoint}`, `RELEASE SAVEPOINT ${savepoint}`);
      ends = 'rollback';
      tag = 'ROLLBACK';
    } else if (keyword === 'set' && /^\s*set\s+(transaction|session\s+characteristics)\b/i.test(statement)) {
      // Isolation levels mean nothing to a transaction that runs alone.
    } else if (keyword === 'prepare' && /^\s*prepare\s+transaction\b/i.test(statement)) {
      return null;
    } else {
      out.push(statement);
      onlyTransactionControl = false;
    }
  }
  return { text: out.length === 0 ? '' : `${out.join(';\n')};`, ends, tag, onlyTransactionControl };
}
