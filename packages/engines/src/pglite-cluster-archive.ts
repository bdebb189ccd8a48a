/**
 * A fresh PGlite cluster shipped with dbplay, so that no machine has to run initdb for it.
 *
 * initdb is the slowest thing PGlite does: bootstrapping PostgreSQL's catalogs in
 * WebAssembly took 3.6–4.6 s of CPU here, about half of a learner's first `dbplay explain
 * show` (which also builds the shop dataset). Yet its result is the same on every machine
 * for one PGlite version and the same initdb arguments: the catalogs, the template
 * databases, a few megabytes of write-ahead log. So dbplay ships that result, made once
 * by PGlite's own initdb (`pnpm --filter @dbplay/engines pack-cluster`,
 * scripts/pack-fresh-cluster.ts), and a machine unpacks it into its cache instead
 * (pglite-cluster-cache.ts). PostgreSQL's own installers do the same with template0 and
 * template1, the clusters every CREATE DATABASE copies instead of bootstrapping again
 * (src/backend/commands/dbcommands.c), and Docker's postgres images keep a pre-initialised
 * data directory for the same reason.
 *
 * The archive is a tar (the POSIX ustar layout, 512-byte headers) of the data directory
 * after a clean shutdown, compressed with Brotli. Brotli rather than gzip because a
 * fresh cluster is three nearly identical databases (template0, template1, postgres) of
 * 7 MB each: gzip looks back 32 KB and cannot see that one repeats another (4.5 MB), while
 * Brotli's 16 MB window can (1.2 MB); unpacking takes about 0.2 s either way, on a
 * thread of Node's pool. A manifest beside it (`<name>.json`) says which PGlite made it,
 * with which initdb arguments and configuration, and the SHA-256 of the tar; the cache
 * uses the archive only when all three match what it would have run, and otherwise runs
 * initdb as before (a PGlite upgrade without a new archive is slower, never wrong; a test
 * fails until the archive is made again).
 *
 * Only what a data directory holds is written or read: folders and regular files, paths
 * relative to the data directory, no owners, times or links.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import type { DataDirectoryContents } from './pglite-snapshot-fs.js';

/** What the manifest beside an archive records about how its cluster was made. */
export interface ClusterManifest {
  /** The PGlite version whose initdb made the cluster (`0.5.17`). */
  readonly pglite: string;
  readonly initdbArguments: readonly string[];
  readonly postgresqlConf: readonly string[];
  /** SHA-256 of the uncompressed tar, hex. */
  readonly sha256: string;
}

const block = 512;

/** A tar of a data directory's contents (folders, then files, each in path order), Brotli-compressed. */
export async function packClusterArchive(
  contents: DataDirectoryContents,
): Promise<{ archive: Buffer; sha256: string }> {
  const parts: Buffer[] = [];
  for (const folder of [...contents.folders].sort()) parts.push(header(`${folder}/`, 0, '5', 0o700));
  for (const { path, bytes } of [...contents.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    parts.push(header(path, bytes.length, '0', 0o600), Buffer.from(bytes));
    const padding = (block - (bytes.length % block)) % block;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * block)); // the end: two empty blocks
  const tar = Buffer.concat(parts);
  const archive = await promisify(brotliCompress)(tar, {
    params: {
      // Quality 9 with a 16 MB window: 1.2 MB, a few seconds to make (11 saves 15% more for a minute).
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: tar.length,
    },
  });
  return { archive, sha256: createHash('sha256').update(tar).digest('hex') };
}

/**
 * The data directory in an archive made by {@link packClusterArchive}, read into memory; rejects
 * an archive whose tar does not have the SHA-256 its manifest says.
 */
export async function readClusterArchive(path: string, sha256: string): Promise<DataDirectoryContents> {
  // One output chunk instead of zlib's default 16 KB ones: each chunk is a callback and a copy
  // on this thread (0.3 s of a one-shot command's main thread for the 31 MB of a cluster).
  const tar = await promisify(brotliDecompress)(await readFile(path), { chunkSize: 32 * 1024 * 1024 });
  if (createHash('sha256').update(tar).digest('hex') !== sha256) {
    throw new Error(`${path} is damaged: its contents do not have the SHA-256 of its manifest`);
  }
  const folders: string[] = [];
  const files: { path: string; bytes: Uint8Array }[] = [];
  let at = 0;
  while (at + block <= tar.length && tar[at] !== 0) {
    const name = field(tar, at, 0, 100);
    const size = Number.parseInt(field(tar, at, 124, 12), 8);
    const type = field(tar, at, 156, 1);
    at += block;
    if (type === '5') folders.push(name.replace(/\/$/, ''));
    else if (type === '0') files.push({ path: name, bytes: tar.subarray(at, at + size) });
    else throw new Error(`${path}: unexpected entry ${name} (tar type '${type}') in a data directory`);
    at += Math.ceil(size / block) * block;
  }
  return { folders, files };
}

/** One ustar header: name, mode, size and type; no owner, a zero time. */
function header(name: string, size: number, type: '0' | '5', mode: number): Buffer {
  if (Buffer.byteLength(name) >= 100) throw new Error(`path too long for a tar header: ${name}`);
  const h = Buffer.alloc(block);
  h.write(name, 0);
  h.write(octal(mode, 7), 100);
  h.write(octal(0, 7), 108); // uid
  h.write(octal(0, 7), 116); // gid
  h.write(octal(size, 11), 124);
  h.write(octal(0, 11), 136); // mtime
  h.write(type, 156);
  h.write('ustar\u000000', 257);
  // The checksum is the sum of the header's bytes, its own field counted as eight spaces.
  h.write('        ', 148);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${octal(sum, 6)}\u0000 `, 148);
  return h;
}

function octal(value: number, digits: number): string {
  return value.toString(8).padStart(digits, '0');
}

/** A NUL-terminated text field of the header at `at`. */
function field(tar: Buffer, at: number, offset: number, length: number): string {
  const bytes = tar.subarray(at + offset, at + offset + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? length : end).toString('utf8');
}
