/**
 * MurmurHash3 (x86, 32-bit) over a key's bytes: the hash behind the bloom filters.
 *
 * A bloom filter needs hashes that look independent and uniformly spread for whatever keys
 * arrive, including keys that differ in one byte (`user:1001`, `user:1002`). MurmurHash3
 * (Austin Appleby, public domain; smhasher's MurmurHash3_x86_32) mixes every input bit into
 * every output bit and is cheap in JavaScript with `Math.imul`. Two different seeds give the
 * two hashes that double hashing needs (see bloom-filter.ts). LevelDB uses its own
 * Murmur-like `Hash` (util/hash.cc); mini-lsm uses farmhash.
 */

export function murmurHash3(key: Uint8Array, seed: number): number {
  const length = key.length;
  const blocks = length & ~3;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i += 4) {
    let k =
      (key[i] as number) |
      ((key[i + 1] as number) << 8) |
      ((key[i + 2] as number) << 16) |
      ((key[i + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // The last 1–3 bytes, little-endian, mixed in like a block.
  const rest = length & 3;
  if (rest > 0) {
    let tail = key[blocks] as number;
    if (rest > 1) tail |= (key[blocks + 1] as number) << 8;
    if (rest > 2) tail |= (key[blocks + 2] as number) << 16;
    tail = Math.imul(tail, 0xcc9e2d51);
    tail = (tail << 15) | (tail >>> 17);
    tail = Math.imul(tail, 0x1b873593);
    h ^= tail;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The two seeds of the bloom filter's double hashing. */
export const bloomSeedA = 0x9747b28c;
export const bloomSeedB = 0x5bd1e995;
