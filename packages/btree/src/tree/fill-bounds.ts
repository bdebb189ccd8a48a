/**
 * How full a node may be: at most `order` keys, and (except the root) at least about half.
 *
 * The upper bound is the page size; the lower bound is what keeps a B+tree shallow. A leaf
 * that overflows to `order + 1` keys splits into two of `ceil((order+1)/2)` and
 * `floor((order+1)/2)` keys, so a leaf never needs fewer than `ceil(order/2)`; a deletion
 * that leaves fewer borrows from a sibling or merges with it. Two leaves at the minimum,
 * one of them a key short, always fit in one node (2·ceil(order/2) − 1 <= order), which is
 * why merging is always possible.
 *
 * An internal node pushes its middle key up when it splits, so its halves hold
 * `order - floor(order/2)` and `floor(order/2)` keys, and `floor(order/2)` is its minimum.
 *
 * "Order" here is the most keys a node holds. Books disagree on the word: Knuth's order
 * is the most *children* a node may have (one more than its keys), and CLRS's minimum
 * degree t is the *fewest* children (a node holds t−1 to 2t−1 keys). An order-4 tree here
 * holds 1 to 4 keys a node; Knuth would call it order 5.
 *
 * Real engines are looser. PostgreSQL never merges half-empty pages: it deletes a page
 * only once it is empty (src/backend/access/nbtree/README, "Page Deletion"). SQLite's
 * `balance()` (src/btree.c) leaves a page alone while it has no overflow cell and no more
 * than two thirds of its usable space is free (`nFree <= usableSize*2/3`); only a page
 * more than two thirds empty, under about one third full, is rebalanced with its
 * neighbours by `balance_nonroot`.
 */
import { BadInputError } from '@dbplay/core';

/** The smallest and largest order the tree accepts. */
export const minOrder = 3;
export const maxOrder = 1024;

/** The fewest keys a leaf other than the root may hold. */
export function minLeafKeys(order: number): number {
  return Math.ceil(order / 2);
}

/** The fewest keys an internal node other than the root may hold. */
export function minInternalKeys(order: number): number {
  return Math.floor(order / 2);
}

/** Throws a {@link BadInputError} unless `order` is a whole number from 3 to 1024. */
export function checkOrder(order: number): number {
  if (!Number.isInteger(order) || order < minOrder || order > maxOrder) {
    throw new BadInputError(
      `the order (the most keys a node may hold) must be a whole number from ${minOrder} to ${maxOrder}; got ${order}`,
      {
        hint:
          order < minOrder
            ? 'below 3 a split could leave a node with no key to separate it from its sibling'
            : 'real pages hold a few hundred keys; 1024 is plenty for any page this tree models',
      },
    );
  }
  return order;
}
