/**
 * INSERT … ON CONFLICT: PostgreSQL's "upsert" (src/backend/executor/nodeModifyTable.c,
 * ExecInsert with an arbiter index, ExecOnConflictUpdate, ExecCheckTupleVisible).
 *
 * Before a row is inserted, the arbiter index (here the primary key's) is searched for its key
 * with a dirty snapshot (check_exclusion_or_unique_constraint in execIndexing.c): a version a
 * running transaction inserted or deleted makes the statement wait for that transaction and
 * search again, as a plain insert's uniqueness check does. What it finds decides:
 *
 * - nothing: the row is inserted. PostgreSQL inserts "speculatively" and undoes the insertion
 *   if a concurrent insert of the same key slipped in between; the model's statements run
 *   without interruption between the search and the insert, so nothing can slip in.
 * - a live version and DO NOTHING: the row is skipped. At repeatable read and serializable the
 *   version must be visible to the transaction's snapshot; if another transaction committed it
 *   after the snapshot, skipping would act on a row the transaction cannot see: 40001
 *   "could not serialize access due to concurrent update" (a version this transaction wrote
 *   itself, even in this command, is never an error).
 * - a live version and DO UPDATE: the version is locked (FOR UPDATE if the SET list names a key
 *   column, else FOR NO KEY UPDATE), waiting for a transaction that holds it. If a committed
 *   transaction updated or deleted it meanwhile, read committed starts the row over from the
 *   search (the new version might no longer conflict); repeatable read and serializable fail
 *   with 40001. Locked, it must pass the same visibility test as DO NOTHING, then the WHERE
 *   clause (a row that fails it stays locked, not updated), and is updated with the SET list
 *   computed from it. A version this very command inserted or updated cannot be updated again:
 *   21000 "ON CONFLICT DO UPDATE command cannot affect row a second time".
 *
 * The search takes no SIREAD lock (a dirty snapshot is not an MVCC snapshot, so predicate.c
 * ignores it); the update is an ordinary write, with its rw-conflict checks.
 */

import type { Value } from '../../run/outcome.ts';
import { acquireTwoPhaseLock } from '../locks/acquire-two-phase-lock.ts';
import type { Work } from '../locks/wait.ts';
import type { HeapTable, TupleVersion } from '../mvcc/heap.ts';
import { isVisible } from '../mvcc/visibility.ts';
import { bindPredicate, type RowShape } from '../sql/bind-expression.ts';
import type { Expression, OnConflict } from '../sql/sql-ast.ts';
import { ModelSqlError, writeConflict } from '../sql/sql-error.ts';
import type { BoundExpression } from '../sql/sql-types.ts';
import { awaitConflict, checkNotNull, insertIndexEntry } from './check-constraints.ts';
import { type BoundAssignment, bindAssignments } from './execute-modify.ts';
import { lockRow, updateRow } from './row-operations.ts';
import type { StatementContext } from './statement-context.ts';
import { partitionHolds } from './table-members.ts';

/** An ON CONFLICT clause, analysed against its table. */
export type BoundOnConflict =
  | { readonly action: 'nothing'; readonly arbiter: boolean }
  | {
      readonly action: 'update';
      readonly arbiter: true;
      readonly assignments: readonly BoundAssignment[];
      readonly where: BoundExpression | null;
      /** The SET list names a key column: the row is locked FOR UPDATE, not FOR NO KEY UPDATE. */
      readonly setsKey: boolean;
    };

/** What happened to one proposed row. */
export type ConflictOutcome =
  | { readonly kind: 'insert' }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'updated'; readonly values: readonly Value[] };

/**
 * Parse analysis of the clause (transformOnConflictClause, infer_arbiter_indexes): the target
 * must name exactly the primary key's columns, and DO UPDATE needs a target.
 */
export function bindOnConflict(
  clause: OnConflict,
  table: HeapTable,
  alias: string = table.def.name,
): BoundOnConflict {
  const { def } = table;
  if (clause.target !== null) {
    // A unique index's keys: column names, and an expression's parse tree as text.
    const key = table.index?.keyNames ?? def.primaryKey.map((column) => def.columns[column]?.name);
    const matches =
      key.length > 0 &&
      clause.target.every((name) => key.includes(name)) &&
      key.every((name) => clause.target?.includes(name as string));
    if (!matches) {
      for (const name of clause.target) {
        if (!name.startsWith('{') && !def.columns.some((column) => column.name === name))
          throw new ModelSqlError('42703', `column "${name}" does not exist`);
      }
      throw new ModelSqlError(
        '42P10',
        'there is no unique or exclusion constraint matching the ON CONFLICT specification',
      );
    }
  }
  if (clause.action === 'nothing') return { action: 'nothing', arbiter: table.index !== null };
  if (clause.target === null) {
    throw new ModelSqlError(
      '42601',
      'ON CONFLICT DO UPDATE requires inference specification or constraint name',
    );
  }
  // EXCLUDED shares the target's column names, so an unqualified name is ambiguous
  // (PostgreSQL's parse analysis, 42702).
  for (const { value } of clause.assignments) refuseUnqualified(value, table);
  if (clause.where !== null) refuseUnqualified(clause.where, table);
  // The expressions see the existing row and, as `excluded`, the row proposed for insertion:
  // evaluated on the two side by side.
  // A partition's clause is written against the partitioned table, and names it.
  const shape: RowShape = { table: def.name, alias, columns: def.columns, excluded: true };
  const assignments = bindAssignments(clause.assignments, shape);
  return {
    action: 'update',
    arbiter: true,
    assignments,
    where: clause.where === null ? null : bindPredicate(clause.where, shape, 'WHERE'),
    setsKey: assignments.some(({ column }) => def.primaryKey.includes(column)),
  };
}

