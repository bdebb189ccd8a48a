import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EngineUnavailableError, processExists, scratchDirectory } from '@dbplay/core';
import {
  compareVersions,
  connectPostgres,
  findFreePort,
  openSqlite,
  redactUrl,
  startEmbeddedPostgres,
  startPglite,
} from '@dbplay/engines';
import { describe, expect, it } from 'vitest';

describe('embedded PostgreSQL', () => {
  it('starts a real server on a free port, answers queries, and is gone after stop', async () => {
    const server = await startEmbeddedPostgres();
    try {
      expect(server.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
      expect(existsSync(server.dataDir)).toBe(true);
      const client = await connectPostgres(server.url);
      try {
        await client.query('create table t (id int primary key, v int)');
        await client.query('insert into t values (1, 10), (2, 20)');
        const result = await client.query<{ total: number }>('select sum(v)::int as total from t');
        expect(result.rows[0]?.total).toBe(30);
        const setting = await client.query<{ fsync: string }>('show fsync');
        expect(setting.rows[0]?.fsync).toBe('off');
      } finally {
        await client.end();
      }
      // A connection several tasks share runs their queries in the order sent, without
      // node-postgres's deprecation warning for queries sent while another runs.
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      const shared = await connectPostgres(server.url, { sharedByTasks: true });
      try {
        // pg warns from the third query sent at once (one running, one queued).
        const sent = [1, 2, 3].map((n) =>
          shared.query<{ n: number }>(`select ${n} as n from pg_sleep(0.02)`),
        );
        const finished: number[] = [];
        await Promise.all(sent.map((q) => q.then((r) => finished.push(r.rows[0]?.n ?? 0))));
        expect(finished).toEqual([1, 2, 3]);
        await expect(shared.query('select nonsense')).rejects.toThrow(/nonsense/);
        expect((await shared.query<{ n: number }>('select 4 as n')).rows[0]?.n).toBe(4);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
      } finally {
        process.off('warning', onWarning);
        await shared.end();
      }
    } finally {
      await server.stop();
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
    await expect(connectPostgres(server.url, { timeoutMs: 2000 })).rejects.toThrow(EngineUnavailableError);
  });
});

describe('a scratch directory', () => {
  it('is memory-backed when /dev/shm has room, and a writable directory either way', async () => {
    const directory = scratchDirectory();
    expect([tmpdir(), '/dev/shm']).toContain(directory);
    expect(scratchDirectory(Number.MAX_SAFE_INTEGER)).toBe(tmpdir());
    const server = await startEmbeddedPostgres({ directory });
    try {
      expect(dirname(server.dataDir)).toBe(directory);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });
});

describe('connecting to a server by URL', () => {
  it('explains a refused connection, naming the URL without its password', async () => {
    const port = await findFreePort();
    const error = await connectPostgres(`postgres://me:hunter2@127.0.0.1:${port}/db`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineUnavailableError);
    const message = (error as EngineUnavailableError).oneLine();
    expect(message).toContain(`could not connect to postgres://me:***@127.0.0.1:${port}/db: `);
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('hunter2');
    expect((error as EngineUnavailableError).exitCode).toBe(3);
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(connectPostgres(`postgres://me@127.0.0.1:${port}/db`, { timeoutMs: 300 })).rejects.toThrow(
        /could not connect to postgres:\/\/me@127\.0\.0\.1:\d+\/db: .*timeout/i,
      );
    } finally {
      silent.close();
    }
  });

  it('rejects URLs that are not PostgreSQL URLs', async () => {
    await expect(connectPostgres('mysql://root@localhost/db')).rejects.toThrow(
      'not a PostgreSQL URL: mysql://root@localhost/db',
    );
    await expect(connectPostgres('localhost:5432')).rejects.toThrow(EngineUnavailableError);
  });

  it('redacts passwords, and leaves URLs without one alone', () => {
    expect(redactUrl('postgres://u:p@h:5432/d')).toBe('postgres://u:***@h:5432/d');
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
    expect(redactUrl('postgres://u:p@h:notaport/d')).toBe('postgres://u:***@h:notaport/d');
  });
});

describe('SQLite', () => {
  it('opens an in-memory database and reports its version', async () => {
    const db = await openSqlite();
    try {
      const row = db.prepare('select sqlite_version() as v').get() as { v: string };
      expect(row.v).toMatch(/^3\.\d+\.\d+$/);
    } finally {
      db.close();
    }
  });

  it('explains a file it cannot open', async () => {
    await expect(openSqlite('/nonexistent-dir/x/y.db')).rejects.toThrow(
      /SQLite could not open \/nonexistent-dir\/x\/y\.db: /,
    );
  });
});

describe('PGlite', () => {
  it('starts PostgreSQL 18 in-process', async () => {
    const db = await startPglite();
    try {
      const result = await db.query<{ v: string }>("select current_setting('server_version') as v");
      expect(result.rows[0]?.v).toMatch(/^18\./);
    } finally {
      await db.close();
    }
  });
});

describe('helpers', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('20.9.0', '20.19.0')).toBe(-1);
    expect(compareVersions('20.19.0', '20.19.0')).toBe(0);
    expect(compareVersions('22.1', '20.19.0')).toBe(1);
  });

  it('finds a port nobody listens on', async () => {
    const port = await findFreePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    server.close();
    expect(port).toBeGreaterThan(0);
  });
});

