/**
 * The tables a statement on a parent reads: the parent and its descendants (inheritance) or
 * its partitions, each locked, with its columns matched to the parent's by name. PostgreSQL
 * does this at planning (expand_inherited_rtentry in src/backend/optimizer/util/inherit.c,
 * find_all_inheritors in src/backend/catalog/pg_inherits.c, partition pruning in
 * src/backend/partitioning/partprune.c); INSERT routes each row to its partition instead
 * (ExecFindPartition in src/backend/executor/execPartition.c).
 *
 * The order matters for what waits on what. The parent is locked first (parse analysis); the
 * list of children is then read from the catalog as last committed, and each child locked in
 * turn, in the order they were created (find_all_inheritors sorts by OID). A child a
 * concurrent transaction dropped is skipped once the lock is granted (the catalog no longer
 * has it); one it detached is still read, since the list was read before the wait; one whose
 * column no longer has the parent's type fails (make_inh_translation_list). Partitions whose
 * bound cannot hold the key the WHERE clause asks for (`key = v`, `key IN (…)`) are pruned:
 * never locked, never scanned. Other sessions' temporary tables are locked but not read.
 * A partition being detached concurrently is left out once the statement's snapshot sees the
 * detach's first transaction commit (detach-concurrently.ts).
 */
import type { Value } from '../../run/outcome.ts';
import { boundHolds, type CatalogView, type HierarchyLink } from '../catalog/table-hierarchy.ts';
import { lockIndexes } from '../locks/index-locks.ts';
import type { RelationLockMode } from '../locks/relation-locks.ts';
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TupleVersion } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { Snapshot } from '../mvcc/snapshot.ts';
import { isVisible, type Viewer } from '../mvcc/visibility.ts';
import { narrate } from '../narration.ts';
import { bindExpression, noRow } from '../sql/bind-expression.ts';
import type { Expression, OrderItem, Statement } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { type BoundExpression, coerce } from '../sql/sql-types.ts';
import { type AccessPath, chooseAccessPath, describeAccessPath, pathFor } from './choose-access-path.ts';
import { plansWithout, routesWithout } from './detach-concurrently.ts';
import { scanTable } from './scan-table.ts';
import type { StatementContext } from './statement-context.ts';

/** One table a statement on a parent reads or writes. */
export interface Member {
  readonly table: HeapTable;
  /** For each of the parent's columns, its position in this table's rows; null when the same. */
  readonly positions: readonly number[] | null;
  /** Its partition bound, when it is a partition (through every level above it). */
  readonly link: HierarchyLink | null;
}

/** The catalog as `xact` reads it: what committed transactions did, and its own changes. */
export function catalogView(db: ModelDatabase, xact: ModelTransaction): CatalogView {
  return (xid) => xid === xact.xid || db.xacts.statusOf(xid) === 'committed';
}

/** The row of a member's version, in the parent's columns (the same array when they line up). */
export function parentRow(member: Member, values: readonly Value[]): readonly Value[] {
  const { positions } = member;
  return positions === null ? values : positions.map((at) => values[at] ?? null);
}

/**
 * A row in the parent's columns as the member stores it: the columns only the member has are
 * taken from `base` (the row an UPDATE changes), or null for a new row.
 */
export function memberRow(
  member: Member,
  values: readonly Value[],
  base?: readonly Value[],
): readonly Value[] {
  const { positions } = member;
  if (positions === null) return values;
  const row: Value[] = member.table.def.columns.map((_, i) => base?.[i] ?? null);
  positions.forEach((at, i) => {
    row[at] = values[i] ?? null;
  });
  return row;
}

