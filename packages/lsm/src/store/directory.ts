/**
 * Opening a directory as a store: what is in it, whether it is ours, and whether someone
 * else has it open, all found out before anything in it is changed.
 *
 * A directory is a store when it holds a dbplay MANIFEST. A missing or empty directory
 * becomes a new store. Anything else (someone's documents, a LevelDB database, a store
 * another process has open) is refused with a message saying why, and left exactly as it
 * was. LevelDB: `DBImpl::Recover` (db/db_impl.cc) with `create_if_missing` and
 * `error_if_exists`.
 */

import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BadInputError } from '@dbplay/core';
import { assertNotLocked, isLockFile } from './directory-lock.ts';
import {
  decodeManifest,
  looksLikeManifest,
  type ManifestState,
  manifestFileName,
  manifestTemporaryName,
} from './manifest.ts';
import type { StoreSettings } from './options.ts';

export type DirectoryState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'store'; readonly manifest: ManifestState };

/** Left behind by a store that crashed before writing its first manifest, or by a dead lock holder. */
function isLeftover(name: string): boolean {
  return isLockFile(name) || name === manifestTemporaryName;
}

/**
 * What `dir` holds, without changing anything in it. Throws when it cannot be a store, or
 * when another open store holds it (unless `lockHeld`: we hold it ourselves).
 */
export function inspectDirectory(dir: string, lockHeld = false): DirectoryState {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      throw new BadInputError(`${dir} is not a directory`, {
        code: 'not-a-store',
        hint: 'give a directory for the store',
      });
    }
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw cannotUse(dir, error);
  }
  if (!lockHeld) assertNotLocked(dir);
  if (!entries.includes(manifestFileName)) {
    const others = entries.filter((name) => !isLeftover(name)).sort();
    if (others.length === 0) return { kind: 'empty' };
    const shown =
      others.slice(0, 3).join(', ') + (others.length > 3 ? `, and ${others.length - 3} more` : '');
    throw new BadInputError(
      `${dir} is not a dbplay LSM store: it has no MANIFEST and holds other files (${shown})`,
      {
        code: 'not-a-store',
        hint: 'give an empty or new directory to create a store there',
      },
    );
  }
  const path = join(dir, manifestFileName);
  const bytes = readFileSync(path);
  if (!looksLikeManifest(bytes)) {
    throw new BadInputError(`${dir} is not a dbplay LSM store: ${path} is not a dbplay manifest`, {
      code: 'not-a-store',
      hint: 'give an empty or new directory to create a store there',
    });
  }
  return { kind: 'store', manifest: decodeManifest(bytes, path) };
}

/** Creates the directory (and its parents) when it does not exist. */
export function createDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw cannotUse(dir, error);
  }
}

function cannotUse(dir: string, error: unknown): BadInputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new BadInputError(`cannot use ${dir} for a store: ${reason}`, { code: 'not-a-store', cause: error });
}

/**
 * The settings stored with the store in `dir`, or undefined when there is no store there
 * yet; read without taking the lock, to plan an open (which checks again under it).
 */
export function readStoreSettings(dir: string): StoreSettings | undefined {
  const state = inspectDirectory(resolve(dir), true);
  return state.kind === 'store' ? state.manifest.settings : undefined;
}
