/**
 * How a statement finds its rows: a sequential scan, an index scan, or a bitmap scan on one of
 * the table's indexes. The choice matters for serializable snapshot isolation, because each
 * path leaves different SIREAD locks (a sequential scan locks the whole table, an index scan
 * the index page and the rows it returns), and so for which transactions conflict.
 *
 * PostgreSQL's planner (src/backend/optimizer) decides by cost. The scenarios' tables are
 * tiny and never analysed, so the planner assumes ten pages of rows (estimate_rel_size in
 * plancat.c) and default selectivities, and on PostgreSQL 18 that gives these plans, checked
 * with EXPLAIN on the embedded server:
 *
 * - every column of the primary key (or of the unique index standing for it) compared with
 *   `=` to a constant (or `in` one value): Index Scan;
 * - every column of another index compared with `=` on a table counted at fewer than 200 rows
 *   (estimated at one row: see below): Index Scan;
 * - other conditions on an index's columns (`in` several values, ranges, `between`, `or` of
 *   equalities, `=` on a column of an index that is not unique): Bitmap Heap Scan, rows in
 *   physical order; the primary key's index is tried first, then the others in the order they
 *   were made;
 * - no WHERE clause (or any WHERE with a LIMIT), ORDER BY the key: Index Scan over the whole
 *   index, in key order, the WHERE as a filter;
 * - anything else: Seq Scan (sorting afterwards for ORDER BY).
 *
 * Once the table has been counted (an index built on it while it had rows, index_update_stats),
 * the planner knows how small it is: a table whose pages and rows cost less to read than one
 * index probe is read by Seq Scan whatever the condition, as `EXPLAIN` shows on a ten-row
 * table after CREATE INDEX.
 *
 * The session's planner switches change this as they change PostgreSQL's costs (a disabled
 * path costs so much that any other wins, costsize.c): with enable_bitmapscan off, a bitmap
 * scan becomes an Index Scan with the same conditions; with enable_indexscan off an Index Scan
 * becomes a bitmap scan; with enable_seqscan off a query with no usable condition reads a whole
 * B-tree index instead of the table (an Index Only Scan when the index holds every column the
 * query needs; its SIREAD locks are those of an index scan until VACUUM marks pages
 * all-visible, which the model does not track). A hash index answers `=` only and has no order.
 */
import type { Value } from '../../run/outcome.ts';
import type { HeapTable, TableIndex } from '../mvcc/heap.ts';
import { bindExpression, noRow } from '../sql/bind-expression.ts';
import type { Expression, OrderItem, PlannerCost, PlannerSetting, SqlType } from '../sql/sql-ast.ts';
import { coerce } from '../sql/sql-types.ts';

/** The planner switches a session has turned off (`SET enable_seqscan = off`) and the costs it set. */
export type PlannerSettings = ReadonlySet<PlannerSetting | `${PlannerCost}=${number}`>;

/** PostgreSQL's default cost units (costsize.c). */
const defaultCosts: Readonly<Record<PlannerCost, number>> = {
  seq_page_cost: 1,
  random_page_cost: 4,
  cpu_tuple_cost: 0.01,
  cpu_operator_cost: 0.0025,
};

/** A cost unit as the session set it, else its default. */
function costOf(settings: PlannerSettings, cost: PlannerCost): number {
  for (const entry of settings) if (entry.startsWith(`${cost}=`)) return Number(entry.slice(cost.length + 1));
  return defaultCosts[cost];
}

export const defaultPlanner: PlannerSettings = new Set();

export type AccessPath =
  | { readonly kind: 'seq-scan' }
  | {
      readonly kind: 'index-scan';
      /**
       * The index's name: a path is analysed once per table shape and serves every database
       * with a table like it (analysis-cache.ts), so it names the index rather than holding it.
       */
      readonly index: string;
      /** The keys to look up, in order; null for the whole index (filtered by `matches`). */
      readonly keys: readonly (readonly Value[])[] | null;
      /** Whether an entry's key satisfies the index conditions, when `keys` is null. */
      readonly matches?: (key: readonly Value[]) => boolean;
      readonly descending: boolean;
      /** Reads only the index (count(*) with enable_seqscan off): EXPLAIN's Index Only Scan. */
      readonly indexOnly?: boolean;
    }
  | {
      readonly kind: 'bitmap-scan';
      readonly index: string;
      /** Whether an index entry's key satisfies the index conditions. */
      readonly matches: (key: readonly Value[]) => boolean;
      /** The one key looked up when every index column is compared with `=` (a hash index's bucket). */
      readonly keys?: readonly (readonly Value[])[];
    };