/** How a child's columns line up with the parent's, or XX000 / 42611 as the planner fails. */
export function memberOf(parent: HeapTable, child: HeapTable, link: HierarchyLink | null): Member {
  const positions = parent.def.columns.map((column) => {
    const at = child.def.columns.findIndex((candidate) => candidate.name === column.name);
    const found = child.def.columns[at];
    if (found === undefined)
      throw new ModelSqlError(
        'XX000',
        `could not find inherited attribute "${column.name}" of relation "${child.def.name}"`,
      );
    if (found.type !== column.type)
      throw new ModelSqlError(
        '42611',
        `attribute "${column.name}" of relation "${child.def.name}" does not match parent's type`,
      );
    return at;
  });
  const same = positions.length === child.def.columns.length && positions.every((at, i) => at === i);
  return { table: child, positions: same ? null : positions, link };
}

/**
 * The tables a statement on `root` works on, locked in `mode` (the root itself is already
 * locked by the statement): the root unless it is partitioned, then its descendants. `where`
 * prunes partitions.
 */
export function* openMembers(
  db: ModelDatabase,
  xact: ModelTransaction,
  root: HeapTable,
  mode: RelationLockMode,
  where: Expression | null,
  snapshot: Snapshot | null = null,
): Work<Member[]> {
  const { hierarchy } = db;
  if (hierarchy.links.length === 0) return alone(root);
  const sees = catalogView(db, xact);
  const self: Member = { table: root, positions: null, link: null };
  const members: Member[] = hierarchy.isPartitioned(root.def.name) ? [] : [self];
  const order = [...db.tables.keys()];
  let level: HeapTable[] = [root];
  while (level.length > 0) {
    const next: HeapTable[] = [];
    for (const parent of level) {
      const links = hierarchy
        .children(parent.def.name, sees)
        .filter((link) => !pruned(db, parent, link, hierarchy.children(parent.def.name, sees), where))
        .filter((link) => !plansWithout(db, link, snapshot))
        .sort((a, b) => order.indexOf(a.child) - order.indexOf(b.child));
      for (const link of links) {
        yield* lockRelation(db.relationLocks, link.child, xact, mode);
        const child = db.current(link.child);
        // Dropped while we waited for its lock: the catalog no longer lists it.
        if (child === undefined) continue;
        if (child.indexes.length > 0) yield* lockIndexes(db.relationLocks, child, xact, mode);
        next.push(child);
        if (
          db.temporaryOwner.get(link.child) !== undefined &&
          db.temporaryOwner.get(link.child) !== xact.session
        )
          continue;
        if (!hierarchy.isPartitioned(link.child)) members.push(memberOf(root, child, link));
      }
    }
    level = next;
  }
  return members;
}

const alones = new WeakMap<HeapTable, Member[]>();

/** A table without children as the one member of its statements, made once per table. */
function alone(table: HeapTable): Member[] {
  let members = alones.get(table);
  if (members === undefined) {
    members = [{ table, positions: null, link: null }];
    alones.set(table, members);
  }
  return members;
}

/**
 * Partition pruning (partprune.c, gen_partprune_steps): `key = v` and `key IN (v, …)` among
 * the WHERE clause's AND-ed conditions name the keys a row may have; a partition that can
 * hold none of them is left out. A default partition stays unless every key is held elsewhere.
 */
function pruned(
  db: ModelDatabase,
  parent: HeapTable,
  link: HierarchyLink,
  siblings: readonly HierarchyLink[],
  where: Expression | null,
): boolean {
  const key = db.hierarchy.partitionKeys.get(parent.def.name);
  if (key === undefined || link.bound === null || where === null || key.columns.length !== 1) return false;
  const column = parent.def.columns[key.columns[0] ?? 0];
  if (column === undefined) return false;
  const values = keyValues(where, column.name, column.type);
  if (values === null) return false;
  if (link.bound.kind === 'default')
    return values.every((value) =>
      siblings.some((sibling) => sibling.bound !== null && boundHolds(sibling.bound, [value])),
    );
  return !values.some((value) => link.bound !== null && boundHolds(link.bound, [value]));
}

