/**
 * A skip list: the sorted structure inside a memtable.
 *
 * Every key is in the bottom list, in order; each node is also linked into the next level
 * up with probability 1/4, so the level above skips about four nodes at a time and a search
 * goes down from the top level, moving right while the next key is still smaller. That
 * gives O(log n) search and insert with nothing to rebalance, which is why LevelDB
 * (db/skiplist.h: `kMaxHeight = 12`, `kBranching = 4`), RocksDB's default memtable and
 * mini-lsm (crossbeam's SkipMap) all use one.
 *
 *     level 2   head ─────────────────────▶ m ───────────────▶ nil
 *     level 1   head ───────▶ d ──────────▶ m ──────▶ t ─────▶ nil
 *     level 0   head ─▶ a ─▶ d ─▶ g ─▶ k ─▶ m ─▶ p ─▶ t ─▶ w ─▶ nil
 *
 * Node heights come from a fixed-seed generator, so the same inserts build the same list
 * on every run (handy when a learner steps through one).
 *
 * Each node also keeps its key's first three bytes as a small integer, its *prefix*
 * (`keyPrefix` in encoding/byte-order.ts). A search compares prefixes first and only looks
 * at the key's bytes when they tie, so most steps of a search touch the node alone, not
 * the byte array behind it.
 */
import { compareBytes, keyPrefix } from '../encoding/byte-order.ts';

const maxHeight = 12;

/** One key and its value, linked into `next.length` levels. */
export class SkipNode<V> {
  readonly key: Uint8Array;
  /** {@link keyPrefix} of the key. */
  readonly prefix: number;
  value: V;
  readonly next: (SkipNode<V> | null)[];

  constructor(key: Uint8Array, value: V, height: number) {
    this.key = key;
    this.prefix = keyPrefix(key);
    this.value = value;
    this.next = new Array<SkipNode<V> | null>(height).fill(null);
  }
}

/** Whether `node`'s key is smaller than `key`, whose prefix is `prefix`. */
function before<V>(node: SkipNode<V>, key: Uint8Array, prefix: number): boolean {
  return node.prefix < prefix || (node.prefix === prefix && compareBytes(node.key, key) < 0);
}

export class SkipList<V> {
  private readonly head = new SkipNode<V>(new Uint8Array(0), undefined as V, maxHeight);
  private height = 1;
  private count = 0;
  private randomState = 0x2545f491;
  // Reused by `set` to remember, per level, the last node before the insertion point.
  private readonly path: SkipNode<V>[] = new Array<SkipNode<V>>(maxHeight).fill(this.head);

  /** How many distinct keys the list holds. */
  get size(): number {
    return this.count;
  }

  /** The value stored under `key`, or undefined when the key is not in the list. */
  get(key: Uint8Array): V | undefined {
    const node = this.seek(key);
    return node !== null && compareBytes(node.key, key) === 0 ? node.value : undefined;
  }

  /** The first node whose key is ≥ `key`, or null when every key is smaller. */
  seek(key: Uint8Array): SkipNode<V> | null {
    const prefix = keyPrefix(key);
    let node = this.head;
    for (let level = this.height - 1; level >= 0; level--) {
      let next = node.next[level] as SkipNode<V> | null;
      while (next !== null && before(next, key, prefix)) {
        node = next;
        next = node.next[level] as SkipNode<V> | null;
      }
    }
    return node.next[0] as SkipNode<V> | null;
  }

  /** The node with the smallest key, or null when the list is empty. */
  first(): SkipNode<V> | null {
    return this.head.next[0] as SkipNode<V> | null;
  }

  /**
   * What the last {@link set} replaced: the key's value before it, or undefined when the key
   * was new. A field rather than a second return value, so that a write allocates nothing
   * more than its node.
   */
  replaced: V | undefined = undefined;

  /**
   * Stores `value` under `key`, replacing any value already there (see {@link replaced}).
   * Returns the node that holds the key.
   */
  set(key: Uint8Array, value: V): SkipNode<V> {
    const path = this.path;
    const prefix = keyPrefix(key);
    let node = this.head;
    for (let level = this.height - 1; level >= 0; level--) {
      let next = node.next[level] as SkipNode<V> | null;
      while (next !== null && before(next, key, prefix)) {
        node = next;
        next = node.next[level] as SkipNode<V> | null;
      }
      path[level] = node;
    }
    const found = node.next[0] as SkipNode<V> | null;
    if (found !== null && found.prefix === prefix && compareBytes(found.key, key) === 0) {
      this.replaced = found.value;
      found.value = value;
      return found;
    }
    const height = this.randomHeight();
    if (height > this.height) {
      for (let level = this.height; level < height; level++) path[level] = this.head;
      this.height = height;
    }
    const inserted = new SkipNode(key, value, height);
    for (let level = 0; level < height; level++) {
      const prior = path[level] as SkipNode<V>;
      inserted.next[level] = prior.next[level] as SkipNode<V> | null;
      prior.next[level] = inserted;
    }
    this.count++;
    this.replaced = undefined;
    return inserted;
  }

  /** 1 with probability 3/4, 2 with 3/16, … : each level up holds a quarter of the one below. */
  private randomHeight(): number {
    let height = 1;
    while (height < maxHeight && (this.nextRandom() & 3) === 0) height++;
    return height;
  }

  /** xorshift32: fast, and deterministic from the fixed seed. */
  private nextRandom(): number {
    let x = this.randomState;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.randomState = x >>> 0;
    return this.randomState;
  }
}
