/**
 * Turning what node-postgres returns into engine-independent outcomes (outcome.ts).
 *
 * Values come back as psql would print them, but typed where JSON can hold them exactly:
 * booleans, integers (bigint too, such as `count(*)`, while it fits a double exactly),
 * floats, and numerics that survive the round trip; everything else as PostgreSQL's text.
 * Errors keep their SQLSTATE, message and detail, plus the cause a learner should read
 * into them: a 40001 raised in predicate.c is serializable snapshot isolation's, any other
 * 40001 is first-updater-wins (src/backend/executor/nodeModifyTable.c).
 */
import type { QueryResult } from 'pg';
import type { ErrorCause, ResultSet, StatementResult, StepError, Value } from '../run/outcome.ts';

/** Type parsers by type OID, for node-postgres's `types` option; text for any other type. */
export const postgresTypes = {
  getTypeParser(oid: number): (text: string) => Value {
    switch (oid) {
      case 16: // bool
        return (text) => text === 't';
      case 20: // int8
      case 21: // int2
      case 23: // int4
      case 26: // oid
      case 700: // float4
      case 701: // float8
      case 1700: // numeric
        return exactNumber;
      default:
        return (text) => text;
    }
  },
};

/** The number the text spells, when JSON can hold it exactly; else the text. */
function exactNumber(text: string): Value {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : text;
}

/** A psql-style command tag: `UPDATE 1`, `INSERT 0 1`, `SELECT 2`, `COMMIT`. */
function commandTag(result: QueryResult): string {
  const count = result.rowCount;
  switch (result.command) {
    case 'INSERT':
      return `INSERT 0 ${count ?? 0}`;
    case 'SELECT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'MOVE':
    case 'FETCH':
    case 'COPY':
      return `${result.command} ${count ?? 0}`;
    default:
      return result.command;
  }
}

/**
 * The result of a step's statements. `skip` leading results belong to statements dbplay sent
 * before the step (its BEGIN), so they are left out.
 */
export function statementResult(
  results: QueryResult | QueryResult[],
  skip: number,
  ended: StatementResult['ended'],
): StatementResult {
  const own = (Array.isArray(results) ? results : [results]).slice(skip);
  let rows: ResultSet | null = null;
  for (const result of own) {
    if (result.fields.length > 0) {
      rows = {
        columns: result.fields.map((field) => field.name),
        rows: (result.rows as unknown as Value[][]).map((row) => [...row]),
      };
    }
  }
  const last = own[own.length - 1];
  return { rows, command: last === undefined ? null : commandTag(last), error: null, ended };
}

/**
 * The StepError for an error the server reported; null for anything else (a lost connection).
 * `sessionOfPid` names the sessions behind process ids in a detail.
 */
export function stepErrorOf(
  error: unknown,
  sessionOfPid: (pid: number) => string | undefined,
): StepError | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as {
    code?: unknown;
    message?: unknown;
    detail?: unknown;
    file?: unknown;
    severity?: unknown;
  };
  if (typeof e.code !== 'string' || typeof e.severity !== 'string') return null;
  return {
    code: e.code,
    message: typeof e.message === 'string' ? e.message : String(error),
    detail: typeof e.detail === 'string' ? readableDetail(e.detail, sessionOfPid) : null,
    cause: causeOf(e.code, typeof e.file === 'string' ? e.file : ''),
  };
}

/**
 * A deadlock's detail names backend process ids, transaction ids and object ids, which
 * change from run to run and mean nothing to a learner: "Process 4711 waits for ShareLock on
 * transaction 745; blocked by process 4712." Processes become session names ("Session T1
 * waits for ShareLock on a transaction; blocked by session T2."); the numbers of transactions,
 * relations and databases are dropped.
 */
function readableDetail(detail: string, sessionOfPid: (pid: number) => string | undefined): string {
  return detail
    .replace(/\b([Pp])rocess (\d+)/g, (whole, p: string, pid: string) => {
      const session = sessionOfPid(Number(pid));
      return session === undefined ? whole : `${p === 'P' ? 'Session' : 'session'} ${session}`;
    })
    .replace(/\btransaction \d+/g, 'a transaction')
    .replace(/ of relation \d+ of database \d+/g, '')
    .replace(/\b(relation|database) \d+/g, '$1');
}

function causeOf(code: string, file: string): ErrorCause {
  if (code === '40001') return file === 'predicate.c' ? 'ssi' : 'write-conflict';
  if (code === '40P01') return 'deadlock';
  if (code === '25P02') return 'aborted';
  if (code === '57014') return 'cancelled';
  return 'other';
}