/** The values `column = v` / `column IN (…)` allow, or null when the condition does not pin them. */
function keyValues(
  where: Expression,
  column: string,
  type: HeapTable['def']['columns'][number]['type'],
): Value[] | null {
  const constant = (expression: Expression): Value | undefined => {
    if (expression.kind !== 'literal') return undefined;
    try {
      return coerce(bindExpression(expression, noRow, 'WHERE'), type).evaluate([]);
    } catch {
      return undefined;
    }
  };
  const isKey = (expression: Expression) => expression.kind === 'column' && expression.name === column;
  switch (where.kind) {
    case 'and':
      return keyValues(where.left, column, type) ?? keyValues(where.right, column, type);
    case 'comparison': {
      if (where.operator !== '=') return null;
      const value = isKey(where.left)
        ? constant(where.right)
        : isKey(where.right)
          ? constant(where.left)
          : undefined;
      return value === undefined ? null : [value];
    }
    case 'in': {
      if (where.negated || !isKey(where.operand)) return null;
      const values = where.list.map(constant);
      return values.some((value) => value === undefined) ? null : (values as Value[]);
    }
    default:
      return null;
  }
}

/**
 * ExecFindPartition: the leaf partition of `root` that takes a row (in root's columns), with
 * its columns, through every level of partitioning; 23514 when no partition does.
 */
export function routeRow(
  db: ModelDatabase,
  xact: ModelTransaction,
  root: HeapTable,
  row: readonly Value[],
  oneLevel = false,
): Member {
  const sees = catalogView(db, xact);
  let parent = root;
  let member: Member = { table: root, positions: null, link: null };
  for (;;) {
    const key = db.hierarchy.partitionKeys.get(parent.def.name);
    if (key === undefined) return member;
    const parentValues = parentRow(member, row);
    const keyValues = key.columns.map((column) => parentValues[column] ?? null);
    const links = db.hierarchy
      .children(parent.def.name, sees)
      .filter((candidate) => !routesWithout(db, xact, candidate));
    const link =
      links.find((candidate) => candidate.bound !== null && boundHolds(candidate.bound, keyValues)) ??
      links.find((candidate) => candidate.bound?.kind === 'default');
    const child = link === undefined ? undefined : db.current(link.child);
    if (link === undefined || child === undefined) {
      const names = key.columns.map((column) => parent.def.columns[column]?.name ?? '').join(', ');
      throw new ModelSqlError('23514', `no partition of relation "${parent.def.name}" found for row`, {
        detail: `Partition key of the failing row contains (${names}) = (${keyValues.map((value) => (value === null ? 'null' : String(value))).join(', ')}).`,
      });
    }
    member = memberOf(root, child, link);
    if (oneLevel) return member;
    parent = child;
  }
}

/**
 * ExecFindPartition as an INSERT runs it: level by level, each partition chosen is locked
 * (ROW EXCLUSIVE, ExecInitPartitionInfo) before the next level is read, and a default
 * partition's constraint is checked again once its lock is granted, since a partition
 * attached meanwhile may now take the row (23514, as PostgreSQL's partition-concurrent-attach
 * test shows).
 */
export function* routeRowLocked(
  db: ModelDatabase,
  xact: ModelTransaction,
  root: HeapTable,
  row: readonly Value[],
): Work<Member> {
  let member: Member = { table: root, positions: null, link: null };
  while (db.hierarchy.isPartitioned(member.table.def.name)) {
    const next = routeRow(db, xact, member.table, parentRow(member, row), true);
    const link = next.link;
    yield* lockRelation(db.relationLocks, next.table.def.name, xact, 'ROW EXCLUSIVE');
    const child = db.table(next.table.def.name);
    if (child.indexes.length > 0) yield* lockIndexes(db.relationLocks, child, xact, 'ROW EXCLUSIVE');
    member = memberOf(root, child, link);
    if (link?.bound?.kind === 'default' && !partitionHolds(db, xact, child, row, root))
      throw new ModelSqlError(
        '23514',
        `new row for relation "${child.def.name}" violates partition constraint`,
        {
          detail: `Failing row contains (${memberRow(member, row)
            .map((value) => (value === null ? 'null' : String(value)))
            .join(', ')}).`,
        },
      );
  }
  return member;
}

