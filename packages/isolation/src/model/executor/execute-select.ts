/**
 * SELECT: a scan, a filter, the select list (project-rows.ts), ORDER BY, and FOR UPDATE /
 * FOR SHARE (src/backend/executor/nodeLockRows.c).
 *
 * A plain SELECT never waits: it reads the versions its snapshot sees, whatever locks other
 * transactions hold. A locking SELECT locks each row it returns (row-operations.ts, lockRow),
 * which can wait like a writer. At read committed, a row a committed transaction changed
 * meanwhile is followed to its newest version, locked there and tested against the WHERE
 * clause again (EvalPlanQual), and the newest values are returned; at repeatable read and
 * serializable such a row is a serialization failure (40001), as for an UPDATE.
 */

import type { ResultSet, Value } from '../../run/outcome.ts';
import { acquireTwoPhaseLock, lockPredicateIfTwoPhase } from '../locks/acquire-two-phase-lock.ts';
import { callAdvisoryFunction } from '../locks/advisory-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { TupleLockMode, TupleVersion } from '../mvcc/heap.ts';
import { narrate } from '../narration.ts';
import { bindExpression, bindPredicate, noRow, type RowShape } from '../sql/bind-expression.ts';
import { displayRows } from '../sql/date-time.ts';
import type { OrderItem, RowLockStrength, SelectItem, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError, movedToAnotherPartition, writeConflict } from '../sql/sql-error.ts';
import { type BoundExpression, comparatorOf, type ValueType } from '../sql/sql-types.ts';
import { analysed } from './analysis-cache.ts';
import { type AccessPath, chooseAccessPath, pathFor } from './choose-access-path.ts';
import { passesWhere, whereClauseText } from './execute-modify.ts';
import { bindProjection, type Projection } from './project-rows.ts';
import { lockRow } from './row-operations.ts';
import { isNextvalItem, selectNextval } from './select-nextval.ts';
import { runTablelessQuery } from './series-query.ts';
import type { StatementContext } from './statement-context.ts';
import { openMembers, predicateOn, rowReader, scanMembers } from './table-members.ts';

type SelectStatement = Statement & { kind: 'select' };

function isAdvisoryItem(item: SelectItem): boolean {
  return item.kind === 'expression' && item.expression.kind === 'advisory';
}

/** `SELECT pg_advisory_lock(1), …` (the parser allows nothing else beside them): one row. */
function* runAdvisoryCalls(
  context: StatementContext,
  items: readonly SelectItem[],
): Work<{ rows: ResultSet; command: string }> {
  const { db, xact } = context;
  const columns: string[] = [];
  const row: Value[] = [];
  for (const item of items) {
    if (item.kind !== 'expression' || item.expression.kind !== 'advisory') continue;
    columns.push(item.alias ?? item.expression.function);
    row.push(yield* callAdvisoryFunction(db.advisory, item.expression, xact));
  }
  return { rows: { columns, rows: [row] }, command: 'SELECT 1' };
}

const lockModes: Record<RowLockStrength, TupleLockMode> = {
  update: 'exclusive',
  'no key update': 'no key exclusive',
  share: 'share',
  'key share': 'key share',
};

/**
 * Runs a SELECT. Its rows come as the session sees them (dates in its DateStyle), unless
 * `stored`: then as stored, with their types, for a subquery whose value the statement uses.
 */
