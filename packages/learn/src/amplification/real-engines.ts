/**
 * The same workload on the real engines, measured only where it can be measured honestly
 * from outside them.
 *
 * - **SQLite** (better-sqlite3, a B-tree): a WITHOUT ROWID table keyed like the workload, in
 *   WAL mode with automatic checkpoints off, 100 operations per transaction. Every commit
 *   appends each page it changed, whole (4 KiB plus a 24-byte frame header), to the WAL
 *   (src/wal.c), so the WAL's growth during the measured phase divided by the user bytes is
 *   SQLite's write amplification before the checkpoint copies those pages into the
 *   database file once more (a lower bound, then). Space: the database file after a full
 *   checkpoint, per live byte. Its reads are not visible from outside: not reported.
 * - **LevelDB** (classic-level, an LSM-tree): the files in its directory after the run, per
 *   live byte: its space amplification. Its own compaction statistics round to whole
 *   megabytes, too coarse for these sizes, so its write amplification is not reported.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operation } from './workload.ts';

export interface RealEngineFigures {
  readonly engine: 'sqlite' | 'leveldb';
  readonly version: string;
  /** Null where it cannot be measured honestly (see the module comment). */
  readonly writeAmplification: number | null;
  readonly readAmplification: number | null;
  readonly spaceAmplification: number | null;
  readonly notes: readonly string[];
}

const batchSize = 100;

export async function measureSqlite(
  load: readonly Operation[],
  measured: readonly Operation[],
): Promise<RealEngineFigures> {
  const { openSqlite } = await import('@dbplay/engines');
  const dir = await mkdtemp(join(tmpdir(), 'dbplay-btree-vs-lsm-'));
  try {
    const file = join(dir, 'kv.db');
    const db = await openSqlite(file);
    try {
      db.pragma('journal_mode = wal');
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('synchronous = normal');
      db.exec('create table kv (k text primary key, v text not null) without rowid');
      const put = db.prepare(
        'insert into kv (k, v) values (?, ?) on conflict (k) do update set v = excluded.v',
      );
      const get = db.prepare('select v from kv where k = ?');
      const scan = db.prepare('select k, v from kv where k >= ? order by k limit ?');
      const run = db.transaction((operations: readonly Operation[]) => {
        for (const operation of operations) {
          if (operation.kind === 'put') put.run(operation.key, operation.value);
          else if (operation.kind === 'get') get.get(operation.key);
          else scan.all(operation.from, operation.count);
        }
      });
      const phase = (operations: readonly Operation[]) => {
        for (let i = 0; i < operations.length; i += batchSize) run(operations.slice(i, i + batchSize));
      };
      phase(load);
      db.pragma('wal_checkpoint(TRUNCATE)');
      phase(measured);
      const walBytes = await sizeOf(`${file}-wal`);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const user = measured.reduce(
        (sum, o) => sum + (o.kind === 'put' ? o.key.length + o.value.length : 0),
        0,
      );
      const live = (
        db.prepare('select sum(length(k) + length(v)) as bytes from kv').get() as { bytes: number }
      ).bytes;
      const version = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
      db.close();
      const fileBytes = await sizeOf(file);
      return {
        engine: 'sqlite',
        version: `SQLite ${version}`,
        writeAmplification: user === 0 ? null : walBytes / user,
        readAmplification: null,
        spaceAmplification: fileBytes / live,
        notes: ['write: WAL bytes only (the checkpoint copies each changed page again); reads not measured'],
      };
    } finally {
      if (db.open) db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function measureLevelDb(
  load: readonly Operation[],
  measured: readonly Operation[],
): Promise<RealEngineFigures> {
  const { ClassicLevel } = await import('classic-level');
  const dir = await mkdtemp(join(tmpdir(), 'dbplay-btree-vs-lsm-'));
  const db = new ClassicLevel<string, string>(join(dir, 'leveldb'));
  try {
    await db.open();
    const live = new Map<string, number>();
    for (const operations of [load, measured]) {
      for (let i = 0; i < operations.length; i += batchSize) {
        const puts = operations.slice(i, i + batchSize).filter((o) => o.kind === 'put');
        await db.batch(puts.map((o) => ({ type: 'put' as const, key: o.key, value: o.value })));
        for (const o of puts) live.set(o.key, o.key.length + o.value.length);
      }
    }
    await db.close();
    let stored = 0;
    for (const name of await readdir(join(dir, 'leveldb'))) {
      if (name.endsWith('.ldb') || name.endsWith('.log')) stored += await sizeOf(join(dir, 'leveldb', name));
    }
    const liveBytes = [...live.values()].reduce((a, b) => a + b, 0);
    return {
      engine: 'leveldb',
      version: 'LevelDB (classic-level)',
      writeAmplification: null,
      readAmplification: null,
      spaceAmplification: liveBytes === 0 ? null : stored / liveBytes,
      notes: [
        'space only: LevelDB compresses tables with Snappy, and its statistics are too coarse for writes',
      ],
    };
  } finally {
    if (db.status === 'open') await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}