/**
 * The rows of a table as `SELECT * FROM t` returns them to a reader outside every transaction
 * (the runner's final state): its own and its descendants', in its columns, leaving out
 * temporary tables other than the `reader` session's own (PostgreSQL's runner reads the final
 * state through the first session's connection, which sees its own temporary children).
 */
export function rowsOfTree(
  db: ModelDatabase,
  root: HeapTable,
  viewer: Viewer,
  reader: string | null = null,
): Value[][] {
  const rows: Value[][] = [];
  visitTree(db, root, viewer, reader, root, { table: root, positions: null, link: null }, rows);
  return rows;
}

/** rowsOfTree's walk: `table`'s visible rows into `rows`, then each child's that `reader` may read. */
function visitTree(
  db: ModelDatabase,
  root: HeapTable,
  viewer: Viewer,
  reader: string | null,
  table: HeapTable,
  member: Member,
  rows: Value[][],
): void {
  for (const version of table.versions())
    if (isVisible(version, viewer, db.xacts)) rows.push([...parentRow(member, version.values)]);
  if (db.hierarchy.links.length === 0) return;
  const committed: CatalogView = (xid) => db.xacts.statusOf(xid) === 'committed';
  for (const link of db.hierarchy.children(table.def.name, committed)) {
    if (plansWithout(db, link, viewer.snapshot)) continue;
    const child = db.current(link.child);
    const owner = db.temporaryOwner.get(link.child);
    if (child === undefined || (owner !== undefined && owner !== reader)) continue;
    visitTree(db, root, viewer, reader, child, memberOf(root, child, link), rows);
  }
}

/** The member a version belongs to (by its table): one lookup, nothing allocated per row. */
export function memberFinder(members: readonly Member[]): (version: TupleVersion) => Member {
  const only = members[0];
  if (members.length === 1 && only !== undefined) return () => only;
  const byTable = new Map(members.map((member) => [member.table.def.name, member]));
  return (version) => byTable.get(version.table) ?? (only as Member);
}

/**
 * Reads versions' rows in the parent's columns: a version's own values when its table has the
 * parent's column order (every table without children, so nothing is copied there).
 */
export function rowReader(members: readonly Member[]): (version: TupleVersion) => readonly Value[] {
  if (members.every((member) => member.positions === null)) return (version) => version.values;
  const byTable = new Map(members.map((member) => [member.table.def.name, member]));
  return (version) => {
    const member = byTable.get(version.table);
    return member === undefined ? version.values : parentRow(member, version.values);
  };
}

/** A predicate bound to the parent's columns, for reading a member's versions (the dependency graph, 2PL). */
export function predicateOn(member: Member, predicate: BoundExpression | null): BoundExpression | null {
  if (predicate === null || member.positions === null) return predicate;
  return { type: predicate.type, evaluate: (values) => predicate.evaluate(parentRow(member, values)) };
}

const memberPaths = new WeakMap<Statement, Map<HeapTable, Map<string, AccessPath>>>();

/**
 * A member's own access path (its own indexes), chosen once per statement, table and planner
 * settings (the session's `enable_*`).
 */
export function memberAccessPath(
  context: StatementContext,
  statement: Statement,
  table: HeapTable,
  where: Expression | null,
  orderBy: readonly OrderItem[],
): AccessPath {
  let byTable = memberPaths.get(statement);
  if (byTable === undefined) {
    byTable = new Map();
    memberPaths.set(statement, byTable);
  }
  let paths = byTable.get(table);
  if (paths === undefined) {
    paths = new Map();
    byTable.set(table, paths);
  }
  return pathFor(paths, context.db.planner.get(context.xact.session), (disabled) =>
    chooseAccessPath(table, where, orderBy, disabled),
  );
}

/** What scanMembers reads: the statement, its own table's access path, and the narration's words. */
export interface MemberScan {
  readonly statement: Statement;
  /** The statement's own table and the path chosen for it; any other member gets its own (memberAccessPath). */
  readonly table: HeapTable;
  readonly path: AccessPath;
  readonly where: Expression | null;
  readonly orderBy: readonly OrderItem[];
  /** `'s UPDATE`, or '' for a query: the narration's words. */
  readonly whose: string;
  readonly predicate: BoundExpression | null;
  readonly whereText: string;
}

