/**
 * UPDATE and DELETE: src/backend/executor/nodeModifyTable.c (ExecUpdate, ExecDelete) over a
 * scan, with EvalPlanQual (src/backend/executor/execMain.c).
 *
 * The scan reads rows with the statement's snapshot and tests the WHERE clause on the version
 * it sees; each row that qualifies is then updated or deleted (row-operations.ts), which may
 * wait for a transaction that holds the row. What happens when that transaction committed a
 * change of its own is the difference between the levels:
 *
 * - repeatable read and serializable: the row changed after this transaction's snapshot, so
 *   writing it would lose that change: 40001 "could not serialize access due to concurrent
 *   update" (first updater wins);
 * - read committed: EvalPlanQual. The newest version of the row is locked, the WHERE clause
 *   is tested again on it, and if it still holds, the SET expressions are computed from it and
 *   it is the one updated; if not, the row is skipped (and stays locked). Rows the snapshot did
 *   not see at all are never considered, which is why a read-committed UPDATE can miss a row
 *   another transaction moved into its WHERE clause (Hermitage's pmp-write).
 */

import type { ResultSet, Value } from '../../run/outcome.ts';
import { acquireTwoPhaseLock, lockPredicateIfTwoPhase } from '../locks/acquire-two-phase-lock.ts';
import { callAdvisoryFunction } from '../locks/advisory-locks.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { TupleVersion } from '../mvcc/heap.ts';
import { narrate } from '../narration.ts';
import { bindAssignment, bindPredicate, type RowShape } from '../sql/bind-expression.ts';
import { displayRows } from '../sql/date-time.ts';
import { isDefaultKeyword } from '../sql/default-keyword.ts';
import type { Expression, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError, movedToAnotherPartition, writeConflict } from '../sql/sql-error.ts';
import type { BoundExpression } from '../sql/sql-types.ts';
import { analysed } from './analysis-cache.ts';
import { checkNotNull, insertIndexEntry } from './check-constraints.ts';
import { type AccessPath, chooseAccessPath, pathFor } from './choose-access-path.ts';
import { defaultOf } from './column-defaults.ts';
import { insertVersion } from './execute-insert.ts';
import { bindProjection } from './project-rows.ts';
import { deleteRow, lockRow, type RowOutcome, updateRow } from './row-operations.ts';
import type { StatementContext } from './statement-context.ts';
import {
  memberFinder,
  memberRow,
  openMembers,
  parentRow,
  partitionFor,
  predicateOn,
  scanMembers,
} from './table-members.ts';

type ModifyStatement = Statement & { kind: 'update' | 'delete' };

