/**
 * Strict two-phase locking with predicate locks: serializability by waiting, the way
 * System R and (with next-key locks instead of predicates) MySQL's InnoDB and SQL Server
 * run SERIALIZABLE. PostgreSQL does not work this way; the model has it for comparison with
 * SSI (`--level serializable-2pl`).
 *
 * Every read takes a shared lock on its predicate — the table and the WHERE clause, so that
 * rows which do not exist yet are covered too (Eswaran et al. 1976, "The notions of
 * consistency and predicate locks") — and every write an exclusive lock on the row, recorded
 * with the row's values before and after. A write conflicts with another transaction's
 * predicate lock when either value satisfies the predicate; a read conflicts with another
 * transaction's row lock the same way; two row locks on one row conflict unless both are
 * shared. Locks are held until the transaction ends ("strict"), so the commit order is a
 * serial order; the price is waiting, and deadlocks, which the detector breaks by rolling a
 * transaction back (40P01).
 */
import type { Value } from '../../run/outcome.ts';
import type { BoundExpression } from '../sql/sql-types.ts';

export type TwoPhaseLock =
  | {
      readonly kind: 'predicate';
      readonly owner: string;
      readonly table: string;
      /** The WHERE clause, bound to the table's columns; null for the whole table. */
      readonly predicate: BoundExpression | null;
      readonly text: string;
    }
  | {
      readonly kind: 'row';
      readonly owner: string;
      readonly table: string;
      /** The logical row (a row inserted by the owner is new here). */
      readonly row: number;
      readonly mode: 'shared' | 'exclusive';
      /** The row's values before and after the owner's write (one image for a read or a delete). */
      readonly images: readonly (readonly Value[])[];
      readonly text: string;
    };

function matches(predicate: BoundExpression | null, image: readonly Value[]): boolean {
  if (predicate === null) return true;
  try {
    return predicate.evaluate(image) === true;
  } catch {
    // A predicate that fails on this row (division by zero…) is taken to cover it.
    return true;
  }
}

function conflicts(held: TwoPhaseLock, wanted: TwoPhaseLock): boolean {
  if (held.owner === wanted.owner || held.table !== wanted.table) return false;
  if (held.kind === 'predicate' && wanted.kind === 'predicate') return false;
  if (held.kind === 'row' && wanted.kind === 'row') {
    return held.row === wanted.row && (held.mode === 'exclusive' || wanted.mode === 'exclusive');
  }
  const predicate = held.kind === 'predicate' ? held : wanted;
  const row = held.kind === 'row' ? held : wanted;
  if (row.kind !== 'row' || predicate.kind !== 'predicate') return false;
  if (row.mode === 'shared') return false;
  return row.images.some((image) => matches(predicate.predicate, image));
}

export class TwoPhaseLockTable {
  private readonly held: TwoPhaseLock[] = [];

  /** The locks of other transactions that keep `wanted` from being granted. */
  blockers(wanted: TwoPhaseLock): TwoPhaseLock[] {
    return this.held.filter((lock) => conflicts(lock, wanted));
  }

  /** Grants the lock, unless the owner already holds one that covers it. */
  grant(lock: TwoPhaseLock): boolean {
    const covered = this.held.some(
      (held) =>
        held.owner === lock.owner &&
        held.kind === lock.kind &&
        held.table === lock.table &&
        (held.kind === 'predicate'
          ? held.text === lock.text
          : lock.kind === 'row' &&
            held.row === lock.row &&
            (held.mode === 'exclusive' || lock.mode === 'shared') &&
            lock.images.every((image) => held.images.some((h) => sameImage(h, image)))),
    );
    if (covered) return false;
    this.held.push(lock);
    return true;
  }

  releaseAll(owner: string): void {
    for (let i = this.held.length - 1; i >= 0; i--) if (this.held[i]?.owner === owner) this.held.splice(i, 1);
  }

  all(): readonly TwoPhaseLock[] {
    return this.held;
  }
}

function sameImage(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
