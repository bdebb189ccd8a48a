/**
 * The fresh cluster dbplay ships (pglite-cluster-archive.ts, fresh-cluster/): made by the
 * installed PGlite with the settings of every kept cluster, the same catalogs initdb makes,
 * and used instead of initdb, which still runs when no shipped cluster matches.
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DataDirectoryContents,
  freshCluster,
  keptCluster,
  pgliteVersion,
  shippedClusterFiles,
  smallCluster,
  startPglite,
} from '@dbplay/engines';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ClusterManifest,
  packClusterArchive,
  readClusterArchive,
} from '../src/pglite-cluster-archive.ts';

const scratch = await mkdtemp(join(tmpdir(), 'dbplay-engines-shipped-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = shippedClusterFiles();
const manifest = (): ClusterManifest => JSON.parse(readFileSync(files.manifest, 'utf8')) as ClusterManifest;
const shipped = (): Promise<DataDirectoryContents> => readClusterArchive(files.archive, manifest().sha256);

/** What makes a cluster this cluster: its catalogs (every relation, column, function, type, role, database) and settings. */
async function fingerprint(db: PGlite): Promise<Record<string, unknown>> {
  const one = async (sql: string) => (await db.query<{ v: unknown }>(`select (${sql}) as v`)).rows[0]?.v;
  const digest = (rows: string) =>
    one(`select md5(string_agg(r::text, ',' order by r::text)) from (${rows}) r`);
  return {
    relations: await digest(
      'select oid, relname, relfilenode, relkind, relnamespace, relpages from pg_class',
    ),
    columns: await digest('select attrelid, attnum, attname, atttypid from pg_attribute'),
    functions: await digest('select oid, proname, prorettype from pg_proc'),
    types: await digest('select oid, typname from pg_type'),
    roles: await digest('select oid, rolname, rolsuper from pg_authid'),
    databases: await digest('select oid, datname, datistemplate, datallowconn from pg_database'),
    settings: await digest(
      "select name, setting from pg_settings where name in ('wal_segment_size', 'shared_buffers', 'min_wal_size', 'max_wal_size', 'wal_recycle', 'server_version')",
    ),
  };
}

async function systemIdentifier(db: PGlite): Promise<string> {
  return String(
    (await db.query<{ id: string }>('select system_identifier::text as id from pg_control_system()')).rows[0]
      ?.id,
  );
}

describe('the shipped fresh cluster', () => {
  it('was made by the installed PGlite with the kept clusters’ initdb arguments and configuration (else: pnpm --filter @dbplay/engines pack-cluster)', () => {
    expect(manifest()).toEqual({
      pglite: pgliteVersion(),
      initdbArguments: smallCluster.initdb,
      postgresqlConf: smallCluster.conf,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('holds the catalogs initdb makes; the cache uses it, and runs initdb when told not to', async () => {
    const fromArchive = await startPglite({ snapshot: await shipped() });
    const kept = await startPglite({ snapshotDir: await keptCluster({ cacheDir: join(scratch, 'a') }) });
    const initdb = await keptCluster({ cacheDir: join(scratch, 'b'), shipped: false });
    expect(await freshCluster({ cacheDir: join(scratch, 'b'), shipped: false })).toBe(initdb);
    const made = await startPglite({ snapshotDir: initdb });
    try {
      expect(await fingerprint(fromArchive)).toEqual(await fingerprint(made));
      // A kept cluster unpacked from the archive is the shipped cluster itself (initdb gives
      // every cluster it makes a new identifier, pg_control's system_identifier).
      expect(await systemIdentifier(kept)).toBe(await systemIdentifier(fromArchive));
      expect(await systemIdentifier(made)).not.toBe(await systemIdentifier(fromArchive));
    } finally {
      await Promise.all([fromArchive.close(), kept.close(), made.close()]);
    }
    // A build without extensions opens the shipped cluster in memory: nothing is written first.
    const fresh = await freshCluster({ cacheDir: join(scratch, 'c') });
    expect(typeof fresh).toBe('object');
    expect((fresh as DataDirectoryContents).files.map((file) => file.path)).toContain('global/pg_control');
  });

  it('is refused when damaged', async () => {
    await expect(readClusterArchive(files.archive, '0'.repeat(64))).rejects.toThrow(
      /is damaged: its contents do not have the SHA-256 of its manifest/,
    );
  });
});

describe('a cluster archive', () => {
  it('gives back the folders and files it was made of', async () => {
    const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed) % 251);
    const contents = {
      folders: ['base', 'base/5', 'pg_wal', 'pg_wal/archive_status'],
      files: [
        { path: 'PG_VERSION', bytes: new TextEncoder().encode('18\n') },
        { path: 'base/5/1259', bytes: bytes(8192 * 3, 7) },
        { path: 'base/5/1259_fsm', bytes: bytes(1000, 13) },
        { path: 'pg_wal/empty', bytes: new Uint8Array(0) },
      ],
    };
    const { archive, sha256 } = await packClusterArchive(contents);
    const path = join(scratch, 'small.tar.br');
    await writeFile(path, archive);
    const back = await readClusterArchive(path, sha256);
    expect(back.folders).toEqual(contents.folders);
    expect(back.files.map((file) => [file.path, Buffer.from(file.bytes).toString('hex')])).toEqual(
      contents.files.map((file) => [file.path, Buffer.from(file.bytes).toString('hex')]),
    );
  });
});