export function* executeSelect(
  context: StatementContext,
  statement: SelectStatement,
  options: { stored?: boolean } = {},
): Work<{ rows: ResultSet; command: string; types?: readonly ValueType[] }> {
  const display = options.stored === true ? null : context.db.display;
  const { db, xact } = context;
  if (statement.from === null && statement.items.some(isAdvisoryItem)) {
    yield* context.viewer(true);
    return yield* runAdvisoryCalls(context, statement.items);
  }
  if (statement.from === null && statement.items.some(isNextvalItem))
    return yield* selectNextval(context, statement);
  if (statement.series !== undefined) {
    // FROM generate_series(…): rows made, not read (series-query.ts).
    yield* context.viewer(true);
    const result = runTablelessQuery(statement);
    return {
      rows: { columns: [...result.columns], rows: result.rows.map((row) => [...row]) },
      command: `SELECT ${result.rows.length}`,
    };
  }
  if (statement.from === null) {
    const projection = bindProjection(statement.items, noRow, 'SELECT');
    yield* context.viewer(true);
    const rows = displayRows(
      [projection.aggregate ? projection.aggregateRow([[]]) : projection.row([])],
      projection.types,
      display,
    );
    return { rows: { columns: projection.columns, rows }, command: 'SELECT 1', types: projection.types };
  }
  const table = db.table(statement.from.table);
  yield* context.openTable(
    table.def.name,
    statement.lock === null ? 'ACCESS SHARE' : 'ROW SHARE',
    statement.lock === null,
  );
  // The definition as the lock finds it (ALTER TABLE may have changed it while we waited).
  const { def } = table;
  const { predicate, projection, sortKeys, paths, whereText } = analysed(statement, table, () => {
    const from = statement.from as NonNullable<SelectStatement['from']>;
    const shape: RowShape = { table: def.name, alias: from.alias, columns: def.columns };
    const grouped = statement.groupBy === undefined ? null : new Set(statement.groupBy);
    const projection = bindProjection(statement.items, shape, 'SELECT', grouped);
    if (statement.lock !== null && (projection.aggregate || grouped !== null)) {
      throw new ModelSqlError(
        '0A000',
        `FOR ${statement.lock.toUpperCase()} is not allowed with ${grouped === null ? 'aggregate functions' : 'GROUP BY clause'}`,
      );
    }
    return {
      predicate: statement.where === null ? null : bindPredicate(statement.where, shape, 'WHERE'),
      projection,
      sortKeys: bindOrder(statement.orderBy, projection, shape),
      paths: new Map<string, AccessPath>(),
      whereText:
        statement.where === null
          ? `all of ${def.name}`
          : `${def.name} where ${whereClauseText(statement.text.replace(/\border\s+by[\s\S]*$/i, '').replace(/\bfor\s+(update|share|no\s+key|key)[\s\S]*$/i, ''))}`,
    };
  });
  const path = pathFor(paths, db.planner.get(xact.session), (disabled) =>
    chooseAccessPath(
      table,
      statement.where,
      statement.orderBy,
      disabled,
      needsNoColumn(statement),
      statement.limit !== null,
    ),
  );
  // A parent's children or partitions (table-members.ts): each read with its own access path.
  const members = yield* openMembers(
    db,
    xact,
    table,
    statement.lock === null ? 'ACCESS SHARE' : 'ROW SHARE',
    statement.where,
    context.plannerSnapshot(),
  );
  const valuesOf = rowReader(members);
  for (const member of members) {
    const memberPredicate = predicateOn(member, predicate);
    yield* lockPredicateIfTwoPhase(context, member.table.def.name, memberPredicate, whereText);
  }
  const viewer = yield* context.viewer(statement.lock === null);
  // `WHERE pg_advisory_lock(k) IS NOT NULL`: the query waits here, after its snapshot.
  for (const call of statement.advisoryLocks ?? []) yield* callAdvisoryFunction(db.advisory, call, xact);
  const presorted = members.length === 1 && isPresorted(path, statement.orderBy);
  let matched: TupleVersion[] = [];
  const scan = scanMembers(context, members, viewer, {
    statement,
    table,
    path,
    where: statement.where,
    orderBy: statement.orderBy,
    whose: '',
    predicate,
    whereText,
  });
  // Rows already in order with a LIMIT: PostgreSQL's Limit stops pulling rows once it has
  // enough, so the scan reads (and SIREAD-locks) only the rows up to there; a locking SELECT
  // locks as it reads (LockRows sits between the two). Otherwise every row is read first.
  const stopsEarly = presorted && statement.limit !== null && !projection.aggregate;
  // Pulled one at a time only when a LIMIT may stop the scan; otherwise one plain loop.
  const passing = stopsEarly ? matchingRows(scan, predicate, valuesOf) : [];
  if (!stopsEarly) {
    for (const version of scan) if (passesWhere(predicate, valuesOf(version))) matched.push(version);
    if (!presorted && sortKeys.length > 0 && !projection.aggregate) {
      matched = sortRows(matched, sortKeys, projection, valuesOf);
    }
  } else if (statement.lock === null) {
    for (const version of passing) {
      matched.push(version);
      if (matched.length >= (statement.limit ?? 0)) break;
    }
  }
  if (statement.lock !== null) {
    const mode = lockModes[statement.lock];
    const locked: TupleVersion[] = [];
    for (const version of stopsEarly ? passing : matched) {
      if (xact.usesTwoPhaseLocking) {
        yield* acquireTwoPhaseLock(context, {
          kind: 'row',
          owner: xact.session,
          table: version.table,
          row: version.row,
          mode: mode === 'share' || mode === 'key share' ? 'shared' : 'exclusive',
          images: [version.values],
          text: `the row (${version.values.map(String).join(', ')}) of ${version.table}`,
        });
      }
      if (statement.limit !== null && locked.length >= statement.limit) break;
      const outcome = yield* lockRow(
        context,
        version,
        mode,
        !xact.usesTransactionSnapshot,
        statement.waitPolicy,
      );
      if (outcome.kind === 'updated' || outcome.kind === 'deleted' || outcome.kind === 'moved') {
        if (xact.usesTransactionSnapshot) throw writeConflict('update');
        if (outcome.kind === 'moved') throw movedToAnotherPartition();
        continue;
      }
      if (outcome.kind === 'invisible') throw new ModelSqlError('XX000', 'attempted to lock invisible tuple');
      if (outcome.kind !== 'done') continue;
      if (outcome.traversed === true) {
        const stillMatches = passesWhere(predicate, valuesOf(outcome.version));
        db.narrator?.record(
          'read',
          [xact.session],
          narrate.recheck(
            xact.session,
            context.describe(outcome.version),
            stillMatches,
            stillMatches ? 'returns it' : 'leaves the row out (it keeps the lock)',
          ),
        );
        if (!stillMatches) continue;
      }
      locked.push(outcome.version);
      if (statement.limit !== null && locked.length >= statement.limit) break;
    }
    matched = locked;
  }
  // LIMIT sits above LockRows in PostgreSQL's plan: a locking SELECT stopped locking once it had
  // enough rows (above); a plain one takes the first rows in the order it produced them.
  if (statement.limit !== null && !projection.aggregate) matched = matched.slice(0, statement.limit);
  for (const version of matched) context.recordRead(version);
  if (statement.groupBy !== undefined) {
    const rows = groupedRows(statement.groupBy, def.columns, matched.map(valuesOf), projection);
    return {
      rows: { columns: projection.columns, rows: displayRows(rows, projection.types, display) },
      command: `SELECT ${rows.length}`,
      types: projection.types,
    };
  }
  if (projection.aggregate) {
    return {
      rows: {
        columns: projection.columns,
        rows: displayRows([projection.aggregateRow(matched.map(valuesOf))], projection.types, db.display),
      },
      command: 'SELECT 1',
    };
  }
  const rows = displayRows(
    matched.map((version) => projection.row(valuesOf(version))),
    projection.types,
    display,
  );
  return {
    rows: { columns: projection.columns, rows },
    command: `SELECT ${rows.length}`,
    types: projection.types,
  };
}

