/**
 * Bulk loading: building a tree bottom-up from entries that are already sorted.
 *
 * Inserting n sorted keys one by one splits every leaf on the way and leaves them half
 * full. A bulk load instead fills each leaf to a chosen fill factor in one pass, links the
 * leaves, then builds each level above from the first keys of the level below, until one
 * node is left: the root. It reads every entry once and never splits. This is what
 * `CREATE INDEX` does in PostgreSQL (src/backend/access/nbtree/nbtsort.c, which fills
 * leaves to the index's fillfactor, 90% by default, and internal pages to 70%) and what
 * SQLite does when it builds an index on an existing table (the sorter in src/vdbesort.c
 * feeding `sqlite3BtreeInsert` with the append hint).
 *
 * If the last node of a level would fall below the minimum, it and its left neighbour
 * share their entries evenly (or become one node if they fit), so the result satisfies
 * every invariant `check()` verifies.
 */
import { BadInputError, type Tracer } from '@dbplay/core';
import type { BTreeStep } from '../steps/btree-step.ts';
import { loadLeafStep, loadNodeStep, loadRootStep } from '../steps/load-steps.ts';
import { formatKey } from '../tree/format-keys.ts';
import { InternalNode, LeafNode, type TreeNode } from '../tree/nodes.ts';
import type { TreeState } from '../tree/tree-state.ts';

/** Builds the tree in `state` (which must be empty) from ascending entries. */
export function bulkLoadInto<K, V>(
  state: TreeState<K, V>,
  entries: Iterable<readonly [K, V]>,
  fill: number,
  tracer?: Tracer<BTreeStep>,
): void {
  if (typeof fill !== 'number' || !(fill >= 0.5 && fill <= 1)) {
    throw new BadInputError(`the fill factor must be a number from 0.5 to 1; got ${String(fill)}`, {
      hint: 'below one half, nodes would break the minimum fill every B+tree node keeps',
    });
  }
  const keys: K[] = [];
  const values: V[] = [];
  for (const [key, value] of entries) {
    state.checkKey(key);
    const previous = keys[keys.length - 1];
    if (keys.length > 0 && state.compare(previous as K, key) >= 0) {
      throw new BadInputError(
        `a bulk load needs entries in strictly ascending key order, but entry ${keys.length} has key ${formatKey(key)}, which does not come after ${formatKey(previous)}`,
        { hint: 'sort the entries (and drop duplicate keys) first, or insert them one by one with set()' },
      );
    }
    keys.push(key);
    values.push(value);
  }

  const leafSizes = groupSizes(keys.length, state.minLeaf, state.order, fill);
  let level: TreeNode<K, V>[] = [];
  let lows: K[] = [];
  let start = 0;
  let previous: LeafNode<K, V> | null = null;
  for (const count of leafSizes) {
    const leaf = new LeafNode<K, V>(
      state.newId(),
      keys.slice(start, start + count),
      values.slice(start, start + count),
    );
    leaf.prev = previous;
    if (previous !== null) previous.next = leaf;
    previous = leaf;
    level.push(leaf);
    lows.push(keys[start] as K);
    start += count;
    tracer?.emit(loadLeafStep(state, leaf, leafSizes[0] ?? 0));
  }
  let height = 1;

  while (level.length > 1) {
    const sizes = groupSizes(level.length, state.minInternal + 1, state.order + 1, fill);
    const parents: TreeNode<K, V>[] = [];
    const parentLows: K[] = [];
    let first = 0;
    for (const count of sizes) {
      // The separators are the smallest keys of every child but the first.
      const node = new InternalNode<K, V>(
        state.newId(),
        lows.slice(first + 1, first + count),
        level.slice(first, first + count),
      );
      parents.push(node);
      parentLows.push(lows[first] as K);
      first += count;
      tracer?.emit(loadNodeStep(node, height + 1));
    }
    level = parents;
    lows = parentLows;
    height += 1;
  }

  state.root = level[0] ?? state.root;
  state.size = keys.length;
  state.height = height;
  tracer?.emit(loadRootStep(state));
}

/**
 * How many items (entries, or children) each node of a level gets: `fill × max` each,
 * rounded down but never below `min`, with the last node evened out with its neighbour if
 * it would fall short. A level that fits in one node is one node: the root.
 */
function groupSizes(count: number, min: number, max: number, fill: number): number[] {
  if (count <= max) return [count];
  const per = Math.max(min, Math.min(max, Math.floor(fill * max)));
  const sizes: number[] = [];
  for (let left = count; left > 0; left -= per) sizes.push(Math.min(per, left));
  const last = sizes[sizes.length - 1] as number;
  if (last < min) {
    const total = (sizes[sizes.length - 2] as number) + last;
    sizes.splice(-2, 2, ...(total <= max ? [total] : [Math.floor(total / 2), Math.ceil(total / 2)]));
  }
  return sizes;
}
