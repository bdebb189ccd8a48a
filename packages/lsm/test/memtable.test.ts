import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBytes } from '../src/encoding/byte-order.ts';
import { Memtable, memtableEntryOverhead, memtableHash } from '../src/memtable/memtable.ts';
import { SkipList } from '../src/memtable/skip-list.ts';
import { byteOrder, smallKey } from './model-order.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('skip list', () => {
  it('agrees with a Map and keeps keys in byte order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer())),
        smallKey,
        (writes, probe) => {
          const list = new SkipList<number>();
          const model = new Map<string, number>();
          for (const [key, value] of writes) {
            const node = list.set(toBytes(key), value);
            expect(list.replaced).toBe(model.get(key));
            expect([text(node.key), node.value]).toEqual([key, value]);
            model.set(key, value);
          }
          expect(list.size).toBe(model.size);
          const inOrder: string[] = [];
          for (let node = list.first(); node !== null; node = node.next[0] ?? null)
            inOrder.push(text(node.key));
          expect(inOrder).toEqual([...model.keys()].sort(byteOrder));
          expect(list.get(toBytes(probe))).toBe(model.get(probe));
          const seek = list.seek(toBytes(probe));
          expect(seek === null ? undefined : text(seek.key)).toBe(
            inOrder.find((key) => byteOrder(key, probe) >= 0),
          );
        },
      ),
    );
  });
});

describe('memtable', () => {
  it('keeps tombstones, counts its size, and iterates from a key', () => {
    const memtable = new Memtable(7);
    memtable.put(toBytes('b'), toBytes('2'));
    memtable.put(toBytes('a'), toBytes('1'));
    memtable.put(toBytes('c'), null);
    expect(memtable.approximateBytes).toBe(2 + 2 + 1 + 3 * memtableEntryOverhead);
    memtable.put(toBytes('a'), toBytes('100'));
    expect(memtable.approximateBytes).toBe(2 + 4 + 1 + 3 * memtableEntryOverhead);
    expect(memtable.get(toBytes('c'))).toBeNull();
    expect(memtable.get(toBytes('d'))).toBeUndefined();
    const seen: [string, string | null][] = [];
    for (const it = memtable.iterator(toBytes('aa')); it.valid(); it.next()) {
      const value = it.value();
      seen.push([text(it.key()), value === null ? null : text(value)]);
    }
    expect(seen).toEqual([
      ['b', '2'],
      ['c', null],
    ]);
    expect(memtable.keyRange()).toEqual({ first: toBytes('a'), last: toBytes('c') });
    expect(new Memtable(1).keyRange()).toBeUndefined();
  });

  it('finds every key when two share the hash it files nodes under, whichever was written first', () => {
    // Two keys with the same 30-bit hash: among 2^16 keys, one pair is all but certain.
    const firstWith = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const key = `key-${i}`;
      const other = firstWith.get(memtableHash(toBytes(key)));
      if (other === undefined) firstWith.set(memtableHash(toBytes(key)), key);
      else pair = [other, key];
    }
    for (const [first, second] of [pair, [pair[1], pair[0]]]) {
      const memtable = new Memtable(1);
      memtable.put(toBytes(first as string), toBytes('one'));
      memtable.put(toBytes(second as string), toBytes('two'));
      memtable.put(toBytes(first as string), toBytes('uno'));
      expect(memtable.get(toBytes(first as string))).toEqual(toBytes('uno'));
      expect(memtable.get(toBytes(second as string))).toEqual(toBytes('two'));
      expect(memtable.get(toBytes('absent'))).toBeUndefined();
      expect(memtable.entries).toBe(2);
    }
  });
});
