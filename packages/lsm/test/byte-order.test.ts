import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, compareBytesAt, toBytes } from '../src/encoding/byte-order.ts';
import { readVarint, varintLength, writeVarint } from '../src/encoding/varint.ts';

describe('byte order', () => {
  it('orders like memcmp then length, the way Buffer.compare does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
        expect(Math.sign(compareBytes(a, b))).toBe(Buffer.compare(a, b));
      }),
    );
  });

  it('compares a key with bytes in place', () => {
    const buffer = toBytes('xxapplexx');
    expect(compareBytesAt(buffer, 2, 5, toBytes('apple'))).toBe(0);
    expect(compareBytesAt(buffer, 2, 5, toBytes('apples'))).toBeLessThan(0);
    expect(compareBytesAt(buffer, 2, 5, toBytes('appld'))).toBeGreaterThan(0);
  });

  it('stores strings as UTF-8, so they sort in code point order', () => {
    const words = ['中', 'É', 'banana', 'apples', 'apple', '😀', '\uffff'];
    const sorted = [...words].sort((a, b) => compareBytes(toBytes(a), toBytes(b)));
    expect(sorted).toEqual(['apple', 'apples', 'banana', 'É', '中', '\uffff', '😀']);
  });
});

describe('varints', () => {
  it('round-trip every 32-bit length in the bytes varintLength promises', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (value) => {
        const buffer = new Uint8Array(8);
        const end = writeVarint(buffer, 1, value);
        expect(end - 1).toBe(varintLength(value));
        expect(readVarint(buffer, 1)).toEqual({ value, next: end });
      }),
    );
  });

  it('reports a varint cut short, or longer than five bytes, as unreadable', () => {
    expect(readVarint(new Uint8Array([0xac, 0x02]), 0)).toEqual({ value: 300, next: 2 });
    expect(readVarint(new Uint8Array([0xac]), 0)).toBeUndefined();
    expect(readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0)).toBeUndefined();
  });
});
