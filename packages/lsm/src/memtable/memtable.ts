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
 * Most point reads look for a key the memtable does not hold, and a skip-list search is a
 * chain of dependent memory reads. So the memtable also keeps a set of its keys' hashes
 * (30 bits of the hash the bloom filters use, which a read computes anyway): a key whose
 * hash is not in the set is certainly not here, and the search is skipped. RocksDB does the
 * same with a bloom filter over the memtable's keys (`memtable_whole_key_filtering`,
 * memtable/memtable.cc).
 */
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
  private readonly hashes = new Set<number>();
  private bytes = 0;

  constructor(id: number) {
    this.id = id;
  }

  /** Stores a value, or a tombstone when `value` is null. */
  put(key: Uint8Array, value: StoredValue): void {
    const previous = this.list.set(key, value);
    if (previous === undefined) this.hashes.add(memtableHash(key));
    const size = value === null ? 0 : value.length;
    if (previous === undefined) this.bytes += key.length + size + memtableEntryOverhead;
    else this.bytes += size - (previous === null ? 0 : previous.length);
  }

  /**
   * The value (or `null` for a tombstone) stored under `key`; undefined when the key is not
   * here. `hash` is {@link memtableHash} of the key, when the caller has it already.
   */
  get(key: Uint8Array, hash = memtableHash(key)): StoredValue | undefined {
    if (!this.hashes.has(hash)) return undefined;
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
