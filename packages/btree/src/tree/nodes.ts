/**
 * The two kinds of node in a B+tree: leaves, which hold the entries, and internal nodes,
 * which hold only separator keys that route a search down to the right leaf.
 *
 * A node is a page in a real engine. PostgreSQL lays out an nbtree page as line pointers
 * to index tuples (src/include/access/nbtree.h, `BTPageOpaqueData` for the sibling
 * links); SQLite's cells sit in a page as described at the top of src/btree.c. Here a node
 * keeps its keys in a plain array, and a leaf keeps its values in a second array of the
 * same length ("parallel arrays"): a binary search then touches only the keys, and no
 * per-entry object is ever allocated, which keeps the tree fast and small.
 *
 * An internal node with keys k0 < k1 < … < k(n-1) has n+1 children: child i holds the keys
 * k with k(i-1) <= k < k(i), so a separator is the smallest key that may live to its right.
 *
 * Leaves are linked both ways (`prev`, `next`), like PostgreSQL's `btpo_prev` and
 * `btpo_next`: a range scan walks sideways along the leaf level instead of climbing back
 * up the tree, and a backward scan walks the other way.
 */

/** A leaf: entries in key order, and links to its neighbours on the leaf level. */
export class LeafNode<K, V> {
  readonly kind = 'leaf' as const;
  /** A number that names this node in narrations and drawings ("leaf 7"). */
  readonly id: number;
  keys: K[];
  /** `values[i]` belongs to `keys[i]`. */
  values: V[];
  prev: LeafNode<K, V> | null = null;
  next: LeafNode<K, V> | null = null;

  constructor(id: number, keys: K[] = [], values: V[] = []) {
    this.id = id;
    this.keys = keys;
    this.values = values;
  }
}

/** An internal node: `keys.length + 1` children, separated by the keys. */
export class InternalNode<K, V> {
  readonly kind = 'internal' as const;
  readonly id: number;
  keys: K[];
  children: TreeNode<K, V>[];

  constructor(id: number, keys: K[], children: TreeNode<K, V>[]) {
    this.id = id;
    this.keys = keys;
    this.children = children;
  }
}

export type TreeNode<K, V> = LeafNode<K, V> | InternalNode<K, V>;
