/**
 * EXPLAIN (COSTS OFF): the plan the model chose for a query, printed as PostgreSQL prints its
 * own (src/backend/commands/explain.c for the tree, src/backend/utils/adt/ruleutils.c for the
 * conditions).
 *
 * A plan is a tree of nodes, each pulling rows from the one below: for the model's one-table
 * queries, from the top, `Limit` (LIMIT n), `LockRows` (FOR UPDATE and the other locking
 * clauses), `Sort` (ORDER BY, unless the scan already returns rows in that order) and the scan
 * that reads the table (executor/choose-access-path.ts chose it):
 *
 * - `Seq Scan on t`, every condition a `Filter`;
 * - `Index Scan using i on t` (`Index Only Scan`, `Backward`), the conditions on the index's
 *   columns its `Index Cond`, the others a `Filter`;
 * - `Bitmap Heap Scan on t` over a `Bitmap Index Scan on i`: the index conditions are the
 *   child's `Index Cond` and again the heap scan's `Recheck Cond` (a lossy page must be
 *   checked row by row).
 *
 * Two of the planner's habits show in the text. A condition is printed with the index's column
 * on the left in an Index Cond (`34 = data` becomes `(data = 34)`, the operator commuted) and as
 * written in a Filter. And an ORDER BY column that the WHERE clause equates to a constant is
 * dropped from the sort (its equivalence class holds a constant, so every row has the same
 * value): `WHERE data = 34 ORDER BY id, data` sorts by `id` alone, and `WHERE id = 1 ORDER BY
 * id` needs no Sort at all.
 *
 * Constants are printed as ruleutils.c prints them: a whole number bare, a quoted literal as
 * the value with its type (`'x'::text`). The model's text type stands for PostgreSQL's text and
 * varchar; a varchar column would print as `((k)::text = 'x'::text)`, so a column declared with
 * a length is refused, and a plain `varchar` prints as text would.
 */