/**
 * Each member's rows along its access path (scan-table.ts), one member after the other, as an
 * Append node reads its children; each scan is narrated and recorded as a predicate read.
 */
export function scanMembers(
  context: StatementContext,
  members: readonly Member[],
  viewer: Viewer,
  how: MemberScan,
): Iterable<TupleVersion> {
  const only = members[0];
  // One table (no children): its scan itself, with no generator in between.
  if (members.length === 1 && only !== undefined) return scanMember(context, only, viewer, how);
  return (function* () {
    for (const member of members) yield* scanMember(context, member, viewer, how);
  })();
}

/** One member's scan, narrated and recorded as a predicate read (a function of its own: no closure per statement). */
function scanMember(
  context: StatementContext,
  member: Member,
  viewer: Viewer,
  how: MemberScan,
): Generator<TupleVersion> {
  const { db, xact } = context;
  const path =
    member.table === how.table
      ? how.path
      : memberAccessPath(context, how.statement, member.table, how.where, how.orderBy);
  const name = member.table.def.name;
  db.narrator?.record(
    'read',
    [xact.session],
    narrate.scans(xact.session, how.whose, name, describeAccessPath(path, member.table)),
  );
  context.recordPredicateRead(name, predicateOn(member, how.predicate), how.whereText, viewer);
  return scanTable(context, member.table, path, viewer);
}

/**
 * Where an UPDATE's new row belongs (parent columns): its own table unless the statement is on
 * a partitioned table and the row's key now routes elsewhere; an UPDATE of a partition itself
 * may not take its row out of the partition's bound (23514, ExecPartitionCheck).
 */
export function partitionFor(
  db: ModelDatabase,
  xact: ModelTransaction,
  root: HeapTable,
  member: Member,
  row: readonly Value[],
): Member {
  if (db.hierarchy.links.length === 0) return member;
  if (db.hierarchy.isPartitioned(root.def.name)) return routeRow(db, xact, root, row);
  checkPartitionConstraint(db, xact, member.table, row, root);
  return member;
}

/**
 * ExecPartitionCheck: a row written straight into a partition must be one its bound holds
 * (and, in a default partition, one no sibling's bound holds): 23514 otherwise.
 */
export function checkPartitionConstraint(
  db: ModelDatabase,
  xact: ModelTransaction,
  table: HeapTable,
  row: readonly Value[],
  shape: HeapTable = table,
): void {
  if (!partitionHolds(db, xact, table, row, shape))
    throw new ModelSqlError(
      '23514',
      `new row for relation "${table.def.name}" violates partition constraint`,
      {
        detail: `Failing row contains (${row.map((value) => (value === null ? 'null' : String(value))).join(', ')}).`,
      },
    );
}

/** Whether the partition's bound holds a row (in `shape`'s columns); true for a table that is no partition. */
export function partitionHolds(
  db: ModelDatabase,
  xact: ModelTransaction,
  table: HeapTable,
  row: readonly Value[],
  shape: HeapTable = table,
): boolean {
  if (db.hierarchy.links.length === 0) return true;
  const sees = catalogView(db, xact);
  const link = db.hierarchy.partitionOf(table.def.name, sees);
  if (link === null || link.bound === null) return true;
  const parent = db.current(link.parent);
  const key = db.hierarchy.partitionKeys.get(link.parent);
  if (parent === undefined || key === undefined) return true;
  const values = key.columns.map((at) => {
    const name = parent.def.columns[at]?.name;
    return row[shape.def.columns.findIndex((column) => column.name === name)] ?? null;
  });
  return link.bound.kind === 'default'
    ? !db.hierarchy
        .children(link.parent, sees)
        .some((sibling) => sibling.bound !== null && boundHolds(sibling.bound, values))
    : boundHolds(link.bound, values);
}
