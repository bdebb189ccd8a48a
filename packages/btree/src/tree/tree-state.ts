/**
 * The state every B+tree algorithm works on: the root, the size, the order and the key
 * order, in one object the algorithm modules (insert-entry.ts, delete-entry.ts, …) share.
 *
 * {@link BPlusTree} wraps it with the public API; keeping the state apart lets each
 * algorithm live in its own small file, the way PostgreSQL splits nbtree into
 * nbtinsert.c, nbtsearch.c, nbtpage.c and nbtsplitloc.c around one `Relation`.
 *
 * The two searches branch once on whether the tree uses the natural order, so a tree of
 * numbers or strings compares with `<` inline and never calls a compare function.
 */
import { type Compare, lowerBound } from '@dbplay/core';
import { minInternalKeys, minLeafKeys } from './fill-bounds.ts';
import { checkNaturalKey, lowerBoundNatural, upperBoundNatural, upperBoundWith } from './key-order.ts';
import { LeafNode, type TreeNode } from './nodes.ts';

export class TreeState<K, V> {
  root: TreeNode<K, V>;
  /** Entries in the tree. */
  size = 0;
  /** Levels, counting the leaf level: 1 for a tree that is a single leaf. */
  height = 1;
  readonly order: number;
  readonly minLeaf: number;
  readonly minInternal: number;
  /** The compare function in force (the natural order when none was given). */
  readonly compare: Compare<K>;
  /** True when the tree uses the natural order, so searches may use `<` directly. */
  readonly natural: boolean;
  /** In natural order: the type of the keys so far, so a tree never mixes numbers and strings. */
  keyType: 'number' | 'string' | undefined;
  private lastId = 0;

  constructor(order: number, compare: Compare<K>, natural: boolean) {
    this.order = order;
    this.minLeaf = minLeafKeys(order);
    this.minInternal = minInternalKeys(order);
    this.compare = compare;
    this.natural = natural;
    this.root = new LeafNode<K, V>(this.newId());
  }

  /** A fresh node id: ids are never reused, so a narration's "leaf 9" is unambiguous. */
  newId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** The slot of `key` in a leaf, or where it would be inserted. */
  keySlot(keys: readonly K[], key: K): number {
    return this.natural ? lowerBoundNatural(keys, key) : lowerBound(keys, key, this.compare);
  }

  /** The child of an internal node that covers `key`. */
  childSlot(keys: readonly K[], key: K): number {
    return this.natural ? upperBoundNatural(keys, key) : upperBoundWith(keys, key, this.compare);
  }

  /** Whether two keys are the same key in this tree's order. */
  same(a: K, b: K): boolean {
    return this.natural ? a === b : this.compare(a, b) === 0;
  }

  /** Refuses a key the natural order cannot place; a custom order accepts what its compare does. */
  checkKey(key: K): void {
    if (this.natural) this.keyType = checkNaturalKey(key, this.keyType);
  }

  /**
   * Checks a range-scan bound. Lookups (`get`, `has`, `delete`) need no check: a key of the
   * wrong type is simply not found. A bound of the wrong type would make `<` false both ways
   * and the scan would not know where to stop, so it is refused.
   */
  checkBound(key: K): void {
    if (this.natural) checkNaturalKey(key, this.keyType);
  }
}