export function* executeModify(
  context: StatementContext,
  statement: ModifyStatement,
): Work<{ rows: ResultSet | null; command: string }> {
  const { db, xact } = context;
  const verb = statement.kind === 'update' ? 'UPDATE' : 'DELETE';
  if (xact.readOnly) throw new ModelSqlError('25006', `cannot execute ${verb} in a read-only transaction`);
  const table = db.table(statement.target.table);
  yield* context.openTable(table.def.name, 'ROW EXCLUSIVE');
  // The definition as the lock finds it (ALTER TABLE may have changed it while we waited).
  const { def } = table;
  const { predicate, assignments, returning, whereText, paths } = analysed(statement, table, () => {
    const shape: RowShape = { table: def.name, alias: statement.target.alias, columns: def.columns };
    return {
      predicate: statement.where === null ? null : bindPredicate(statement.where, shape, 'WHERE'),
      assignments: statement.kind === 'update' ? bindAssignments(statement.assignments, shape) : [],
      returning:
        statement.returning === null ? null : bindProjection(statement.returning, shape, 'RETURNING'),
      whereText:
        statement.where === null
          ? `all of ${def.name}`
          : `${def.name} where ${whereClauseText(statement.text)}`,
      paths: new Map<string, AccessPath>(),
    };
  });
  const path = pathFor(paths, db.planner.get(xact.session), (disabled) =>
    chooseAccessPath(table, statement.where, [], disabled),
  );
  // A parent's children or partitions (table-members.ts), each scanned in turn.
  const members = yield* openMembers(
    db,
    xact,
    table,
    'ROW EXCLUSIVE',
    statement.where,
    context.plannerSnapshot(),
  );
  for (const member of members)
    yield* lockPredicateIfTwoPhase(context, member.table.def.name, predicateOn(member, predicate), whereText);
  const viewer = yield* context.viewer();
  let count = 0;
  const returned: Value[][] = [];
  const scan = scanMembers(context, members, viewer, {
    statement,
    table,
    path,
    where: statement.where,
    orderBy: [],
    whose: `'s ${verb}`,
    predicate,
    whereText,
  });
  const memberOfVersion = memberFinder(members);
  for (const seen of scan) {
    const member = memberOfVersion(seen);
    const memberTable = member.table;
    const memberDef = memberTable.def;
    // `WHERE pg_advisory_lock(k) IS NOT NULL`: called for each row the filter sees, and may wait.
    if (statement.advisoryLocks !== undefined)
      yield* callWhereAdvisoryFunctions(context, statement.advisoryLocks);
    if (!passesWhere(predicate, parentRow(member, seen.values))) continue;
    let target: TupleVersion = seen;
    for (;;) {
      const old = parentRow(member, target.values);
      const values = statement.kind === 'update' ? newValues(old, assignments) : null;
      // SET col = DEFAULT: computed with the other new values, again at each EvalPlanQual retry.
      for (const { column, value } of statement.kind === 'update' ? statement.assignments : []) {
        if (values === null || !isDefaultKeyword(value)) continue;
        const position = def.columns.findIndex((c) => c.name === column);
        values[position] = yield* defaultOf(context, def, position);
      }
      if (values !== null) checkNotNull(def.name, def.columns, values);
      // An UPDATE whose row now belongs in another partition moves it there (ExecCrossPartitionUpdate).
      const destination = values === null ? member : partitionFor(db, xact, table, member, values);
      const moving = destination.table !== memberTable;
      const stored = values === null ? null : memberRow(member, values, target.values);
      const keyChanged =
        stored !== null && memberDef.primaryKey.some((column) => stored[column] !== target.values[column]);
      if (xact.usesTwoPhaseLocking) {
        yield* acquireTwoPhaseLock(context, {
          kind: 'row',
          owner: xact.session,
          table: memberDef.name,
          row: target.row,
          mode: 'exclusive',
          images: stored === null ? [target.values] : [target.values, stored],
          text: `the row (${target.values.map(String).join(', ')}) of ${memberDef.name}`,
        });
      }
      const outcome: RowOutcome =
        stored === null || moving
          ? yield* deleteRow(context, target, moving)
          : yield* updateRow(context, target, stored, keyChanged);
      if (outcome.kind === 'done' && moving && values !== null) {
        yield* lockRelation(db.relationLocks, destination.table.def.name, xact, 'ROW EXCLUSIVE');
        db.narrator?.record(
          'write',
          [xact.session],
          `${xact.session}'s new row belongs in partition ${destination.table.def.name}: the UPDATE deleted it from ${memberDef.name} and inserts it there.`,
        );
        yield* insertVersion(context, destination.table, memberRow(destination, values));
        context.recordRead(target);
        count++;
        if (returning !== null) returned.push(returning.row(values));
        break;
      }
      if (outcome.kind === 'done') {
        // The read is the version the statement finally used: after a wait and EvalPlanQual,
        // the newest one, not the one its snapshot first found. Recording the first would
        // invent an rw edge to the transaction it waited for (T2 "missed" T1's version, which
        // it in fact computed from), and with it a cycle no serial order fits.
        context.recordRead(target);
        count++;
        if (values !== null && !outcome.version.heapOnly && memberTable.indexes.length > 0) {
          // Not a heap-only tuple: the new version needs its own index entry, checked as an insert.
          yield* insertIndexEntry(
            context,
            memberTable,
            outcome.version,
            `enters the new version's key in ${memberTable.index?.name ?? memberDef.name}`,
          );
        }
        if (returning !== null) returned.push(returning.row(values ?? old));
        break;
      }
      if (outcome.kind === 'updated' || outcome.kind === 'deleted' || outcome.kind === 'moved') {
        if (xact.usesTransactionSnapshot) {
          const kind = outcome.kind === 'deleted' ? 'deleted' : 'updated';
          db.narrator?.record(
            'error',
            [xact.session],
            narrate.firstUpdaterWins(xact.session, context.describe(target), kind, xact.isolation),
          );
          throw writeConflict(kind === 'deleted' ? 'delete' : 'update');
        }
        if (outcome.kind === 'moved') throw movedToAnotherPartition();
        if (outcome.kind === 'deleted') {
          db.narrator?.record(
            'read',
            [xact.session],
            narrate.deletedMeanwhile(xact.session, context.describe(target)),
          );
          break;
        }
        // EvalPlanQual: lock the newest version and test the WHERE clause on it again.
        const mode = statement.kind === 'delete' || keyChanged || moving ? 'exclusive' : 'no key exclusive';
        const locked = yield* lockRow(context, target, mode, true);
        if (locked.kind === 'moved') throw movedToAnotherPartition();
        if (locked.kind !== 'done') break;
        const latest = locked.version;
        // The recheck evaluates the whole WHERE clause again, advisory-lock calls included.
        if (statement.advisoryLocks !== undefined)
          yield* callWhereAdvisoryFunctions(context, statement.advisoryLocks);
        const stillMatches = passesWhere(predicate, parentRow(member, latest.values));
        // A row the recheck rejects was still read: its new values decided the outcome.
        if (!stillMatches) context.recordRead(latest);
        db.narrator?.record(
          'read',
          [xact.session],
          narrate.recheck(
            xact.session,
            context.describe(latest),
            stillMatches,
            stillMatches
              ? statement.kind === 'update'
                ? 'updates it, computing the new values from it'
                : 'deletes it'
              : 'skips the row (it keeps the row lock)',
          ),
        );
        if (!stillMatches) break;
        target = latest;
        continue;
      }
      break;
    }
  }
  return {
    rows:
      returning === null
        ? null
        : { columns: returning.columns, rows: displayRows(returned, returning.types, db.display) },
    command: `${verb} ${count}`,
  };
}

