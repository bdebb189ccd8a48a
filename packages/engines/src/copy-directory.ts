/**
 * Copying a data directory quickly: every explain session starts from its own copy of a
 * dataset's snapshot, and every embedded PostgreSQL server from a copy of a cluster made by
 * initdb once (embedded-postgres.ts), so this is on the path of most dbplay commands.
 *
 * Node's `fs.cp` handles every case (symlinks, filters, timestamps) with several system
 * calls and promise hops per file; a PostgreSQL data directory is only regular files and
 * folders, a few hundred of them, so a plain walk that copies the files of each folder in
 * parallel with `copyFile` (which the kernel may do without passing the bytes through
 * user space) takes a third of the CPU time.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Copies the files and folders under `from` into `to` (created, with `mode` if given). */
export async function copyDirectory(from: string, to: string, mode?: number): Promise<void> {
  await mkdir(to, { recursive: true, ...(mode === undefined ? {} : { mode }) });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map((entry) => {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) return copyDirectory(source, target, mode);
      if (entry.isFile()) return copyFile(source, target);
      throw new Error(`unexpected ${source} in a data directory: only files and folders belong there`);
    }),
  );
}
