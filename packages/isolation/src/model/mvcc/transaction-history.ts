/**
 * What a transaction read and wrote, version by version: the raw material of the direct
 * serialization graph (dsg/build-dsg.ts).
 *
 * Adya's definitions need, for each transaction, the versions it installed, the versions its
 * item reads returned, and for each predicate read the version of every row it considered
 * (its Vset: the version visible to it, or none). A database cannot see this from outside;
 * the model records it as it goes, so its dependency graph is exact.
 */

import type { BoundExpression } from '../sql/sql-types.ts';
import type { TupleVersion } from './heap.ts';

export interface ItemRead {
  readonly version: TupleVersion;
  /** Which statement of the transaction read it, from 1. */
  readonly statement: number;
  /** Its writer (another transaction) had not committed when it was read: a dirty read. */
  readonly dirty: boolean;
}

export interface PredicateRead {
  readonly table: string;
  /** The WHERE clause, bound to the table's columns; null when every row matches. */
  readonly predicate: BoundExpression | null;
  /** What it read, in words, for explanations: `test where value % 3 = 0`, or `all of test`. */
  readonly text: string;
  /** What the read saw of each row (by logical row), see RowSeen. */
  readonly seen: ReadonlyMap<number, RowSeen>;
  readonly statement: number;
}

/**
 * One row as a predicate read saw it: the version visible to it (null if none), and the newest
 * version whose creation it sees even if it also sees its deletion (null when the row did not
 * exist yet for it).
 */
export interface RowSeen {
  readonly visible: TupleVersion | null;
  readonly base: TupleVersion | null;
}

export interface Install {
  readonly kind: 'insert' | 'update' | 'delete';
  /** The new version (insert, update) or the version deleted (delete). */
  readonly version: TupleVersion;
}

export class TransactionHistory {
  readonly reads: ItemRead[] = [];
  readonly predicateReads: PredicateRead[] = [];
  readonly installs: Install[] = [];
}
