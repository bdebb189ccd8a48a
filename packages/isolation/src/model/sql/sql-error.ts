/**
 * An error a statement raises in the model, with PostgreSQL's SQLSTATE and message, so that a
 * model run and a PostgreSQL run of the same step can be compared field by field.
 *
 * PostgreSQL raises these with ereport(ERROR, errcode(…), errmsg(…)) all over the backend;
 * the ones that matter for isolation are in src/backend/storage/lmgr/predicate.c (40001,
 * SSI), src/backend/executor/nodeModifyTable.c (40001, concurrent update),
 * src/backend/storage/lmgr/deadlock.c (40P01) and src/backend/tcop/postgres.c (25P02).
 */
import type { ErrorCause, StepError } from '../../run/outcome.ts';

export class ModelSqlError extends Error {
  readonly code: string;
  readonly detail: string | null;
  /** How a learner should read it (outcome.ts, ErrorCause). */
  readonly kind: ErrorCause;

  constructor(code: string, message: string, options: { detail?: string | null; cause?: ErrorCause } = {}) {
    // These errors are answers to a statement, not bugs: a stack trace would only cost time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ModelSqlError';
    this.code = code;
    this.detail = options.detail ?? null;
    this.kind = options.cause ?? causeOf(code);
  }

  toStepError(): StepError {
    return { code: this.code, message: this.message, detail: this.detail, cause: this.kind };
  }
}

function causeOf(code: string): ErrorCause {
  if (code === '40P01') return 'deadlock';
  if (code === '25P02') return 'aborted';
  if (code === '57014') return 'cancelled';
  return 'other';
}

/** 40001 from serializable snapshot isolation, with PostgreSQL's reason code. */
export function ssiFailure(reason: string): ModelSqlError {
  return new ModelSqlError(
    '40001',
    'could not serialize access due to read/write dependencies among transactions',
    { detail: `Reason code: ${reason}.`, cause: 'ssi' },
  );
}

/** 40001 from first-updater-wins at repeatable read and serializable (nodeModifyTable.c). */
export function writeConflict(what: 'update' | 'delete'): ModelSqlError {
  return new ModelSqlError('40001', `could not serialize access due to concurrent ${what}`, {
    cause: 'write-conflict',
  });
}

/**
 * 40001 when the row a statement waited for was moved to another partition by the update it
 * waited for: the old version has no successor in its own table to follow (heapam_tuple_lock,
 * ItemPointerIndicatesMovedPartitions), so read committed cannot re-check the new row.
 */
export function movedToAnotherPartition(): ModelSqlError {
  return new ModelSqlError(
    '40001',
    'tuple to be locked was already moved to another partition due to concurrent update',
    { cause: 'write-conflict' },
  );
}

export const abortedTransaction = (): ModelSqlError =>
  new ModelSqlError(
    '25P02',
    'current transaction is aborted, commands ignored until end of transaction block',
  );