/**
 * GROUP BY: the rows in groups of equal values of the grouped columns (NULLs together, as
 * GROUP BY treats them as equal), one output row per group, in the order each group was first
 * met (PostgreSQL's order depends on its plan, HashAggregate or Sort and GroupAggregate; a
 * query that needs an order says ORDER BY).
 */
function groupedRows(
  groupBy: readonly string[],
  columns: readonly { readonly name: string }[],
  inputs: readonly (readonly Value[])[],
  projection: Projection,
): Value[][] {
  const positions = groupBy.map((name) => {
    const at = columns.findIndex((column) => column.name === name);
    if (at === -1) throw new ModelSqlError('42703', `column "${name}" does not exist`);
    return at;
  });
  const groups = new Map<string, (readonly Value[])[]>();
  for (const input of inputs) {
    const key = JSON.stringify(positions.map((at) => input[at] ?? null));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [input]);
    else group.push(input);
  }
  return [...groups.values()].map((group) =>
    projection.aggregate ? projection.aggregateRow(group) : projection.row(group[0] as readonly Value[]),
  );
}

/** The scanned rows the WHERE keeps, pulled one at a time (so a LIMIT can stop the scan). */
function* matchingRows(
  scan: Iterable<TupleVersion>,
  predicate: BoundExpression | null,
  valuesOf: (version: TupleVersion) => readonly Value[],
): Generator<TupleVersion> {
  for (const version of scan) if (passesWhere(predicate, valuesOf(version))) yield version;
}