/**
 * The advisory-lock calls of a WHERE clause, for one row: PostgreSQL evaluates the filter per
 * row, so `pg_advisory_lock(k)` takes one more session-level hold per row it sees (a session
 * then needs as many unlocks). The model calls them before the rest of the clause, where
 * PostgreSQL orders a filter's conditions by their estimated cost (order_qual_clauses in
 * createplan.c): the same for the clauses of the vendored specs, which test nothing else.
 */
function* callWhereAdvisoryFunctions(
  context: StatementContext,
  calls: readonly (Expression & { kind: 'advisory' })[],
): Work<void> {
  for (const call of calls) yield* callAdvisoryFunction(context.db.advisory, call, context.xact);
}

export interface BoundAssignment {
  readonly column: number;
  readonly value: BoundExpression;
}

/** An UPDATE's SET list (or ON CONFLICT DO UPDATE's), bound to the table's row. */
export function bindAssignments(
  assignments: readonly { readonly column: string; readonly value: Expression }[],
  shape: RowShape,
): BoundAssignment[] {
  const seen = new Set<number>();
  return assignments.map((assignment) => {
    const column = shape.columns.findIndex((c) => c.name === assignment.column);
    const def = shape.columns[column];
    if (def === undefined) {
      throw new ModelSqlError(
        '42703',
        `column "${assignment.column}" of relation "${shape.table}" does not exist`,
      );
    }
    if (seen.has(column))
      throw new ModelSqlError('42601', `multiple assignments to same column "${assignment.column}"`);
    seen.add(column);
    return { column, value: bindAssignment(assignment.value, shape, def, 'UPDATE') };
  });
}

export function newValues(old: readonly Value[], assignments: readonly BoundAssignment[]): Value[] {
  const values = [...old];
  for (const { column, value } of assignments) values[column] = value.evaluate(old);
  return values;
}

/** The WHERE clause of a statement as written, for narration and lock names. */
/**
 * Whether a row's values satisfy a statement's WHERE (true, not false or null), none meaning
 * every row. A module function rather than a closure per statement: under esbuild's keepNames
 * (tsx, the bundle) each named closure costs a defineProperty, and statements run by the
 * hundred thousand in a catalog pass.
 */
export function passesWhere(predicate: BoundExpression | null, values: readonly Value[]): boolean {
  return predicate === null || predicate.evaluate(values) === true;
}

export function whereClauseText(text: string): string {
  const match = /\bwhere\b([\s\S]*?)(\breturning\b[\s\S]*)?$/i.exec(text);
  return (match?.[1] ?? '').trim();
}