describe('embedded PostgreSQL cleanup', () => {
  const hold = new URL('./fixtures/hold-server.ts', import.meta.url).pathname;

  const startHolder = (...args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', hold, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new Promise<{
      dataDir: string;
      port: number;
      postmasterPid: number;
      sharedMemory: string[];
    }>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(JSON.parse(out));
      });
      child.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, started, exited };
  };

  const serverAnswers = (port: number) =>
    new Promise<boolean>((resolve) => {
      const connection = connect(port, '127.0.0.1');
      connection.once('connect', () => {
        connection.destroy();
        resolve(true);
      });
      connection.once('error', () => resolve(false));
    });

  it('stops the server and deletes its directory on Ctrl-C, exiting 130', async () => {
    const holder = startHolder();
    const { dataDir, port } = await holder.started;
    expect(existsSync(dataDir)).toBe(true);
    expect(await serverAnswers(port)).toBe(true);
    holder.child.kill('SIGINT');
    expect(await holder.exited).toBe(130);
    expect(existsSync(dataDir)).toBe(false);
    expect(await serverAnswers(port)).toBe(false);
  });

  it('removes the folder of an initdb interrupted by Ctrl-C, exiting 130 (it leaked before)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dbplay-engines-test-'));
    chmodSync(directory, 0o755); // the server may run as another user (postgres-binaries.ts)
    try {
      const holder = startHolder('--directory', directory);
      holder.started.catch(() => {});
      // initdb is under way once the cluster's data folder appears.
      await waitFor(
        () => readdirSync(directory).some((name) => existsSync(join(directory, name, 'data'))),
        60_000,
      );
      holder.child.kill('SIGINT');
      expect(await holder.exited).toBe(130);
      expect(readdirSync(directory)).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("removes the folders dead processes left behind when the next server starts, and no one else's", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dbplay-engines-test-'));
    chmodSync(directory, 0o755); // the server may run as another user (postgres-binaries.ts)
    try {
      const dead = spawn(process.execPath, ['-e', '']);
      const deadPid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid ?? 0)));
      const orphan = join(directory, `dbplay-pg-${deadPid}-abc123`);
      const alive = join(directory, `dbplay-pg-${process.pid}-def456`);
      for (const folder of [orphan, alive]) {
        mkdirSync(join(folder, 'data'), { recursive: true });
        writeFileSync(join(folder, 'data', 'PG_VERSION'), '18\n');
      }
      const server = await startEmbeddedPostgres({ directory });
      await server.stop();
      expect(readdirSync(directory)).toEqual([`dbplay-pg-${process.pid}-def456`]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('shuts the server down and deletes its directory when the process exits without stopping it', async () => {
    const holder = startHolder('--exit-without-stop');
    const { dataDir, port, postmasterPid, sharedMemory } = await holder.started;
    expect(await holder.exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
    // The immediate shutdown finishes after the holder is gone: wait for the postmaster.
    await waitFor(() => !processExists(postmasterPid), 10_000);
    expect(await serverAnswers(port)).toBe(false);
    // Nor is its shared memory left in /dev/shm (as it would be after a SIGKILL).
    if (process.platform === 'linux') expect(sharedMemory.length).toBeGreaterThan(0);
    expect(sharedMemory.filter((segment) => existsSync(segment))).toEqual([]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