interface SortKey {
  readonly descending: boolean;
  readonly value: (input: readonly Value[], output: readonly Value[]) => Value;
  /** How two of its values order (numerics by value). */
  readonly compare: (a: Value, b: Value) => number;
}

/** ORDER BY items: an output position, an output column's name, or an expression over the row. */
function bindOrder(items: readonly OrderItem[], projection: Projection, shape: RowShape): SortKey[] {
  return items.map(({ expression, descending }) => {
    if (expression.kind === 'literal' && typeof expression.value === 'number') {
      const position = expression.value;
      if (!Number.isInteger(position) || position < 1 || position > projection.columns.length) {
        throw new ModelSqlError('42P10', `ORDER BY position ${position} is not in select list`);
      }
      const type = projection.types[position - 1] ?? 'text';
      return {
        descending,
        value: (_input, output) => output[position - 1] ?? null,
        compare: comparatorOf(type, type),
      };
    }
    if (expression.kind === 'column' && expression.table === null) {
      const at = projection.columns.indexOf(expression.name);
      if (at !== -1 && projection.columns.lastIndexOf(expression.name) === at) {
        const type = projection.types[at] ?? 'text';
        return {
          descending,
          value: (_input, output) => output[at] ?? null,
          compare: comparatorOf(type, type),
        };
      }
    }
    const bound = bindExpression(expression, shape, 'ORDER BY');
    return {
      descending,
      value: (input) => bound.evaluate(input),
      compare: comparatorOf(bound.type, bound.type),
    };
  });
}

function sortRows(
  rows: TupleVersion[],
  keys: readonly SortKey[],
  projection: Projection,
  valuesOf: (version: TupleVersion) => readonly Value[],
): TupleVersion[] {
  const decorated = rows.map((version) => {
    const values = valuesOf(version);
    const output = projection.row(values);
    return { version, keys: keys.map((key) => key.value(values, output)) };
  });
  decorated.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y) continue;
      // Ascending puts NULL last, descending first: NULL sorts as larger than every value.
      const order = x === null ? 1 : y === null ? -1 : key.compare(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
  return decorated.map((entry) => entry.version);
}

/** `SELECT count(*) FROM t`: the query reads no column, so a whole-index read needs no heap column. */
function needsNoColumn(statement: SelectStatement): boolean {
  return (
    statement.where === null &&
    statement.orderBy.length === 0 &&
    statement.items.every(
      (item) =>
        item.kind === 'expression' &&
        item.expression.kind === 'aggregate' &&
        item.expression.argument === null,
    )
  );
}

/** An index scan over the whole index already returns the rows in ORDER BY's order. */
function isPresorted(path: AccessPath, orderBy: readonly OrderItem[]): boolean {
  return path.kind === 'index-scan' && path.keys === null && orderBy.length > 0;
}