/** Searches for the row's key and acts on a conflict; `insert` when the row is to be inserted. */
export function* resolveConflict(
  context: StatementContext,
  table: HeapTable,
  values: readonly Value[],
  clause: BoundOnConflict,
): Work<ConflictOutcome> {
  const { db, xact } = context;
  if (!clause.arbiter) return { kind: 'insert' };
  for (;;) {
    const existing = yield* awaitConflict(context, table, table.keyOf(values), null);
    if (existing === null) return { kind: 'insert' };
    context.recordRead(existing);
    if (clause.action === 'nothing') {
      yield* checkVisible(context, existing);
      db.narrator?.record(
        'read',
        [xact.session],
        `${xact.session} finds the key already in ${context.describe(existing)}: ON CONFLICT DO NOTHING skips the row.`,
      );
      return { kind: 'skipped' };
    }
    if (xact.usesTwoPhaseLocking) {
      yield* acquireTwoPhaseLock(context, {
        kind: 'row',
        owner: xact.session,
        table: table.def.name,
        row: existing.row,
        mode: 'exclusive',
        images: [existing.values],
        text: `the row (${existing.values.map(String).join(', ')}) of ${table.def.name}`,
      });
    }
    const locked = yield* lockRow(
      context,
      existing,
      clause.setsKey ? 'exclusive' : 'no key exclusive',
      false,
    );
    if (locked.kind === 'updated' || locked.kind === 'deleted' || locked.kind === 'moved') {
      if (xact.usesTransactionSnapshot) {
        throw writeConflict(locked.kind === 'deleted' ? 'delete' : 'update');
      }
      // Read committed: start over; the newer version may no longer hold the key.
      continue;
    }
    if (locked.kind !== 'done') {
      throw new ModelSqlError('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time');
    }
    yield* checkVisible(context, existing);
    const both = [...existing.values, ...values];
    if (clause.where !== null && clause.where.evaluate(both) !== true) {
      db.narrator?.record(
        'read',
        [xact.session],
        `${xact.session} finds the key already in ${context.describe(existing)} and locks it; the DO UPDATE's WHERE clause rejects it, so the row is neither inserted nor updated.`,
      );
      return { kind: 'skipped' };
    }
    const updated = [...existing.values];
    for (const { column, value } of clause.assignments) updated[column] = value.evaluate(both);
    checkNotNull(table.def.name, table.def.columns, updated);
    // The updated row must stay in its partition: ON CONFLICT does not move rows (ExecCrossPartitionUpdate).
    if (!partitionHolds(db, xact, table, updated))
      throw new ModelSqlError('0A000', 'invalid ON UPDATE specification', {
        detail: 'The result tuple would appear in a different partition than the original tuple.',
      });
    const keyChanged = table.def.primaryKey.some((column) => updated[column] !== existing.values[column]);
    const outcome = yield* updateRow(context, existing, updated, keyChanged);
    if (outcome.kind !== 'done') continue;
    if (!outcome.version.heapOnly && table.index !== null) {
      yield* insertIndexEntry(
        context,
        table,
        outcome.version,
        `enters the new version's key in ${table.index.name}`,
      );
    }
    return { kind: 'updated', values: updated };
  }
}

function refuseUnqualified(expression: Expression, table: HeapTable): void {
  if (expression.kind === 'column') {
    if (expression.table === null && table.def.columns.some((column) => column.name === expression.name))
      throw new ModelSqlError('42702', `column reference "${expression.name}" is ambiguous`);
    return;
  }
  for (const value of Object.values(expression)) {
    if (Array.isArray(value)) for (const item of value) refuseUnqualified(item as Expression, table);
    else if (typeof value === 'object' && value !== null && 'kind' in value)
      refuseUnqualified(value as Expression, table);
  }
}

/** ExecCheckTupleVisible: at repeatable read and serializable, the conflicting row must be visible. */
function* checkVisible(context: StatementContext, existing: TupleVersion): Work<void> {
  const { db, xact } = context;
  if (!xact.usesTransactionSnapshot || existing.xmin === xact.xid) return;
  const viewer = yield* context.viewer();
  if (isVisible(existing, viewer, db.xacts)) return;
  throw writeConflict('update');
}
