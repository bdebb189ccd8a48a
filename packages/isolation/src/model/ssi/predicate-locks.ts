/**
 * SIREAD locks: the marks a serializable transaction leaves on what it read, so that a later
 * writer can find out that someone read what it is about to change
 * (src/backend/storage/lmgr/predicate.c, PredicateLockAcquire and friends).
 *
 * They never block anyone. A target is a tuple version, a page, or a whole relation (a table
 * or an index): a sequential scan locks the relation, because any row it did not find could
 * be inserted anywhere; an index scan locks the index page it searched (the key range, so an
 * insert of a missing key is caught) and the heap tuples it returned. Locks are promoted to a
 * coarser granularity when a transaction holds many: more than max_pred_locks_per_page (2)
 * tuples of one page become a page lock, more than 31 pages or tuples of one relation (from
 * max_pred_locks_per_relation = -2 and max_pred_locks_per_transaction = 64) a relation lock.
 * Promotion trades precision for memory, and is one source of false positives.
 *
 * Targets are written as strings: `relation test`, `page test 0`, `tuple test (0,3)`,
 * `page test_pkey 1` (the model's indexes are one leaf page, block 1).
 */
import type { SerializableXact } from './serializable-xact.ts';

export type LockTarget =
  | { readonly kind: 'relation'; readonly relation: string }
  | { readonly kind: 'page'; readonly relation: string; readonly page: number }
  | { readonly kind: 'tuple'; readonly relation: string; readonly page: number; readonly offset: number };

export const maxPredicateLocksPerPage = 2;
export const maxPredicateLocksPerRelation = 64 / 2 - 1;

export function targetKey(target: LockTarget): string {
  switch (target.kind) {
    case 'relation':
      return `relation ${target.relation}`;
    case 'page':
      return `page ${target.relation} ${target.page}`;
    case 'tuple':
      return `tuple ${target.relation} (${target.page},${target.offset})`;
  }
}

export function parseTargetKey(key: string): LockTarget {
  const [kind, relation = '', rest = ''] = key.split(' ');
  if (kind === 'relation') return { kind: 'relation', relation };
  if (kind === 'page') return { kind: 'page', relation, page: Number(rest) };
  const [page = '0', offset = '0'] = rest.replace(/[()]/g, '').split(',');
  return { kind: 'tuple', relation, page: Number(page), offset: Number(offset) };
}

/** GetParentPredicateLockTag: a tuple's page, a page's relation; a relation has none. */
export function parentOf(target: LockTarget): LockTarget | null {
  switch (target.kind) {
    case 'tuple':
      return { kind: 'page', relation: target.relation, page: target.page };
    case 'page':
      return { kind: 'relation', relation: target.relation };
    case 'relation':
      return null;
  }
}

/** TargetTagIsCoveredBy: `covered` lies within the coarser `covering`. */
function coveredBy(covered: LockTarget, covering: LockTarget): boolean {
  if (covered.relation !== covering.relation || covering.kind === 'tuple') return false;
  if (covering.kind === 'relation') return covered.kind !== 'relation';
  return covered.kind === 'tuple' && covered.page === covering.page;
}

/** The SIREAD lock table: which transactions hold a lock on each target. */
export class PredicateLockTable {
  private readonly holders = new Map<string, Set<SerializableXact>>();

  holdersOf(key: string): readonly SerializableXact[] {
    return [...(this.holders.get(key) ?? [])];
  }

  /** Every target with its holders, for drawings. */
  all(): { readonly target: string; readonly holders: readonly SerializableXact[] }[] {
    return [...this.holders].map(([target, holders]) => ({ target, holders: [...holders] }));
  }

  /** PredicateLockAcquire: take a lock, unless one already covers it; promote when there are too many. */
  acquire(sxact: SerializableXact, target: LockTarget): void {
    const key = targetKey(target);
    if (sxact.locks.has(key) || this.coarserLockCovers(sxact, target)) return;
    const local = sxact.localLocks.get(key);
    if (local === undefined) sxact.localLocks.set(key, { held: true, childLocks: 0 });
    else local.held = true;
    this.create(sxact, key);
    if (!this.promoteIfNeeded(sxact, target) && target.kind !== 'tuple') this.deleteChildLocks(sxact, target);
  }

  /** Whether the transaction holds a lock on this exact target. */
  holds(sxact: SerializableXact, target: LockTarget): boolean {
    return sxact.locks.has(targetKey(target));
  }

  /** Drops one of the transaction's own tuple locks (it wrote the tuple: its write lock covers it). */
  dropOwnTupleLock(sxact: SerializableXact, target: LockTarget): void {
    const key = targetKey(target);
    if (!sxact.locks.has(key)) return;
    this.remove(sxact, key);
    sxact.localLocks.delete(key);
    this.decrementParents(sxact, target);
  }

  /** Every lock of the transaction goes (ReleaseOneSerializableXact). */
  releaseAll(sxact: SerializableXact): void {
    for (const key of [...sxact.locks]) this.remove(sxact, key);
    sxact.localLocks.clear();
  }

  private create(sxact: SerializableXact, key: string): void {
    let holders = this.holders.get(key);
    if (holders === undefined) {
      holders = new Set();
      this.holders.set(key, holders);
    }
    holders.add(sxact);
    sxact.locks.add(key);
  }

  private remove(sxact: SerializableXact, key: string): void {
    const holders = this.holders.get(key);
    holders?.delete(sxact);
    if (holders !== undefined && holders.size === 0) this.holders.delete(key);
    sxact.locks.delete(key);
  }

  private coarserLockCovers(sxact: SerializableXact, target: LockTarget): boolean {
    for (let parent = parentOf(target); parent !== null; parent = parentOf(parent)) {
      if (sxact.locks.has(targetKey(parent))) return true;
    }
    return false;
  }

  /** CheckAndPromotePredicateLockRequest: count the new lock in each parent; take the coarsest parent that has too many. */
  private promoteIfNeeded(sxact: SerializableXact, target: LockTarget): boolean {
    let promotion: LockTarget | null = null;
    for (let parent = parentOf(target); parent !== null; parent = parentOf(parent)) {
      const key = targetKey(parent);
      let local = sxact.localLocks.get(key);
      if (local === undefined) {
        local = { held: false, childLocks: 0 };
        sxact.localLocks.set(key, local);
      }
      local.childLocks++;
      const limit = parent.kind === 'page' ? maxPredicateLocksPerPage : maxPredicateLocksPerRelation;
      if (local.childLocks > limit) promotion = parent;
    }
    if (promotion === null) return false;
    this.acquire(sxact, promotion);
    return true;
  }

  /** DeleteChildTargetLocks: the finer locks a new coarser lock covers go. */
  private deleteChildLocks(sxact: SerializableXact, target: LockTarget): void {
    for (const key of [...sxact.locks]) {
      const held = parseTargetKey(key);
      if (!coveredBy(held, target)) continue;
      this.remove(sxact, key);
      const local = sxact.localLocks.get(key);
      if (local !== undefined) local.held = false;
      this.decrementParents(sxact, held);
    }
  }

  /** DecrementParentLocks. */
  private decrementParents(sxact: SerializableXact, target: LockTarget): void {
    for (let parent = parentOf(target); parent !== null; parent = parentOf(parent)) {
      const key = targetKey(parent);
      const local = sxact.localLocks.get(key);
      if (local === undefined) continue;
      local.childLocks--;
      if (local.childLocks <= 0 && !local.held) sxact.localLocks.delete(key);
    }
  }
}
