/**
 * Kept PGlite clusters and in-memory copies of them (pglite-cluster-cache.ts,
 * pglite-snapshot-fs.js): the cluster is made once per cache folder, every start works in a
 * private copy that never reaches the disk, and a damaged cluster is made again.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteVersion, startCachedPglite, startPglite } from '@dbplay/engines';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataDirectory } from '../src/pglite-snapshot-fs.js';

const cache = mkdtempSync(join(tmpdir(), 'dbplay-engines-snapshots-'));
const cluster = join(cache, 'pglite', `cluster-${pgliteVersion()}-pageinspect`);
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** A digest of every file under `dir` (names and bytes), to see that nothing wrote to it. */
function digest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path}\n`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

describe('startCachedPglite', () => {
  it('makes the cluster once, then starts on private in-memory copies that leave it untouched', async () => {
    const first = await startCachedPglite({ cacheDir: cache, extensions: ['pageinspect'] });
    try {
      await first.exec('create table t (k int); insert into t select generate_series(1, 1000)');
      const pages = await first.query<{ n: number }>(
        "select count(*)::int as n from bt_metap('pg_class_oid_index')",
      );
      expect(pages.rows[0]?.n).toBe(1); // pageinspect is installed
    } finally {
      await first.close();
    }
    const before = digest(cluster);
    const second = await startCachedPglite({ cacheDir: cache, extensions: ['pageinspect'] });
    try {
      const tables = await second.query("select count(*)::int as n from pg_class where relname = 't'");
      expect(tables.rows[0]).toEqual({ n: 0 }); // the first start's table was in its own copy
      await second.exec(
        'create table u (k int); insert into u select generate_series(1, 100000); checkpoint',
      );
    } finally {
      await second.close();
    }
    expect(digest(cluster)).toBe(before);
    expect(readdirSync(join(cache, 'pglite'))).toEqual([`cluster-${pgliteVersion()}-pageinspect`]);
  });

  it('makes a damaged cluster again instead of failing', async () => {
    writeFileSync(join(cluster, 'global', 'pg_control'), 'not a control file');
    const db = await startCachedPglite({ cacheDir: cache, extensions: ['pageinspect'] });
    try {
      expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    expect(readFileSync(join(cluster, 'global', 'pg_control')).length).toBe(8192);
  });
});

describe('an in-memory copy of a data directory', () => {
  it('refuses a folder that is not a data directory, saying so', async () => {
    await expect(readDataDirectory(cache)).rejects.toThrow(
      /is not a PostgreSQL data directory \(it has no PG_VERSION\)/,
    );
    await expect(startPglite({ snapshotDir: cache })).rejects.toThrow(
      /^PGlite could not be started: .* is not a PostgreSQL data directory/,
    );
  });

  it('grows files extended by ftruncate (posix_fallocate) or written past their end by doubling, reading zeros past the old end', async () => {
    const db = await startCachedPglite({ cacheDir: cache, extensions: ['pageinspect'] });
    try {
      // A bulk load extends the table with posix_fallocate, which Emscripten runs as ftruncate.
      await db.exec(
        "create table big (k int, pad text); insert into big select g, repeat('x', 200) from generate_series(1, 50000) g",
      );
      const sizes = await db.query<{ rows: number; pages: number }>(
        "select count(*)::int as rows, (pg_relation_size('big') / 8192)::int as pages from big",
      );
      expect(sizes.rows[0]).toEqual({ rows: 50000, pages: expect.any(Number) });
      const FS = (db as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
      const file = '/tmp/grown';
      FS.writeFile(file, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
      FS.truncate(file, 3);
      FS.truncate(file, 100_000);
      const grown = FS.readFile(file);
      expect(grown.length).toBe(100_000);
      expect([...grown.subarray(0, 5)]).toEqual([1, 2, 3, 0, 0]);
      expect(grown.every((byte, i) => i < 3 || byte === 0)).toBe(true);
      // Growing reserves spare room (as MEMFS does for writes), which the next growth uses:
      // no new buffer, no copy of the file.
      FS.truncate(file, 100_100);
      const node = FS.lookupPath(file).node;
      const buffer = node.contents;
      FS.truncate(file, 150_000);
      expect(node.contents).toBe(buffer);
      expect(FS.readFile(file).length).toBe(150_000);
      FS.truncate(file, 0);
      expect(FS.readFile(file).length).toBe(0);
      // A file written past its end (an INSERT extending its table block by block with zeros)
      // doubles too: MEMFS's own growth above 1 MB is an eighth, a copy of the file every
      // few blocks.
      const block = new Uint8Array(8192);
      const table = '/tmp/table';
      FS.writeFile(table, new Uint8Array(2 * 1024 * 1024));
      const stream = FS.open(table, 'r+');
      FS.write(stream, block, 0, block.length, 2 * 1024 * 1024);
      const grownTable = FS.lookupPath(table).node.contents;
      expect(grownTable.length).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      FS.write(stream, block.fill(7), 0, block.length, 2 * 1024 * 1024 + 8192);
      FS.close(stream);
      expect(FS.lookupPath(table).node.contents).toBe(grownTable);
      const written = FS.readFile(table);
      expect(written.length).toBe(2 * 1024 * 1024 + 2 * 8192);
      expect(written[2 * 1024 * 1024 + 8191]).toBe(0);
      expect(written[2 * 1024 * 1024 + 8192]).toBe(7);
    } finally {
      await db.close();
    }
  });

  it('is opened from one place only: a snapshot with a data directory is a mistake', async () => {
    await expect(startPglite({ snapshotDir: cluster, dataDir: cache })).rejects.toThrow(
      /snapshotDir excludes dataDir and loadDataDir/,
    );
  });
});

interface EmscriptenFs {
  writeFile(path: string, data: Uint8Array): void;
  truncate(path: string, size: number): void;
  readFile(path: string): Uint8Array;
  lookupPath(path: string): { node: { contents: Uint8Array } };
  open(path: string, flags: string): unknown;
  write(stream: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number;
  close(stream: unknown): void;
}