import type { ResultSet } from '../../run/outcome.ts';
import type { Work } from '../locks/wait.ts';
import type { HeapTable, TableIndex } from '../mvcc/heap.ts';
import { conjuncts, unexplainable } from '../sql/parse-explain.ts';
import type { Expression, OrderItem, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { type AccessPath, chooseAccessPath, defaultPlanner } from './choose-access-path.ts';
import type { StatementContext } from './statement-context.ts';
import { openMembers } from './table-members.ts';

type SelectStatement = Statement & { kind: 'select' };

/** One node of the plan: its name, its property lines (`Sort Key: id`), its child. */
interface PlanNode {
  readonly name: string;
  readonly properties: readonly string[];
  readonly child: PlanNode | null;
}

/** EXPLAIN of a query (parse-explain.ts checked its shape; EXECUTE's is checked here). */
export function* explainSelect(
  context: StatementContext,
  statement: SelectStatement,
): Work<{ rows: ResultSet; command: string }> {
  const refused = unexplainable(statement);
  if (refused !== null) throw new ModelSqlError('0A000', `the model cannot EXPLAIN ${refused}`);
  const { db, xact } = context;
  const from = statement.from as NonNullable<SelectStatement['from']>;
  const table = db.table(from.table);
  // Planning opens the table with the query's lock, as parse analysis does (and its children).
  const mode = statement.lock === null ? 'ACCESS SHARE' : 'ROW SHARE';
  yield* context.openTable(table.def.name, mode, statement.lock === null);
  const members = yield* openMembers(db, xact, table, mode, statement.where);
  if (members.length !== 1 || members[0]?.table !== table)
    throw new ModelSqlError('0A000', 'the model cannot EXPLAIN a query on a table with children (Append)');
  yield* context.viewer(statement.lock === null);
  const path = chooseAccessPath(
    table,
    statement.where,
    statement.orderBy,
    db.planner.get(xact.session) ?? defaultPlanner,
    false,
    statement.limit !== null,
  );
  let plan = scanNode(table, path, plannedOrder(statement.where));
  const sortKeys = remainingSortKeys(statement);
  if (sortKeys.length > 0 && !scanIsOrdered(table, path, sortKeys, statement.where)) {
    const keys = sortKeys.map((item) => `${columnName(item.expression)}${item.descending ? ' DESC' : ''}`);
    plan = { name: 'Sort', properties: [`Sort Key: ${keys.join(', ')}`], child: plan };
  }
  if (statement.lock !== null) plan = { name: 'LockRows', properties: [], child: plan };
  if (statement.limit !== null) plan = { name: 'Limit', properties: [], child: plan };
  const lines = planLines(plan, 0);
  return { rows: { columns: ['QUERY PLAN'], rows: lines.map((line) => [line]) }, command: 'EXPLAIN' };
}

/**
 * The text format's indentation (ExplainNode): a node's properties two spaces in from it; a
 * child on a line of its own, `->  ` six spaces further in than its parent's name.
 */
function planLines(node: PlanNode, depth: number): string[] {
  const at = depth === 0 ? '' : `${' '.repeat(6 * depth - 4)}->  `;
  const inner = ' '.repeat(6 * depth + 2);
  return [
    `${at}${node.name}`,
    ...node.properties.map((property) => `${inner}${property}`),
    ...(node.child === null ? [] : planLines(node.child, depth + 1)),
  ];
}

function scanNode(table: HeapTable, path: AccessPath, conditions: readonly Expression[]): PlanNode {
  const name = table.def.name;
  if (path.kind === 'seq-scan')
    return { name: `Seq Scan on ${name}`, properties: filterLine(table, conditions), child: null };
  const index = table.indexes.find((candidate) => candidate.name === path.index) as TableIndex;
  if (index.keyFunctions !== undefined || index.predicate !== undefined)
    throw new ModelSqlError('0A000', 'the model cannot EXPLAIN a scan of an expression or partial index');
  const keyColumns = index.columns.map((column) => table.def.columns[column]?.name ?? '');
  const onIndex = (condition: Expression) => indexColumnOf(condition, index, keyColumns) !== null;
  // Index conditions in the index's column order, each with its column on the left.
  const indexConditions = conditions
    .filter(onIndex)
    .map((condition) => ({ condition, column: indexColumnOf(condition, index, keyColumns) as number }))
    .sort((a, b) => a.column - b.column)
    .map(({ condition }) => condition);
  const indexCond =
    indexConditions.length === 0 ? [] : [`Index Cond: ${anded(table, indexConditions, true)}`];
  const rest = conditions.filter((condition) => !onIndex(condition));
  if (path.kind === 'bitmap-scan') {
    return {
      name: `Bitmap Heap Scan on ${name}`,
      properties: [`Recheck Cond: ${anded(table, indexConditions, true)}`, ...filterLine(table, rest)],
      child: { name: `Bitmap Index Scan on ${index.name}`, properties: indexCond, child: null },
    };
  }
  const kind = `Index${path.indexOnly === true ? ' Only' : ''} Scan${path.descending ? ' Backward' : ''}`;
  return {
    name: `${kind} using ${index.name} on ${name}`,
    properties: [...indexCond, ...filterLine(table, rest)],
    child: null,
  };
}

/**
 * The WHERE clause's conditions in the order the planner keeps them: `column = constant` is
 * taken into an equivalence class as the query is read (process_equivalence) and given back to
 * the table's conditions after all the others (generate_base_implied_equalities), each as
 * written; the others stay in the order written (order_qual_clauses sorts by cost, and these
 * cost the same).
 */
function plannedOrder(where: Expression | null): Expression[] {
  const all = where === null ? [] : conjuncts(where);
  const equality = (condition: Expression) => equatedColumn(condition) !== null;
  return [...all.filter((condition) => !equality(condition)), ...all.filter(equality)];
}

/** The column of a `column = constant` (or `constant = column`) condition, else null. */
function equatedColumn(condition: Expression): string | null {
  if (condition.kind !== 'comparison' || condition.operator !== '=') return null;
  if (condition.left.kind === 'column' && condition.right.kind === 'literal') return condition.left.name;
  if (condition.right.kind === 'column' && condition.left.kind === 'literal') return condition.right.name;
  return null;
}

function filterLine(table: HeapTable, conditions: readonly Expression[]): string[] {
  return conditions.length === 0 ? [] : [`Filter: ${anded(table, conditions, false)}`];
}

/** `(a = 1)`, or `((a = 1) AND (b > 2))` for several. */
function anded(table: HeapTable, conditions: readonly Expression[], indexSide: boolean): string {
  const parts = conditions.map((condition) => deparse(table, condition, indexSide));
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
}

const commuted: Record<string, string> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** One condition as ruleutils.c prints it; `indexSide`: the column on the left, as in an Index Cond. */
function deparse(table: HeapTable, condition: Expression, indexSide: boolean): string {
  if (condition.kind === 'is') {
    const column = condition.operand;
    columnType(table, column);
    return `(${columnName(column)} IS ${condition.negated ? 'NOT ' : ''}NULL)`;
  }
  if (condition.kind !== 'comparison')
    throw new ModelSqlError('0A000', 'the model cannot EXPLAIN this condition');
  const columnFirst = condition.left.kind === 'column';
  const column = columnFirst ? condition.left : condition.right;
  const constant = columnFirst ? condition.right : condition.left;
  const type = columnType(table, column);
  const value = constantText(constant, type);
  if (columnFirst || indexSide) {
    const operator = columnFirst ? condition.operator : commuted[condition.operator];
    return `(${columnName(column)} ${operator} ${value})`;
  }
  return `(${value} ${condition.operator} ${columnName(column)})`;
}

/** The column's type, for the types whose comparisons the model prints; anything else is refused. */
function columnType(table: HeapTable, column: Expression): 'integer' | 'bigint' | 'text' {
  const name = columnName(column);
  const def = table.def.columns.find((candidate) => candidate.name === name);
  if (def === undefined) throw new ModelSqlError('42703', `column "${name}" does not exist`);
  if ((def.type === 'integer' || def.type === 'bigint' || def.type === 'text') && def.typmod === undefined)
    return def.type;
  throw new ModelSqlError('0A000', `the model cannot EXPLAIN a condition on the ${def.type} column ${name}`);
}

/** A constant as ruleutils.c's get_const_expr prints it against a column of `type`. */
function constantText(constant: Expression, type: 'integer' | 'bigint' | 'text'): string {
  if (constant.kind !== 'literal')
    throw new ModelSqlError('0A000', 'the model cannot EXPLAIN this condition');
  if (type === 'text') {
    if (constant.type !== 'unknown')
      throw new ModelSqlError('42883', `operator does not exist: text = ${constant.type}`);
    return `'${String(constant.value).replace(/'/g, "''")}'::text`;
  }
  // '34' against an integer column is read as the number (an unknown-type literal takes the
  // column's type), and printed bare as a number is.
  const text = String(constant.value);
  if (!/^\d+$/.test(text) || Number(text) > 2 ** 31 - 1)
    throw new ModelSqlError('0A000', `the model cannot EXPLAIN the constant ${text}`);
  return String(Number(text));
}

function columnName(expression: Expression): string {
  if (expression.kind !== 'column')
    throw new ModelSqlError('0A000', 'the model cannot EXPLAIN this condition');
  return expression.name;
}

/**
 * The index column (position) a condition can search, or null: a comparison a B-tree orders
 * (not `<>`), `=` for a hash index, and IS [NOT] NULL in a B-tree (nbtree searches for nulls).
 */
function indexColumnOf(
  condition: Expression,
  index: TableIndex,
  keyColumns: readonly string[],
): number | null {
  let column: Expression;
  if (condition.kind === 'is') {
    if (index.method !== 'btree') return null;
    column = condition.operand;
  } else if (condition.kind === 'comparison') {
    if (condition.operator === '<>' || (index.method === 'hash' && condition.operator !== '=')) return null;
    column = condition.left.kind === 'column' ? condition.left : condition.right;
  } else return null;
  if (column.kind !== 'column') return null;
  const at = keyColumns.indexOf(column.name);
  return at === -1 ? null : at;
}

/** The columns equated to a constant by a top-level `col = constant` of the WHERE clause. */
function constantColumns(where: Expression | null): Set<string> {
  const columns = (where === null ? [] : conjuncts(where)).map(equatedColumn);
  return new Set(columns.filter((column) => column !== null));
}

/** ORDER BY without the columns equated to constants, and without repeats (the pathkeys). */
function remainingSortKeys(statement: SelectStatement): OrderItem[] {
  const constant = constantColumns(statement.where);
  const seen = new Set<string>();
  return statement.orderBy.filter((item) => {
    const name = columnName(item.expression);
    if (constant.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/**
 * Whether an index scan returns the rows in the order wanted: the index's columns, less those
 * equated to constants, begin with the sort keys, all in the scan's direction.
 */
function scanIsOrdered(
  table: HeapTable,
  path: AccessPath,
  sortKeys: readonly OrderItem[],
  where: Expression | null,
): boolean {
  if (path.kind !== 'index-scan') return false;
  const index = table.indexes.find((candidate) => candidate.name === path.index);
  if (index === undefined || index.method !== 'btree') return false;
  const constant = constantColumns(where);
  const order = index.columns
    .map((column) => table.def.columns[column]?.name ?? '')
    .filter((name) => !constant.has(name));
  return sortKeys.every(
    (item, i) => item.descending === path.descending && columnName(item.expression) === order[i],
  );
}
