/**
 * How keys are ordered, and the two binary searches a node needs.
 *
 * Every node search asks one of two questions:
 * - in a leaf, "in which slot is this key, or where would it go?": the first slot whose key
 *   is not less than it (a lower bound);
 * - in an internal node, "which child covers this key?": the number of separators less
 *   than or equal to it (an upper bound), since child i holds keys from separator i-1 up to,
 *   but not including, separator i.
 * PostgreSQL answers both in `_bt_binsrch` (src/backend/access/nbtree/nbtsearch.c), SQLite
 * in `sqlite3BtreeIndexMoveto` (src/btree.c).
 *
 * The default order is the natural order of numbers, or of strings by UTF-16 code units
 * (as `Array.prototype.sort` orders them): core's `naturalCompare`. With it, the searches
 * compare with `<` directly instead of calling a function per probe: the specialised path
 * an engine takes when it knows the key type (PostgreSQL's `btint4cmp` is chosen once per
 * index, not per probe). Mixing numbers and strings in one tree is refused, since `<` does
 * not order them. With a compare function, the lower bound is core's `lowerBound` and the
 * upper bound is {@link upperBoundWith} below.
 */
import { BadInputError, type Compare } from '@dbplay/core';

/**
 * Checks a key for a tree in natural order: a number that is not NaN, or a string, of the
 * same type as the keys already there. Returns the key's type.
 */
export function checkNaturalKey(
  key: unknown,
  treeKeyType: 'number' | 'string' | undefined,
): 'number' | 'string' {
  const type = typeof key;
  if (type === 'number') {
    if (Number.isNaN(key))
      throw new BadInputError(
        'NaN cannot be a key: it is neither less than, equal to nor greater than any number',
      );
  } else if (type !== 'string') {
    throw new BadInputError(
      `a key must be a number or a string in the default order; got ${type === 'object' ? String(key) : type}`,
      { hint: 'pass a compare function to order other keys' },
    );
  }
  if (treeKeyType !== undefined && type !== treeKeyType) {
    throw new BadInputError(
      `this tree holds ${treeKeyType} keys, so the key ${JSON.stringify(key)} (a ${type}) cannot be compared with them`,
    );
  }
  return type;
}

/** The first slot whose key is >= `key` (keys.length if none): where `key` is or would go. */
export function lowerBoundNatural<K>(keys: readonly K[], key: K): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((keys[mid] as K) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first slot whose key is > `key`: in an internal node, the child that covers `key`. */
export function upperBoundNatural<K>(keys: readonly K[], key: K): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key < (keys[mid] as K)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** {@link upperBoundNatural} with a compare function. */
export function upperBoundWith<K>(keys: readonly K[], key: K, compare: Compare<K>): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(key, keys[mid] as K) < 0) high = mid;
    else low = mid + 1;
  }
  return low;
}
