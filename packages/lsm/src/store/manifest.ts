/**
 * The manifest: the one file that says which tables are live, in which level, and which
 * logs still hold unflushed writes.
 *
 * Every flush and every compaction ends by writing a complete new manifest under a
 * temporary name, syncing it, and renaming it over the old one; rename(2) is atomic, so
 * after a crash the directory holds either the old manifest or the new one, never half of
 * each. A compaction's new tables therefore appear and its old tables disappear in one
 * step, and files the current manifest does not name are leftovers of an interrupted
 * flush or compaction, deleted on the next open. LevelDB keeps an append-only log of edits
 * instead (db/version_edit.cc, a `MANIFEST-000005` named by `CURRENT`), and swaps in a
 * new one the same way (`SetCurrentFile`: write, sync, rename); mini-lsm logs edits too
 * (manifest.rs). A whole-state snapshot is simpler to read, and small at this scale.
 *
 * The file is text, so a learner can `cat` it: a header line, the state as JSON, and a
 * CRC-32 of everything before the last line.
 *
 *     dbplay-lsm manifest 1
 *     { "nextFileId": 9, "logNumber": 8, "shape": { "l0": [5, 7], "levels": [...] }, ... }
 *     crc32 1c291ca3
 */

import { Buffer } from 'node:buffer';
import { BadInputError } from '@dbplay/core';
import type { LsmShape } from '../compaction/shape.ts';
import { resolveCompactionOptions } from '../compaction/strategy.ts';
import { compactionStrategyNames } from '../compaction/vocabulary.ts';
import { crc32 } from '../encoding/checksum.ts';
import type { SstableInfo } from '../sstable/writer.ts';
import { emptyCounters, type LsmCounters } from './metrics.ts';
import type { StoreSettings } from './options.ts';
import type { Storage } from './storage.ts';
import type { SyncPointName } from './sync-points.ts';

export const manifestFileName = 'MANIFEST';
export const manifestTemporaryName = 'MANIFEST.tmp';
const header = 'dbplay-lsm manifest 1';

/** A log the manifest names, and how many bytes it held when the manifest was written. */
export interface LiveLogRecord {
  readonly id: number;
  readonly size: number;
}

export interface ManifestState {
  /** The next id to give a log or a table. */
  readonly nextFileId: number;
  /** Logs with this id or higher hold writes not yet in a table; older logs are obsolete. */
  readonly logNumber: number;
  /** The log being written when the manifest was, and its size then (absent before the first). */
  readonly liveLog?: LiveLogRecord | undefined;
  readonly settings: StoreSettings;
  readonly shape: LsmShape;
  /** Every live table (each one named in `shape`). */
  readonly tables: readonly SstableInfo[];
  readonly counters: LsmCounters;
}

/** Replaces the manifest atomically: temporary file, fsync, rename, directory fsync. */
export function writeManifest(
  storage: Storage,
  state: ManifestState,
  syncPoint?: (point: SyncPointName) => void,
): void {
  storage.writeFile(manifestTemporaryName, [encodeManifest(state)]);
  syncPoint?.('manifest:temporary-written');
  storage.rename(manifestTemporaryName, manifestFileName);
  syncPoint?.('manifest:renamed');
  storage.syncDirectory();
}

export function encodeManifest(state: ManifestState): Buffer {
  const body = {
    nextFileId: state.nextFileId,
    logNumber: state.logNumber,
    ...(state.liveLog === undefined ? {} : { liveLog: state.liveLog }),
    settings: state.settings,
    shape: state.shape,
    tables: state.tables.map((table) => ({
      id: table.id,
      size: table.size,
      entries: table.entries,
      firstKey: Buffer.from(table.firstKey).toString('hex'),
      lastKey: Buffer.from(table.lastKey).toString('hex'),
      ...(table.tailDigest === undefined ? {} : { tailDigest: table.tailDigest }),
      ...(table.blockDigest === undefined ? {} : { blockDigest: table.blockDigest }),
      ...(table.checksum === undefined ? {} : { checksum: table.checksum }),
    })),
    counters: state.counters,
  };
  const text = `${header}\n${JSON.stringify(body, null, 2)}\n`;
  const checksum = crc32(Buffer.from(text, 'utf8')).toString(16).padStart(8, '0');
  return Buffer.from(`${text}crc32 ${checksum}\n`, 'utf8');
}

/** Whether these bytes start like a dbplay manifest (or a damaged one). */
export function looksLikeManifest(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 10)).toString('latin1') === header.slice(0, 10);
}

/** Parses and checks a manifest; `name` is the file as messages should show it. */
export function decodeManifest(bytes: Uint8Array, name: string): ManifestState {
  const text = Buffer.from(bytes).toString('utf8');
  // The last line starts after the second-to-last newline.
  const lastLine = text.lastIndexOf('\n', text.length - 2) + 1;
  const trailer = /^crc32 ([0-9a-f]{8})\n$/.exec(text.slice(lastLine));
  if (trailer === null)
    throw corruptManifest(name, 'its last line is not a checksum (the file is cut short)');
  const covered = Buffer.from(text.slice(0, lastLine), 'utf8');
  if (Number.parseInt(trailer[1] as string, 16) !== crc32(covered)) {
    throw corruptManifest(name, 'it fails its checksum');
  }
  if (!text.startsWith(`${header}\n`)) throw corruptManifest(name, `its first line is not '${header}'`);
  let body: unknown;
  try {
    body = JSON.parse(text.slice(header.length + 1, lastLine));
  } catch {
    throw corruptManifest(name, 'it does not hold valid JSON');
  }
  return checkState(body, name);
}

