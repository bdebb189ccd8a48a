/**
 * Indexes on partitioned tables (src/backend/commands/indexcmds.c DefineIndex, and
 * RemoveRelations with RangeVarCallbackForDropRelation in tablecmds.c for DROP INDEX).
 *
 * A partitioned table holds no rows, so an index on it holds no entries: it is a partitioned
 * index, a promise that each partition has an index like it. CREATE INDEX on a partitioned
 * table goes down the tree: each partition (locked in SHARE, as the table) gets an index of its
 * own, attached to the parent's — an existing index of the partition with the same definition
 * that no other index has claimed, or a new one named as CREATE INDEX without a name would
 * name it (`part_a_idx`, `part_a_idx1` when taken). A sub-partitioned partition's index is a
 * partitioned index in turn.
 *
 * DROP INDEX of a partitioned index drops the indexes attached to it, in the whole tree. It
 * locks in PostgreSQL's order: the index's table, then the index, then every partition under
 * the table, level by level (find_all_inheritors), all ACCESS EXCLUSIVE, and only then the
 * partitions' indexes as it drops them. Tables come before their indexes, the order every
 * query takes them in, so a DROP INDEX and a query cannot deadlock on them; the isolation test
 * partition-drop-index-locking shows the DROP waiting for a partition a reader has locked,
 * holding the parent's index, not yet the partition's. An index attached to a parent's
 * cannot be dropped alone (2BP01).
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable, TableIndex } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import type { IndexDefinition } from '../sql/sql-ast.ts';
import { ModelSqlError } from '../sql/sql-error.ts';
import { recordDroppedIndex } from './catalog-views.ts';
import type { StatementContext } from './statement-context.ts';
import { catalogView } from './table-members.ts';

/** Each partition's index, to the partitioned index it is attached to (pg_inherits for indexes). */
const attachedTo = new WeakMap<TableIndex, TableIndex>();

/** The partitions directly under `table`, in the order they were made (their OIDs'). */
function partitionsOf(context: StatementContext, table: HeapTable): HeapTable[] {
  const { db, xact } = context;
  const order = [...db.tables.keys()];
  return db.hierarchy
    .children(table.def.name, catalogView(db, xact))
    .filter((link) => link.bound !== null)
    .sort((a, b) => order.indexOf(a.child) - order.indexOf(b.child))
    .flatMap((link) => db.current(link.child) ?? []);
}

/** Whether two indexes are built alike (CompareIndexInfo), by their key columns' names. */
function sameDefinition(a: TableIndex, aTable: HeapTable, b: TableIndex, bTable: HeapTable): boolean {
  const names = (index: TableIndex, table: HeapTable) =>
    JSON.stringify([
      index.columns.map((at) => table.def.columns[at]?.name ?? null),
      index.include.map((at) => table.def.columns[at]?.name ?? null),
      index.method,
      index.unique,
      index.keyNames ?? null,
      index.predicate?.text ?? null,
    ]);
  return names(a, aTable) === names(b, bTable);
}

/**
 * After `index` is built on the partitioned `table`: each partition's matching index, attached
 * or made by `create` (CREATE INDEX on the partition, which recurses further down).
 */
export function* indexPartitions(
  context: StatementContext,
  table: HeapTable,
  index: TableIndex,
  definition: IndexDefinition,
  create: (definition: IndexDefinition) => Work<TableIndex>,
): Work<void> {
  const { db, xact } = context;
  for (const partition of partitionsOf(context, table)) {
    yield* lockRelation(db.relationLocks, partition.def.name, xact, 'SHARE');
    const existing = partition.indexes.find(
      (candidate) =>
        !attachedTo.has(candidate) &&
        !candidate.primary &&
        sameDefinition(candidate, partition, index, table),
    );
    const own = existing ?? (yield* create({ ...definition, table: partition.def.name, name: null }));
    attachedTo.set(own, index);
  }
}

/** DROP INDEX of a partition's index on its own: refused, the parent's index needs it. */
export function refuseAttached(index: TableIndex): void {
  const parent = attachedTo.get(index);
  if (parent !== undefined)
    throw new ModelSqlError(
      '2BP01',
      `cannot drop index ${index.name} because index ${parent.name} requires it`,
      {
        detail: `You can drop index ${parent.name} instead.`,
      },
    );
}

/**
 * DROP INDEX of `index` on `table` after both are locked: when the table is partitioned, every
 * partition under it is locked (level by level), then each attached index, which goes with it.
 */
export function* dropPartitionIndexes(
  context: StatementContext,
  table: HeapTable,
  index: TableIndex,
): Work<void> {
  const { db, xact } = context;
  if (!db.hierarchy.isPartitioned(table.def.name)) return;
  const tree: HeapTable[] = [];
  let level = [table];
  while (level.length > 0) {
    level = level.flatMap((parent) => partitionsOf(context, parent));
    for (const partition of level) {
      yield* lockRelation(db.relationLocks, partition.def.name, xact, 'ACCESS EXCLUSIVE');
      tree.push(partition);
    }
  }
  yield* dropAttached(db, context, tree, index);
}

function* dropAttached(
  db: ModelDatabase,
  context: StatementContext,
  tree: readonly HeapTable[],
  parent: TableIndex,
): Work<void> {
  for (const partition of tree) {
    for (const index of [...partition.indexes]) {
      if (attachedTo.get(index) !== parent) continue;
      yield* lockRelation(db.relationLocks, index.name, context.xact, 'ACCESS EXCLUSIVE');
      yield* dropAttached(db, context, tree, index);
      dropIndexObject(context.xact, partition, index, () =>
        partition.secondary.splice(partition.secondary.indexOf(index), 1),
      );
    }
  }
}

/**
 * Takes `index` off `table` (`remove` does it) for DROP INDEX by `xact`: pg_class still shows it
 * to other transactions until the drop commits, and it is back if the drop rolls back.
 */
export function dropIndexObject(
  xact: ModelTransaction,
  table: HeapTable,
  index: TableIndex,
  remove: () => void,
): void {
  const before = { index: table.index, def: table.def, secondary: [...table.secondary] };
  remove();
  table.reshaped();
  recordDroppedIndex(xact, table, index);
  xact.onAbort.push(() => {
    table.index = before.index;
    table.def = before.def;
    table.secondary.splice(0, table.secondary.length, ...before.secondary);
    table.reshaped();
  });
}
