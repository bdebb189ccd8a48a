/**
 * Deriving a tree's order from a page size, the way PostgreSQL fills an 8 KiB nbtree page.
 *
 * A B+tree node is a disk page, so how many keys it holds is arithmetic on bytes. For a
 * PostgreSQL B-tree leaf page (src/include/storage/bufpage.h, src/include/access/nbtree.h):
 *
 *   page (8192) = page header (24, `PageHeaderData`)
 *               + n × line pointer (4, `ItemIdData`)
 *               + n × index tuple (`IndexTupleData`: 6-byte heap TID + 2-byte t_info,
 *                 then the key, padded to a multiple of 8 by MAXALIGN)
 *               + special space (16, `BTPageOpaqueData`: sibling links, level, flags)
 *
 * An `int4` key makes a 8 + 4 = 12-byte tuple, padded to 16; with its line pointer each
 * entry costs 20 bytes, and (8192 − 24 − 16) / 20 = 407.6, so a leaf holds at most 407
 * entries (on a page that is not the rightmost, one of them is the "high key" that bounds
 * the page). `pageinspect` agrees: a full int4 leaf has 407 items and 8 bytes to spare.
 *
 * Here the "value" of an entry is what the index stores beside the key: the 6-byte heap TID
 * (where the row lives) by default, as in PostgreSQL.
 */
import { BadInputError } from '@dbplay/core';
import { maxOrder, minOrder } from './fill-bounds.ts';

export interface PageSizeOptions {
  /** Bytes per page: PostgreSQL's default is 8192; it may be built with 1 to 32 KiB pages. */
  readonly pageSize?: number;
  /** Bytes per key: 4 for `int4`, 8 for `int8` or `timestamp`, 16 for `uuid`. */
  readonly keyBytes: number;
  /** Bytes stored beside each key: 6 for PostgreSQL's heap TID (the default). */
  readonly valueBytes?: number;
}

export interface PageSizing {
  readonly pageSize: number;
  readonly keyBytes: number;
  readonly valueBytes: number;
  /** Bytes left for entries once the page header and special space are taken. */
  readonly usableBytes: number;
  /** Bytes per entry: the aligned tuple plus its line pointer. */
  readonly entryBytes: number;
  /** The order this gives: the most entries a page holds. */
  readonly order: number;
  /** How the order was computed, one line per step, for a learner to follow. */
  readonly explanation: readonly string[];
}

export const pageHeaderBytes = 24;
export const btreeSpecialBytes = 16;
export const linePointerBytes = 4;
/** `t_info`, the two bytes of `IndexTupleData` besides the heap TID. */
export const tupleInfoBytes = 2;
export const maxAlign = 8;

export function pageSizing(options: PageSizeOptions): PageSizing {
  const pageSize = options.pageSize ?? 8192;
  const { keyBytes } = options;
  const valueBytes = options.valueBytes ?? 6;
  if (!Number.isInteger(pageSize) || pageSize < 1024 || pageSize > 32768) {
    throw new BadInputError(
      `a page size must be a whole number of bytes from 1024 to 32768; got ${pageSize}`,
    );
  }
  if (!Number.isInteger(keyBytes) || keyBytes < 1) {
    throw new BadInputError(`a key needs a whole, positive number of bytes; got ${keyBytes}`);
  }
  if (!Number.isInteger(valueBytes) || valueBytes < 0) {
    throw new BadInputError(`a value needs a whole number of bytes, 0 or more; got ${valueBytes}`);
  }
  const usableBytes = pageSize - pageHeaderBytes - btreeSpecialBytes;
  const tupleBytes = tupleInfoBytes + valueBytes + keyBytes;
  const alignedTuple = Math.ceil(tupleBytes / maxAlign) * maxAlign;
  const entryBytes = alignedTuple + linePointerBytes;
  const order = Math.floor(usableBytes / entryBytes);
  const explanation = [
    `page: ${pageSize} bytes, less a ${pageHeaderBytes}-byte page header and ${btreeSpecialBytes} bytes of B-tree special space (sibling links, level, flags) = ${usableBytes} bytes for entries`,
    `entry: a ${tupleInfoBytes}-byte tuple header + ${valueBytes}-byte value (the heap TID) + ${keyBytes}-byte key = ${tupleBytes} bytes, padded to a multiple of ${maxAlign} = ${alignedTuple}, plus a ${linePointerBytes}-byte line pointer = ${entryBytes} bytes`,
    `order: ${usableBytes} / ${entryBytes} = ${(usableBytes / entryBytes).toFixed(1)}, so a page holds at most ${order} entries`,
  ];
  if (order < minOrder || order > maxOrder) {
    throw new BadInputError(
      `a ${pageSize}-byte page with ${keyBytes}-byte keys holds ${order} entries, but the order must be from ${minOrder} to ${maxOrder}`,
      {
        hint:
          order < minOrder
            ? 'PostgreSQL likewise refuses index entries over about a third of a page (BTMaxItemSize), so a page always holds 3'
            : 'use larger keys or a smaller page',
      },
    );
  }
  return { pageSize, keyBytes, valueBytes, usableBytes, entryBytes, order, explanation };
}
