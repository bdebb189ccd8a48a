/**
 * Every bad input the library can be given fails with a BadInputError (exit 2 in the CLI)
 * and a message that says what was wrong.
 */
import { BPlusTree, pageSizing } from '@dbplay/btree';
import { BadInputError, ExitCode } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

function badInput(action: () => unknown): BadInputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).exitCode).toBe(ExitCode.badInput);
    return error as BadInputError;
  }
  throw new Error('expected a BadInputError');
}

describe('bad input', () => {
  it('refuses an order below 3, above 1024, or not whole', () => {
    expect(badInput(() => new BPlusTree({ order: 2 })).oneLine()).toBe(
      'the order (the most keys a node may hold) must be a whole number from 3 to 1024; got 2 (below 3 a split could leave a node with no key to separate it from its sibling)',
    );
    expect(badInput(() => new BPlusTree({ order: 1025 })).message).toContain('got 1025');
    expect(badInput(() => new BPlusTree({ order: 4.5 })).message).toContain('got 4.5');
    expect(badInput(() => BPlusTree.bulkLoad([], { order: 0 })).message).toContain('got 0');
  });

  it('refuses both an order and a page size', () => {
    expect(badInput(() => new BPlusTree({ order: 4, page: { keyBytes: 4 } })).message).toBe(
      'give either an order or a page size, not both: the page size decides the order',
    );
  });

  it('refuses NaN, mixed key types and keys the natural order cannot compare', () => {
    const tree = new BPlusTree<unknown, number>();
    expect(badInput(() => tree.set(Number.NaN, 1)).message).toContain('NaN cannot be a key');
    expect(badInput(() => tree.set({}, 1)).oneLine()).toBe(
      'a key must be a number or a string in the default order; got [object Object] (pass a compare function to order other keys)',
    );
    expect(badInput(() => tree.set(true, 1)).message).toContain('got boolean');
    tree.set(1, 1);
    expect(badInput(() => tree.set('1', 1)).message).toBe(
      'this tree holds number keys, so the key "1" (a string) cannot be compared with them',
    );
    expect(badInput(() => [...tree.entries('a')]).message).toContain('this tree holds number keys');
    expect(badInput(() => [...tree.entriesReversed(undefined, 'z')]).message).toContain('(a string)');
  });

  it('refuses page sizes and key sizes no page could hold', () => {
    expect(badInput(() => pageSizing({ pageSize: 100, keyBytes: 4 })).message).toBe(
      'a page size must be a whole number of bytes from 1024 to 32768; got 100',
    );
    expect(badInput(() => pageSizing({ keyBytes: 0 })).message).toContain('got 0');
    expect(badInput(() => pageSizing({ keyBytes: 4, valueBytes: -1 })).message).toContain('got -1');
    expect(badInput(() => pageSizing({ keyBytes: 3000 })).oneLine()).toBe(
      'a 8192-byte page with 3000-byte keys holds 2 entries, but the order must be from 3 to 1024 (PostgreSQL likewise refuses index entries over about a third of a page (BTMaxItemSize), so a page always holds 3)',
    );
    expect(badInput(() => pageSizing({ pageSize: 32768, keyBytes: 1, valueBytes: 0 })).message).toContain(
      'holds 2727 entries',
    );
  });
});

describe('page sizing', () => {
  it('gives order 407 for 4-byte keys on an 8 KiB page, as pageinspect shows for int4', () => {
    const sizing = pageSizing({ keyBytes: 4 });
    expect(sizing).toMatchObject({ pageSize: 8192, usableBytes: 8152, entryBytes: 20, order: 407 });
    expect(sizing.explanation).toEqual([
      'page: 8192 bytes, less a 24-byte page header and 16 bytes of B-tree special space (sibling links, level, flags) = 8152 bytes for entries',
      'entry: a 2-byte tuple header + 6-byte value (the heap TID) + 4-byte key = 12 bytes, padded to a multiple of 8 = 16, plus a 4-byte line pointer = 20 bytes',
      'order: 8152 / 20 = 407.6, so a page holds at most 407 entries',
    ]);
    const tree = new BPlusTree<number, number>({ page: { keyBytes: 4 } });
    expect(tree.order).toBe(407);
    expect(tree.sizing?.order).toBe(407);
    // int8 keys: 8 + 8 = 16 bytes, padded to 16, plus 4: the same 20 bytes, so the same order.
    expect(pageSizing({ keyBytes: 8 }).order).toBe(407);
    expect(pageSizing({ keyBytes: 16 }).order).toBe(291);
  });
});