/** The plan's name, as EXPLAIN prints it. */
export function describeAccessPath(path: AccessPath, table: HeapTable): string {
  switch (path.kind) {
    case 'seq-scan':
      return `Seq Scan on ${table.def.name}`;
    case 'index-scan':
      return `Index${path.indexOnly === true ? ' Only' : ''} Scan${path.descending ? ' Backward' : ''} using ${path.index} on ${table.def.name}`;
    case 'bitmap-scan':
      return `Bitmap Heap Scan on ${table.def.name} (Bitmap Index Scan on ${path.index})`;
  }
}

export function chooseAccessPath(
  table: HeapTable,
  where: Expression | null,
  orderBy: readonly OrderItem[],
  disabled: PlannerSettings = defaultPlanner,
  /** Whether the query needs no column at all (count(*)): a whole-index read is index-only. */
  needsNoColumn = false,
  /** Whether a LIMIT stops the query early (see the ORDER BY rule below). */
  limited = false,
): AccessPath {
  const { def } = table;
  // An index DROP INDEX CONCURRENTLY has marked invalid is maintained but never planned with.
  const indexes = table.indexes.every((index) => index.valid)
    ? table.indexes
    : table.indexes.filter((index) => index.valid);
  if (indexes.length === 0) return { kind: 'seq-scan' };
  if (table.counted !== null && !disabled.has('enable_seqscan')) {
    // A counted table is as small as it is: reading its few pages (seq_page_cost each, and
    // cpu_tuple_cost plus cpu_operator_cost per row) costs less than one index probe's two
    // random page reads and a little CPU (about 8.3 for a key lookup at the default
    // random_page_cost of 4), so the planner scans it.
    const sequentialCost =
      table.counted.pages * costOf(disabled, 'seq_page_cost') +
      table.counted.tuples * (costOf(disabled, 'cpu_tuple_cost') + costOf(disabled, 'cpu_operator_cost'));
    if (sequentialCost < 2 * costOf(disabled, 'random_page_cost') + 0.3) return { kind: 'seq-scan' };
  }
  const bitmapOrIndex = (
    index: TableIndex,
    matches: (key: readonly Value[]) => boolean,
    keys: readonly (readonly Value[])[] | null,
  ): AccessPath =>
    disabled.has('enable_bitmapscan') && !disabled.has('enable_indexscan')
      ? { kind: 'index-scan', index: index.name, keys, matches, descending: false }
      : { kind: 'bitmap-scan', index: index.name, matches, ...(keys === null ? {} : { keys }) };
  // A counted table of fewer than 200 rows: without statistics the planner takes each row's
  // value as distinct (get_variable_numdistinct in selfuncs.c), so every column compared with
  // `=` to constants is estimated at one row, which a plain Index Scan fetches for less than a
  // bitmap scan (EXPLAIN on PostgreSQL 18: 100 rows, CREATE INDEX, enable_seqscan off: Index
  // Scan using test_dc_data, as PostgreSQL's drop-index-concurrently-1 expects).
  const oneRow = table.counted !== null && table.counted.tuples < 200;
  let fallback: AccessPath | null = null;
  const conditions = where === null ? [] : conjuncts(where).map((conjunct) => JSON.stringify(conjunct));
  for (const index of indexes) {
    // An expression index answers conditions on its expression, which the model does not match.
    if (index.keyFunctions !== undefined) continue;
    // A partial index serves a query whose WHERE has each of the index's conditions
    // (predicate_implied_by, in the model: the same conjuncts, as written).
    if (index.predicate !== undefined && !impliedBy(index.predicate.text, conditions)) continue;
    const keyColumns = index.columns.map((column) => def.columns[column]?.name ?? '');
    const keyTypes = index.columns.map((column) => def.columns[column]?.type ?? 'text');
    const quals = (where === null ? [] : conjuncts(where))
      .flatMap((conjunct) => indexQuals(conjunct, keyColumns, keyTypes))
      .filter((qual) => index.method === 'btree' || qual.kind === 'equal');
    if (quals.length === 0) {
      // A partial index the query implies can be read whole: it holds just the rows wanted.
      if (index.predicate !== undefined && index.method === 'btree')
        fallback ??= bitmapOrIndex(index, () => true, null);
      continue;
    }
    const equal = keyColumns.map((_, i) => quals.find((qual) => qual.column === i && qual.kind === 'equal'));
    const matches = (key: readonly Value[]) => quals.every((qual) => qual.test(key[qual.column] ?? null));
    const allEqual = equal.every((qual) => qual !== undefined);
    const keys = [equal.map((qual) => (qual?.kind === 'equal' ? qual.value : null))];
    if (allEqual && (index.unique || oneRow || disabled.has('enable_bitmapscan'))) {
      if (!disabled.has('enable_indexscan'))
        return { kind: 'index-scan', index: index.name, keys, descending: false };
    }
    fallback ??= bitmapOrIndex(index, matches, allEqual ? keys : null);
  }
  if (fallback !== null) return fallback;
  const primary = table.index;
  // ORDER BY the key with no WHERE, or with a WHERE and a LIMIT (`… where claimed_by is null
  // order by id limit 1`): an Index Scan in key order, the WHERE as its filter, since a Limit
  // that stops after a few rows costs a fraction of the whole index (EXPLAIN on PostgreSQL 18:
  // Limit → LockRows → Index Scan using jobs_pkey, Filter: (claimed_by IS NULL); without the
  // LIMIT, Sort → Seq Scan).
  if (
    primary !== null &&
    (where === null || limited) &&
    orderBy.length > 0 &&
    orderBy.length <= primary.columns.length
  ) {
    const keyColumns = primary.columns.map((column) => def.columns[column]?.name ?? '');
    const direction = orderBy[0]?.descending ?? false;
    const onKey = orderBy.every(
      (item, i) =>
        item.descending === direction &&
        item.expression.kind === 'column' &&
        item.expression.name === keyColumns[i],
    );
    if (onKey) return { kind: 'index-scan', index: primary.name, keys: null, descending: direction };
  }
  if (disabled.has('enable_seqscan')) {
    // Every other path costs less than a disabled one: read a whole B-tree index.
    const whole = indexes.find(
      (index) =>
        index.method === 'btree' && index.predicate === undefined && index.keyFunctions === undefined,
    );
    if (whole !== undefined)
      return {
        kind: 'index-scan',
        index: whole.name,
        keys: null,
        descending: false,
        indexOnly: needsNoColumn,
      };
  }
  return { kind: 'seq-scan' };
}

