/**
 * The memtable: where every write lands first, in key order, in memory.
 *
 * A write is appended to the write-ahead log (for durability) and then put here (for
 * reading); deletes are stored as tombstones, since an older value of the key may sit in an
 * SSTable that must stay hidden. When the memtable reaches its size limit it is frozen
 * (made immutable) and written out as one sorted SSTable, which is why flushing is a
 * single sequential write however random the keys were. LevelDB: db/memtable.cc on
 * db/skiplist.h; mini-lsm: mem_table.rs (week 1, day 1).
 *
 * The size is approximate, as in LevelDB (`ApproximateMemoryUsage` counts the arena): key
 * and value bytes plus a fixed overhead per entry for the node and its links.
 *
 * A skip-list search is a chain of dependent memory reads, and most point reads look for a
 * key the memtable does not hold. So the memtable also files its nodes by their keys' hashes
 * (30 bits of the hash the bloom filters use, which a read computes anyway): a key whose
 * hash is not filed is certainly not here, and the search is skipped; a key whose hash is
 * filed is usually that node's key, found without searching; only when two keys share a
 * hash does a read search the list. RocksDB does the first with a bloom filter over the
 * memtable's keys (`memtable_whole_key_filtering`, memtable/memtable.cc), and the second
 * with its hash-indexed memtables (`NewHashSkipListRepFactory`, memtable/hash_skiplist_rep.cc).
 */
import { compareBytes, keyPrefix } from '../encoding/byte-order.ts';
import type { EntryIterator, StoredValue } from '../read/entry-iterator.ts';
import { bloomSeedA, murmurHash3 } from '../sstable/key-hash.ts';
import { SkipList, type SkipNode } from './skip-list.ts';

/** The hash a memtable files a key under: {@link murmurHash3} with the bloom filters' first seed, as a small integer. */
export function memtableHash(key: Uint8Array): number {
  return memtableHashOf(murmurHash3(key, bloomSeedA));
}

/** {@link memtableHash} from the bloom filters' first hash of the key (bloom-filter.ts `hashKey`), already computed. */
export function memtableHashOf(bloomHash: number): number {
  return bloomHash & 0x3fffffff;
}

/** Bytes counted per entry on top of its key and value: the node, its links, two lengths. */
export const memtableEntryOverhead = 16;

export class Memtable {
  /** The id of the write-ahead log holding this memtable's writes. */
  readonly id: number;
  private readonly list = new SkipList<StoredValue>();
  /** {@link memtableHash} → the node of the first key filed under it. */
  private readonly byHash = new Map<number, SkipNode<StoredValue>>();
  private bytes = 0;

  constructor(id: number) {
    this.id = id;
  }

  /** Stores a value, or a tombstone when `value` is null. */
  put(key: Uint8Array, value: StoredValue): void {
    const node = this.list.set(key, value);
    const previous = this.list.replaced;
    const size = value === null ? 0 : value.length;
    if (previous === undefined) {
      const hash = memtableHash(key);
      if (!this.byHash.has(hash)) this.byHash.set(hash, node);
      this.bytes += key.length + size + memtableEntryOverhead;
    } else {
      this.bytes += size - (previous === null ? 0 : previous.length);
    }
  }

  /**
   * The value (or `null` for a tombstone) stored under `key`; undefined when the key is not
   * here. `hash` is {@link memtableHash} of the key, when the caller has it already.
   */
  get(key: Uint8Array, hash = memtableHash(key)): StoredValue | undefined {
    const filed = this.byHash.get(hash);
    if (filed === undefined) return undefined;
    if (filed.prefix === keyPrefix(key) && compareBytes(filed.key, key) === 0) return filed.value;
    return this.list.get(key);
  }

  /** Approximate memory used, compared with the `memtableSize` option. */
  get approximateBytes(): number {
    return this.bytes;
  }

  /** Distinct keys held, tombstones included. */
  get entries(): number {
    return this.list.size;
  }

  get isEmpty(): boolean {
    return this.list.size === 0;
  }

  /** The smallest and largest key, for drawing; undefined when empty. */
  keyRange(): { first: Uint8Array; last: Uint8Array } | undefined {
    const first = this.list.first();
    if (first === null) return undefined;
    let node: SkipNode<StoredValue> = first;
    while (node.next[0] !== null && node.next[0] !== undefined) node = node.next[0];
    return { first: first.key, last: node.key };
  }

  /** Entries in key order, starting at the first key ≥ `from` (or the smallest). */
  iterator(from?: Uint8Array): EntryIterator {
    return new MemtableIterator(from === undefined ? this.list.first() : this.list.seek(from));
  }
}

class MemtableIterator implements EntryIterator {
  private node: SkipNode<StoredValue> | null;

  constructor(start: SkipNode<StoredValue> | null) {
    this.node = start;
  }

  valid(): boolean {
    return this.node !== null;
  }

  key(): Uint8Array {
    return (this.node as SkipNode<StoredValue>).key;
  }

  value(): StoredValue {
    return (this.node as SkipNode<StoredValue>).value;
  }

  next(): void {
    this.node = (this.node as SkipNode<StoredValue>).next[0] ?? null;
  }

  close(): void {
    this.node = null;
  }
}
