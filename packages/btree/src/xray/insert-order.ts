/**
 * The orders in which the x-ray inserts its keys 1..n, and what each order does to a
 * B-tree: sequential keys always land in the rightmost leaf, descending keys in the
 * leftmost, random keys anywhere. The order decides how full the pages end up.
 */
import { BadInputError, didYouMean, SeededRandom } from '@dbplay/core';

export const insertOrders = ['sequential', 'random', 'descending'] as const;
export type InsertOrder = (typeof insertOrders)[number];

/** Checks a user's `--insert-order`, suggesting the closest valid one. */
export function parseInsertOrder(value: string): InsertOrder {
  if ((insertOrders as readonly string[]).includes(value)) return value as InsertOrder;
  throw new BadInputError(
    `unknown insert order '${value}'${didYouMean(value, insertOrders)}; the orders are ${insertOrders.join(', ')}`,
  );
}

/** The keys 1..n in the given order; `random` is a seeded shuffle, the same on every machine. */
export function keysInOrder(n: number, order: InsertOrder, seed: number | string = 1): number[] {
  const keys = Array.from({ length: n }, (_, i) => i + 1);
  if (order === 'descending') keys.reverse();
  if (order === 'random') new SeededRandom(seed).shuffle(keys);
  return keys;
}
