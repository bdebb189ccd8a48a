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
 * - **LevelDB** (classic-level, an LSM-tree), given the LSM side's memory (a 256 KiB write
 *   buffer, 256 KiB tables) and no compression, so the two differ only in how they flush and
 *   compact. Write amplification: the bytes the process passed to write(2) while the measured
 *   phase ran, background compactions included (bytes-written.ts), per byte of keys and
 *   values put; its own compaction statistics round to whole megabytes, too coarse for these
 *   sizes. The log's share is computed from its format (leveldb-log.ts). Space: the files in
 *   its directory after the run, per live byte. Its reads are not visible from outside.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount } from '@dbplay/core';
import { bytesWrittenByProcess, writesSettled } from './bytes-written.ts';
import { type BatchShape, leveldbLogBytes } from './leveldb-log.ts';
import { lsmMemoryBytes } from './lsm-side.ts';
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
    await db.open({
      writeBufferSize: lsmMemoryBytes,
      maxFileSize: lsmMemoryBytes,
      compression: false,
    });
    const live = new Map<string, number>();
    const run = async (operations: readonly Operation[]): Promise<BatchShape[]> => {
      const batches: BatchShape[] = [];
      for (let i = 0; i < operations.length; i += batchSize) {
        const chunk = operations.slice(i, i + batchSize);
        const puts = chunk.filter((o) => o.kind === 'put');
        if (puts.length > 0) {
          await db.batch(puts.map((o) => ({ type: 'put' as const, key: o.key, value: o.value })));
          batches.push(puts.map((o) => [o.key.length, o.value.length] as const));
        }
        for (const o of puts) live.set(o.key, o.key.length + o.value.length);
        // Reads run too: a get that probes a table in vain charges it a seek, and LevelDB
        // compacts a table whose seeks run out (db/version_set.cc, allowed_seeks).
        for (const o of chunk) {
          if (o.kind === 'get') db.getSync(o.key);
          else if (o.kind === 'scan') await db.iterator({ gte: o.from, limit: o.count }).all();
        }
      }
      return batches;
    };
    await run(load);
    await writesSettled();
    const before = bytesWrittenByProcess();
    const batches = await run(measured);
    await writesSettled();
    const after = bytesWrittenByProcess();
    await db.close();
    let stored = 0;
    for (const name of await readdir(join(dir, 'leveldb'))) {
      if (name.endsWith('.ldb') || name.endsWith('.log')) stored += await sizeOf(join(dir, 'leveldb', name));
    }
    const liveBytes = [...live.values()].reduce((a, b) => a + b, 0);
    const user = batches.flat().reduce((sum, [key, value]) => sum + key + value, 0);
    const written = before === undefined || after === undefined ? undefined : after - before;
    const notes = [
      `configured like the LSM side: a ${lsmMemoryBytes / 1024} KiB write buffer and tables, Snappy off (LevelDB's defaults are 4 MiB, 2 MiB and on)`,
    ];
    if (written === undefined) notes.push('write: not measured (it needs Linux’s /proc/self/io)');
    else if (user === 0)
      notes.push(
        written >= 64 * 1024
          ? `write: no puts in the measured phase, yet LevelDB wrote ${formatCount(written)} bytes: compactions its reads triggered (a table probed in vain too often is compacted)`
          : `write: no puts in the measured phase (LevelDB wrote ${formatCount(written)} bytes)`,
      );
    else {
      const log = leveldbLogBytes(batches);
      notes.push(
        `write: bytes passed to write(2) while it ran, background compactions included; ${(log / user).toFixed(2)}× of it is the log, ${((written - log) / user).toFixed(2)}× flushes, compactions and the MANIFEST`,
      );
    }
    notes.push('reads not visible from outside');
    return {
      engine: 'leveldb',
      version: 'LevelDB 1.20 (classic-level 3.0.0)',
      writeAmplification: written === undefined || user === 0 ? null : written / user,
      readAmplification: null,
      spaceAmplification: liveBytes === 0 ? null : stored / liveBytes,
      notes,
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
