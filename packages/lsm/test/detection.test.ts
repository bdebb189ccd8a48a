/**
 * What opening a store detects beyond a checksum failure (issue 12 item 10): the manifest
 * names the live log with its size then, and each table with its size, key range and two
 * digests (of its index, filter and footer, checked at open; of its blocks' CRCs, checked
 * before the table's first value is used), so a deleted log, a log cut short, and a table
 * swapped for another of the same size are all reported, naming the file. What cannot be told from a crash is not:
 * a torn tail of the last write, beyond what the manifest saw, is dropped as before.
 */
import { Buffer } from 'node:buffer';
import {
  copyFileSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { expectBadInput, expectBadInputAsync } from './expect-error.ts';
import { tempDir } from './temp-dir.ts';

const settings = {
  memtableSize: 4096,
  blockSize: 128,
  compaction: { strategy: 'simple', level0FileNumCompactionTrigger: 4 },
} as const;

const key = (prefix: string, i: number) => `${prefix}${String(i).padStart(2, '0')}`;
/** `prefix`00, then every `step`th key below `prefix``end` (a00 a02 … a18 for step 2, end 20). */
const keys = (prefix: string, end: number, step = 1) =>
  Array.from({ length: Math.ceil(end / step) }, (_, i) => key(prefix, i * step));

/** The store's table files, oldest first, by path. */
const tablesIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.sst'))
    .sort()
    .map((name) => join(dir, name));

/**
 * A closed store in a fresh folder with two L0 tables: the first holds `first`, the second
 * `second` (each key's value ten x's).
 */
async function twoTables(
  name: string,
  first: readonly string[],
  second: readonly string[],
): Promise<{ dir: string; tables: [string, string] }> {
  const dir = tempDir(name);
  const tree = await LsmTree.open({ dir, ...settings });
  for (const batch of [first, second]) {
    for (const k of batch) tree.put(k, 'x'.repeat(10));
    tree.flush();
  }
  tree.close();
  return { dir, tables: tablesIn(dir) as [string, string] };
}

/**
 * A closed store with two L0 tables of the same size and key range (a00–a19, written twice
 * with different values of the same length) and ten writes in its log, one a delete.
 */
async function makeStore(): Promise<{ dir: string; tables: string[]; log: string }> {
  const dir = tempDir('detect');
  const tree = await LsmTree.open({ dir, ...settings });
  for (let i = 0; i < 20; i++) tree.put(key('a', i), 'x'.repeat(10));
  tree.flush();
  for (let i = 0; i < 20; i++) tree.put(key('a', i), 'y'.repeat(10));
  tree.flush();
  for (let i = 0; i < 9; i++) tree.put(key('b', i), `value-${i}`);
  tree.delete(key('a', 3));
  tree.close();
  const log = readdirSync(dir).find((name) => name.endsWith('.wal')) as string;
  return { dir, tables: tablesIn(dir), log: join(dir, log) };
}

describe('opening a damaged store', () => {
  it('reports a deleted live log, rather than bringing back a deleted key', async () => {
    const { dir, log } = await makeStore();
    rmSync(log);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      new RegExp(
        `^${log} is missing, but the manifest names it as the live log \\(it held \\d+ bytes of writes then\\); the store is damaged$`,
      ),
      'corrupt-store',
    );
  });

  it('reports a log cut in half, which a crash cannot do to records the manifest saw', async () => {
    const { dir, log } = await makeStore();
    const size = statSync(log).size;
    truncateSync(log, Math.floor(size / 2));
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      new RegExp(
        `^${log} was cut short: it holds \\d+ bytes of whole records, but held ${size} when the manifest was written; acknowledged writes are missing$`,
      ),
      'corrupt-store',
    );
  });

  it('reports a table replaced by another of the same size and key range', async () => {
    const { dir, tables } = await makeStore();
    const [older, newer] = tables as [string, string];
    expect(statSync(older).size).toBe(statSync(newer).size);
    copyFileSync(older, newer);
    // Same keys in the same blocks: the index, filter and footer are identical, so opening
    // (which digests only those) lets it through; the digest of the blocks' CRCs, checked
    // before the first value is read from the table, does not.
    const tree = await LsmTree.open({ dir });
    const swapped = `${newer}: every block passes its own checksum, but the file is not the one the manifest names (its digest differs): another table of the same size and key range is in its place; the SSTable is corrupt`;
    expectBadInput(() => tree.get(key('a', 5)), swapped, 'corrupt-store');
    expectBadInput(() => [...tree.scan()], swapped, 'corrupt-store');
    tree.close();
  });

  it('reports a table with the same key range but other blocks when the store opens', async () => {
    const {
      dir,
      tables: [first, second],
    } = await twoTables('detect-blocks', keys('a', 20), [...keys('a', 20, 2), key('a', 19)]);
    // Pad the smaller table's stand-in to the recorded size, so only the digest can tell.
    const size = statSync(second).size;
    const stand = readFileSync(first);
    const fill = Buffer.alloc(Math.max(0, size - stand.length));
    writeFileSync(second, Buffer.concat([stand.subarray(0, size), fill]));
    await expectBadInputAsync(() => LsmTree.open({ dir }), /^.*000\d+\.sst: /, 'corrupt-store');
  });

  it('reports a table replaced by another of the same size with other keys', async () => {
    const {
      dir,
      tables: [first, second],
    } = await twoTables('detect-range', keys('a', 20), keys('c', 20));
    copyFileSync(first, second);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${second}: the manifest says it holds keys c00..c19, but the file holds a00..a19: another table's file is in its place; the SSTable is corrupt`,
      'corrupt-store',
    );
  });

  it('still drops a torn tail written after the manifest, keeping every whole record', async () => {
    const { dir, log } = await makeStore();
    const tree = await LsmTree.open({ dir, ...settings });
    tree.put('late', 'write');
    tree.put('later', 'write');
    // Killed here, without closing: the manifest saw the log before these two writes.
    const grown = statSync(log).size;
    const copy = tempDir('detect-copy');
    for (const name of readdirSync(dir)) {
      if (!name.startsWith('LOCK')) copyFileSync(join(dir, name), join(copy, name));
    }
    tree.close();
    truncateSync(join(copy, log.slice(dir.length + 1)), grown - 3);
    const reopened = await LsmTree.open({ dir: copy });
    expect(reopened.get('late')).toBe('write');
    expect(reopened.get('later')).toBeUndefined();
    expect(reopened.get(key('a', 3))).toBeUndefined();
    expect(reopened.get(key('b', 8))).toBe('value-8');
    reopened.close();
    expect(readFileSync(join(copy, 'MANIFEST'), 'utf8')).toContain('"liveLog"');
  });
});