type IndexQual =
  | {
      readonly kind: 'equal';
      readonly column: number;
      readonly value: Value;
      readonly test: (v: Value) => boolean;
    }
  | { readonly kind: 'other'; readonly column: number; readonly test: (v: Value) => boolean };

/** Whether every conjunct of a partial index's condition (JSON) is among the query's conjuncts. */
function impliedBy(predicate: string, conditions: readonly string[]): boolean {
  return conjuncts(JSON.parse(predicate) as Expression).every((part) =>
    conditions.includes(JSON.stringify(part)),
  );
}

/** The top-level AND-ed parts of a condition. */
function conjuncts(expression: Expression): Expression[] {
  if (expression.kind === 'and') return [...conjuncts(expression.left), ...conjuncts(expression.right)];
  return [expression];
}

const flip: Record<string, string> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const negate: Record<string, string> = { '=': '<>', '<>': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** The index conditions a conjunct gives on key columns (none when it does not fit the index). */
function indexQuals(
  expression: Expression,
  keyColumns: readonly string[],
  keyTypes: readonly SqlType[],
): IndexQual[] {
  let node = expression;
  // The planner pushes NOT into comparisons (negate_clause): not (id <> 1) is id = 1.
  if (node.kind === 'not' && node.operand.kind === 'comparison') {
    node = { ...node.operand, operator: negate[node.operand.operator] as typeof node.operand.operator };
  }
  if (node.kind === 'comparison') {
    const left = keyColumnOf(node.left, keyColumns);
    const right = keyColumnOf(node.right, keyColumns);
    if (left !== null && right === null) return comparisonQual(left, keyTypes, node.operator, node.right);
    if (right !== null && left === null)
      return comparisonQual(right, keyTypes, flip[node.operator] ?? '=', node.left);
    return [];
  }
  if (node.kind === 'between' && !node.negated) {
    const column = keyColumnOf(node.operand, keyColumns);
    if (column === null) return [];
    return [
      ...comparisonQual(column, keyTypes, '>=', node.low),
      ...comparisonQual(column, keyTypes, '<=', node.high),
    ];
  }
  if (node.kind === 'in' && !node.negated) {
    const column = keyColumnOf(node.operand, keyColumns);
    if (column === null) return [];
    const values = node.list.map((item) => constantValue(item, keyTypes[column] ?? 'text'));
    if (values.some((value) => value === undefined)) return [];
    if (values.length === 1) return comparisonQual(column, keyTypes, '=', node.list[0] as Expression);
    return [{ kind: 'other', column, test: (v) => values.includes(v as Value) }];
  }
  if (node.kind === 'or') {
    // id = 1 or id = 2 becomes id = ANY ('{1,2}').
    const parts = disjuncts(node);
    const quals = parts.map((part) => indexQuals(part, keyColumns, keyTypes));
    const column = quals[0]?.[0]?.column;
    if (
      column !== undefined &&
      quals.every((qual) => qual.length === 1 && qual[0]?.kind === 'equal' && qual[0].column === column)
    ) {
      const values = quals.map((qual) => (qual[0]?.kind === 'equal' ? qual[0].value : null));
      return [{ kind: 'other', column, test: (v) => values.includes(v) }];
    }
  }
  return [];
}

function disjuncts(expression: Expression): Expression[] {
  if (expression.kind === 'or') return [...disjuncts(expression.left), ...disjuncts(expression.right)];
  return [expression];
}

function comparisonQual(
  column: number,
  keyTypes: readonly SqlType[],
  operator: string,
  operand: Expression,
): IndexQual[] {
  // A quoted literal is read as the key column's type, as PostgreSQL coerces an unknown-type
  // constant: '101' is the number 101 against an integer key and stays the text '101' against a
  // text key.
  const value = constantValue(operand, keyTypes[column] ?? 'text');
  if (value === undefined) return [];
  const order = (v: Value) => {
    if (v === null || value === null) return null;
    const target = typeof v === 'string' ? String(value) : value;
    return v < target ? -1 : v > target ? 1 : 0;
  };
  const holds = (test: (n: number) => boolean) => (v: Value) => {
    const n = order(v);
    return n !== null && test(n);
  };
  switch (operator) {
    case '=':
      return [{ kind: 'equal', column, value, test: holds((n) => n === 0) }];
    case '<':
      return [{ kind: 'other', column, test: holds((n) => n < 0) }];
    case '<=':
      return [{ kind: 'other', column, test: holds((n) => n <= 0) }];
    case '>':
      return [{ kind: 'other', column, test: holds((n) => n > 0) }];
    case '>=':
      return [{ kind: 'other', column, test: holds((n) => n >= 0) }];
    default:
      return [];
  }
}

function keyColumnOf(expression: Expression, keyColumns: readonly string[]): number | null {
  if (expression.kind !== 'column') return null;
  const at = keyColumns.indexOf(expression.name);
  return at === -1 ? null : at;
}

/**
 * The value of an expression without columns, read as `type` when it is a quoted literal, or
 * undefined when it has columns or fails.
 */
function constantValue(expression: Expression, type: SqlType): Value | undefined {
  if (!isConstant(expression)) return undefined;
  try {
    const bound = coerce(bindExpression(expression, noRow, 'WHERE'), type);
    return bound.evaluate([]);
  } catch {
    return undefined;
  }
}

/** Whether an expression names no column (and no aggregate): the planner can fold it. */
function isConstant(expression: Expression): boolean {
  switch (expression.kind) {
    case 'literal':
      return true;
    case 'negate':
    case 'not':
    case 'is':
    case 'cast':
      return isConstant(expression.operand);
    case 'arithmetic':
    case 'comparison':
    case 'and':
    case 'or':
      return isConstant(expression.left) && isConstant(expression.right);
    default:
      return false;
  }
}

/**
 * The path for a session's planner switches, chosen once per combination of them: a statement's
 * analysis keeps one cache (analysis-cache.ts), as a prepared statement's generic plan is
 * replanned when the settings it was planned under change.
 */
export function pathFor(
  cache: Map<string, AccessPath>,
  disabled: PlannerSettings | undefined,
  choose: (disabled: PlannerSettings) => AccessPath,
): AccessPath {
  const settings = disabled ?? defaultPlanner;
  const key = [...settings].sort().join(',');
  let path = cache.get(key);
  if (path === undefined) {
    path = choose(settings);
    cache.set(key, path);
  }
  return path;
}
