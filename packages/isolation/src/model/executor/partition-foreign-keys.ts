/**
 * Foreign keys across partitioned tables (src/backend/commands/tablecmds.c: CloneFkReferencing,
 * CloneFkReferenced, addFkRecurseReferenced).
 *
 * A foreign key of a partitioned table is a constraint of each partition too: a partition made
 * or attached gets a clone of the same name, whose checks run on its rows (so a row routed to
 * `pfk1` fails "on table pfk1 … constraint pfk_a_fkey"). Attaching validates the clone on the
 * rows the table already has, after taking SHARE ROW EXCLUSIVE on the referenced table and its
 * partitions, so it waits for a transaction that deletes from one of them.
 *
 * A foreign key that references a partitioned table acts on each referenced partition through
 * a constraint of its own, `<name>_1`, that names the partition: a row deleted from `ppk1` is
 * checked against the referencing rows as "update or delete on table ppk1 violates foreign key
 * constraint pfk_a_fkey_1 on table pfk". The clones on the referencing side never act on the
 * referenced side (their parent's constraint does).
 */
import { lockRelation } from '../locks/relation-locks.ts';
import type { Work } from '../locks/wait.ts';
import type { ModelDatabase } from '../model-database.ts';
import type { HeapTable } from '../mvcc/heap.ts';
import type { ModelTransaction } from '../mvcc/model-transaction.ts';
import { checkExistingRows, type ForeignKey, foreignKeysSeenBy } from './foreign-keys.ts';
import { catalogView } from './table-members.ts';

/** Partition clones of a referencing table's foreign keys: they check, they do not act. */
const clones = new WeakSet<ForeignKey>();

/** The tables of a partitioned table's tree below it, as the transaction's catalog lists them. */
function partitionsBelow(db: ModelDatabase, xact: ModelTransaction, table: string): string[] {
  if (!db.hierarchy.isPartitioned(table)) return [];
  return db.hierarchy
    .children(table, catalogView(db, xact))
    .flatMap((link) => [link.child, ...partitionsBelow(db, xact, link.child)]);
}

/**
 * CloneFkReferencing: `child`, a new partition of `parent`, obeys each of the parent's foreign
 * keys; with `validate` (ATTACH), its rows are checked against the referenced table.
 */
export function* cloneForeignKeys(
  db: ModelDatabase,
  xact: ModelTransaction,
  parent: HeapTable,
  child: HeapTable,
  validate: boolean,
): Work<void> {
  for (const key of foreignKeysSeenBy(db, xact)) {
    if (key.table !== parent.def.name) continue;
    for (const name of [key.referencedTable, ...partitionsBelow(db, xact, key.referencedTable)])
      yield* lockRelation(db.relationLocks, name, xact, 'SHARE ROW EXCLUSIVE');
    const columns = key.columns.map((at) =>
      child.def.columns.findIndex((column) => column.name === parent.def.columns[at]?.name),
    );
    const clone: ForeignKey = { ...key, table: child.def.name, columns, madeBy: xact };
    clones.add(clone);
    db.foreignKeys.push(clone);
    if (validate) {
      db.assignXid(xact);
      checkExistingRows(db, xact, clone);
    }
  }
}

/**
 * The constraint through which `key` acts on rows of `table` when they are deleted or their key
 * changes: the key itself on its referenced table, the `<name>_n` constraint on a partition of
 * it, or none (another table, or a partition's clone).
 */
export function referencedKeyOn(
  db: ModelDatabase,
  xact: ModelTransaction,
  key: ForeignKey,
  table: string,
): ForeignKey | null {
  if (clones.has(key)) return null;
  if (key.referencedTable === table) return key;
  if (db.hierarchy.links.length === 0) return null;
  const partitions = partitionsBelow(db, xact, key.referencedTable);
  const at = partitions.indexOf(table);
  const root = db.tables.get(key.referencedTable);
  const partition = db.tables.get(table);
  if (at === -1 || root === undefined || partition === undefined) return null;
  const referencedColumns = key.referencedColumns.map((column) =>
    partition.def.columns.findIndex((candidate) => candidate.name === root.def.columns[column]?.name),
  );
  return { ...key, name: `${key.name}_${at + 1}`, referencedTable: table, referencedColumns };
}
