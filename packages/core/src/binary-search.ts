/**
 * Binary search over a sorted run of keys: the search every index does inside a page.
 *
 * A B+tree node, an SSTable's block index and a data block all hold keys in order and
 * find one in log2(n) comparisons. PostgreSQL does it in `_bt_binsrch`
 * (src/backend/access/nbtree/nbtsearch.c), SQLite in `sqlite3BtreeTableMoveto`
 * (src/btree.c), LevelDB in `Block::Iter::Seek` (table/block.cc).
 *
 * {@link lowerBound} returns the first slot whose key is not less than the sought key,
 * so it answers both "is the key here?" (compare at that slot) and "which child covers
 * it?" in one pass.
 */
import { type ProbeStep, probeStep } from './binary-search-steps.ts';
import type { Tracer } from './step.ts';

/** Orders two keys: negative when a < b, zero when equal, positive when a > b. */
export type Compare<K> = (a: K, b: K) => number;

/**
 * The first index i in [from, to) with `compare(keys[i], key) >= 0`, or `to` if every key
 * is smaller. `keys[from..to)` must be sorted by `compare`.
 */
export function lowerBound<K>(
  keys: ArrayLike<K>,
  key: K,
  compare: Compare<K>,
  tracer?: Tracer<ProbeStep>,
  from = 0,
  to: number = keys.length,
): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const probed = keys[mid] as K;
    if (compare(probed, key) < 0) {
      tracer?.emit(probeStep(mid, probed, key, 'right', low, high - 1));
      low = mid + 1;
    } else {
      tracer?.emit(probeStep(mid, probed, key, 'left', low, high - 1));
      high = mid;
    }
  }
  return low;
}

/** The natural order of numbers, and of strings by UTF-16 code units (like `Array.prototype.sort`). */
export function naturalCompare<K extends number | string>(a: K, b: K): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
