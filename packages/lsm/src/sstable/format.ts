/**
 * The layout of an SSTable file: sorted data blocks, then a block index, a bloom filter and
 * a fixed-size footer that says where the index and the filter are.
 *
 *     ┌──────────┬──────────┬─────┬─────────────┬──────────────┬────────────────┐
 *     │ block 0  │ block 1  │ …   │ block index │ bloom filter │ footer (32 B)  │
 *     └──────────┴──────────┴─────┴─────────────┴──────────────┴────────────────┘
 *
 * A reader starts at the end: the footer is always the last 32 bytes, so opening a table is
 * one small read, then the index and the filter (kept in memory while the table is open),
 * then one data block per lookup. This is LevelDB's table format (table/format.h,
 * doc/table_format.md: data blocks, meta blocks, a metaindex and index block, a 48-byte
 * footer ending in a magic number) and mini-lsm's SST (week 1, days 4 and 7), simplified:
 * the index holds each block's first and last key, offset and length; the filter is one
 * block for the whole table.
 *
 * Index block: count (varint), then per data block: offset, length, first key length, first
 * key, last key length, last key (lengths as varints); then a CRC-32 (u32).
 * Filter block: see bloom-filter.ts; then a CRC-32.
 * Footer (u32 little-endian): index offset, index length, filter offset, filter length,
 * entry count, CRC-32 of those 20 bytes; then the magic bytes `DBPLSST1`.
 * An SSTable is never changed after it is written: compaction writes new ones.
 */

import { createHash } from 'node:crypto';

export const footerLength = 32;
export const sstableMagic = 'DBPLSST1';

/** The SSTable with file id 12 is stored as `000012.sst`. */
export function sstFileName(id: number): string {
  return `${String(id).padStart(6, '0')}.sst`;
}

/**
 * The two digests a manifest records for each table, so that opening a store can tell the
 * table it wrote from any other file put in its place, without reading every table whole:
 *
 * - `tailDigest`: the index block, the bloom filter and the footer (everything from the
 *   index on). They hold every block's offset, length, first and last key, and a filter
 *   built from every key, so a table with other keys, or the same keys cut into other
 *   blocks, differs here. Opening a store checks it for every table: one read of a few
 *   tens of KiB per table.
 * - `blockDigest`: the CRC-32 every data block ends with, in order. A table with the same
 *   keys in the same blocks but another value anywhere differs here. It is checked when
 *   the table's first data block is read, before any of its data is used.
 *
 * Each is the first 64 bits of a SHA-256, as 16 hex digits. Not a CRC-32 over the file: a
 * CRC run over a message followed by its own CRC always ends in the same value, so two
 * tables with blocks of the same lengths would get the same CRC whatever they hold (the
 * reason LevelDB masks the CRCs it stores, util/crc32c.h). Manifests written before these
 * digests existed recorded one SHA-256 of the whole file, `checksum`, which opening still
 * checks for those tables (see table-set.ts).
 */
export function tableDigest(): { update(bytes: Uint8Array): void; finish(): string } {
  const hash = createHash('sha256');
  return {
    update: (bytes) => {
      hash.update(bytes);
    },
    finish: () => hash.digest('hex').slice(0, 16),
  };
}

/** Bytes at the end of every data block (and of the index and filter): a CRC-32 of the rest. */
export const blockTrailerLength = 4;