function checkState(body: unknown, name: string): ManifestState {
  const bad = (what: string) => corruptManifest(name, what);
  if (!isRecord(body)) throw bad('it does not hold an object');
  const nextFileId = count(body.nextFileId, 'nextFileId', bad);
  const logNumber = count(body.logNumber, 'logNumber', bad);
  const settings = checkSettings(body.settings, bad);
  const shape = checkShape(body.shape, bad);
  if (!Array.isArray(body.tables)) throw bad('tables is not a list');
  const tables = body.tables.map((raw): SstableInfo => {
    if (!isRecord(raw)) throw bad('a table is not an object');
    const digest = (value: unknown) => {
      if (typeof value !== 'string' || !/^[0-9a-f]{16}$/.test(value))
        throw bad('a table checksum is malformed');
      return value;
    };
    const hex = (value: unknown) => {
      if (typeof value !== 'string' || !/^([0-9a-f]{2})*$/.test(value)) throw bad('a table key is not hex');
      return Buffer.from(value, 'hex');
    };
    return {
      id: count(raw.id, 'table id', bad),
      size: count(raw.size, 'table size', bad),
      entries: count(raw.entries, 'table entries', bad),
      firstKey: hex(raw.firstKey),
      lastKey: hex(raw.lastKey),
      // Manifests written before tables had digests have none: nothing to compare then.
      // Those written before the two digests have the whole file's, `checksum`.
      ...(raw.tailDigest === undefined ? {} : { tailDigest: digest(raw.tailDigest) }),
      ...(raw.blockDigest === undefined ? {} : { blockDigest: digest(raw.blockDigest) }),
      ...(raw.checksum === undefined ? {} : { checksum: digest(raw.checksum) }),
    };
  });
  let liveLog: LiveLogRecord | undefined;
  if (body.liveLog !== undefined) {
    if (!isRecord(body.liveLog)) throw bad('liveLog is not an object');
    liveLog = {
      id: count(body.liveLog.id, 'live log id', bad),
      size: count(body.liveLog.size, 'live log size', bad),
    };
  }
  const known = new Set(tables.map((table) => table.id));
  const named = [...shape.l0, ...shape.levels.flatMap((run) => run.tables)];
  if (
    named.some((id) => !known.has(id)) ||
    new Set(named).size !== named.length ||
    named.length !== known.size
  ) {
    throw bad('its levels and its table list disagree');
  }
  const counters = emptyCounters();
  if (isRecord(body.counters)) {
    for (const key of Object.keys(counters) as (keyof LsmCounters)[]) {
      const value = body.counters[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) counters[key] = value;
    }
  }
  return {
    nextFileId,
    logNumber,
    ...(liveLog === undefined ? {} : { liveLog }),
    settings,
    shape,
    tables,
    counters,
  };
}

function checkSettings(raw: unknown, bad: (what: string) => BadInputError): StoreSettings {
  if (!isRecord(raw) || !isRecord(raw.compaction)) throw bad('its settings are missing');
  const strategy = raw.compaction.strategy;
  if (typeof strategy !== 'string' || !(compactionStrategyNames as readonly string[]).includes(strategy)) {
    throw bad('its compaction strategy is unknown');
  }
  try {
    return {
      memtableSize: count(raw.memtableSize, 'memtableSize', bad),
      sstSize: count(raw.sstSize, 'sstSize', bad),
      blockSize: count(raw.blockSize, 'blockSize', bad),
      bloomBitsPerKey: count(raw.bloomBitsPerKey, 'bloomBitsPerKey', bad),
      compaction: resolveCompactionOptions(raw.compaction as { strategy: 'leveled' }),
    };
  } catch (error) {
    if (error instanceof BadInputError && error.code === 'bad-option')
      throw bad(`its settings are invalid: ${error.message}`);
    throw error;
  }
}

function checkShape(raw: unknown, bad: (what: string) => BadInputError): LsmShape {
  if (!isRecord(raw) || !Array.isArray(raw.l0) || !Array.isArray(raw.levels))
    throw bad('its shape is malformed');
  const ids = (list: unknown[]) => list.map((id) => count(id, 'table id', bad));
  return {
    l0: ids(raw.l0),
    levels: raw.levels.map((run) => {
      if (!isRecord(run) || !Array.isArray(run.tables)) throw bad('a level is malformed');
      return { id: count(run.id, 'level id', bad), tables: ids(run.tables) };
    }),
  };
}

function count(value: unknown, what: string, bad: (what: string) => BadInputError): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw bad(`${what} is not a whole number`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function corruptManifest(name: string, what: string): BadInputError {
  return new BadInputError(`${name}: ${what}; the manifest is corrupt`, { code: 'corrupt-store' });
}
