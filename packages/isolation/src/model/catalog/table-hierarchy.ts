/**
 * Table hierarchies: inheritance and partitioning, as PostgreSQL's catalogs record them
 * (pg_inherits, pg_partitioned_table, and pg_class.relpartbound; src/backend/catalog/pg_inherits.c,
 * src/backend/partitioning/partbounds.c).
 *
 * A table may have children. A query on the parent reads the parent's own rows and every
 * descendant's, each child's columns matched to the parent's by name (a child may order them
 * differently, or have more). Plain inheritance (`INHERITS`, `ALTER TABLE … INHERIT`) is just
 * that; an INSERT into the parent stays in the parent. A partitioned table (`PARTITION BY`)
 * has no rows of its own: its children are partitions, each with a bound (`FOR VALUES IN (…)`,
 * `FROM (…) TO (…)`, `DEFAULT`), and an INSERT is routed to the one partition whose bound
 * holds the row's partition key (ExecFindPartition). An UPDATE that changes the key so that
 * the row belongs elsewhere deletes it from its partition and inserts it into the other one.
 *
 * The links are transactional, as pg_inherits rows are: one added or removed by a transaction
 * still running is seen by that transaction only; every other transaction reads the catalog
 * as last committed (the catalog snapshot, not the transaction's MVCC snapshot). A query
 * reads the list of children once, before it locks them, and keeps it: a child detached by a
 * transaction it then waits for is still scanned (find_all_inheritors), which is what
 * PostgreSQL's alter-table-4 test shows.
 */
import type { Value } from '../../run/outcome.ts';
import { compareSqlValues } from '../sql/sql-types.ts';

/** How a partitioned table routes rows: by list or range of these columns (positions in it). */
export interface PartitionKey {
  readonly strategy: 'list' | 'range';
  readonly columns: readonly number[];
}

/** A range bound's value: a datum, or below / above every datum. */
export type RangeDatum = Value | { readonly infinite: 'minvalue' | 'maxvalue' };

/** The rows a partition takes (PartitionBoundSpec), with values of the key's types. */
export type PartitionBound =
  | { readonly kind: 'list'; readonly values: readonly Value[] }
  | { readonly kind: 'range'; readonly from: readonly RangeDatum[]; readonly to: readonly RangeDatum[] }
  | { readonly kind: 'default' };

/** One pg_inherits row: `child` inherits from `parent`; for a partition, with its bound. */
export interface HierarchyLink {
  readonly parent: string;
  readonly child: string;
  /** Null for plain inheritance. */
  readonly bound: PartitionBound | null;
  /** The transaction that added the link (the one that created or attached the child). */
  readonly addedBy: number;
  /** The transaction that removed it (NO INHERIT, DETACH), or null. */
  removedBy: number | null;
  /**
   * DETACH … CONCURRENTLY's first transaction, which marked the link "detach pending"
   * (pg_inherits.inhdetachpending) and committed; null when none did (detach-concurrently.ts).
   */
  detachPendingBy?: number | null;
}

/** Whether the catalog, as a transaction reads it, shows what transaction `xid` did. */
export type CatalogView = (xid: number) => boolean;

export class TableHierarchy {
  /** The partitioned tables and their keys (pg_partitioned_table). */
  readonly partitionKeys = new Map<string, PartitionKey>();
  /** Links in the order they were made. */
  readonly links: HierarchyLink[] = [];

  isPartitioned(table: string): boolean {
    return this.partitionKeys.has(table);
  }

  /** The links to `parent`'s children that `sees` shows. */
  children(parent: string, sees: CatalogView): HierarchyLink[] {
    return this.links.filter((link) => link.parent === parent && shows(link, sees));
  }

  /** The links to `child`'s parents that `sees` shows. */
  parents(child: string, sees: CatalogView): HierarchyLink[] {
    return this.links.filter((link) => link.child === child && shows(link, sees));
  }

  /** The partition link of `child`, if it is a partition. */
  partitionOf(child: string, sees: CatalogView): HierarchyLink | null {
    return this.parents(child, sees).find((link) => link.bound !== null) ?? null;
  }

  /** Forgets a dropped table's links and key. */
  forget(table: string): void {
    this.partitionKeys.delete(table);
    for (let i = this.links.length - 1; i >= 0; i--) {
      const link = this.links[i];
      if (link !== undefined && (link.parent === table || link.child === table)) this.links.splice(i, 1);
    }
  }
}

function shows(link: HierarchyLink, sees: CatalogView): boolean {
  return sees(link.addedBy) && (link.removedBy === null || !sees(link.removedBy));
}

/**
 * Whether a partition's bound takes a row with this key (get_partition_for_tuple): a list
 * holds the value (NULL only if listed); a range holds keys from its lower bound, inclusive,
 * to its upper bound, exclusive, compared column by column. A default partition takes what
 * no other partition does, so it is the caller's last resort, never a match here.
 */
export function boundHolds(bound: PartitionBound, key: readonly Value[]): boolean {
  switch (bound.kind) {
    case 'default':
      return false;
    case 'list': {
      const value = key[0] ?? null;
      return bound.values.some((listed) =>
        value === null ? listed === null : listed !== null && compareSqlValues(listed, value) === 0,
      );
    }
    case 'range':
      // A range partition never takes a NULL key: only a default partition does.
      if (key.some((value) => value === null)) return false;
      return compareToBound(key, bound.from) >= 0 && compareToBound(key, bound.to) < 0;
  }
}

/** How a key orders against a range bound (partition_rbound_datum_cmp). */
function compareToBound(key: readonly Value[], bound: readonly RangeDatum[]): number {
  for (let i = 0; i < bound.length; i++) {
    const datum = bound[i] ?? null;
    if (datum !== null && typeof datum === 'object') return datum.infinite === 'minvalue' ? 1 : -1;
    const order = compareSqlValues(key[i] ?? null, datum);
    if (order !== 0) return order;
  }
  return 0;
}

/** The bound as PostgreSQL prints it (pg_get_expr of relpartbound), for messages. */
export function describeBound(bound: PartitionBound): string {
  const datum = (value: RangeDatum) =>
    value !== null && typeof value === 'object'
      ? value.infinite.toUpperCase()
      : typeof value === 'string'
        ? `'${value}'`
        : String(value);
  switch (bound.kind) {
    case 'default':
      return 'DEFAULT';
    case 'list':
      return `FOR VALUES IN (${bound.values.map(datum).join(', ')})`;
    case 'range':
      return `FOR VALUES FROM (${bound.from.map(datum).join(', ')}) TO (${bound.to.map(datum).join(', ')})`;
  }
}
