import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { resolveCompactionOptions } from '../src/compaction/strategy.ts';
import { toBytes } from '../src/encoding/byte-order.ts';
import { decodeManifest, encodeManifest, type ManifestState, writeManifest } from '../src/store/manifest.ts';
import { MemoryStorage } from '../src/store/memory-storage.ts';
import { emptyCounters } from '../src/store/metrics.ts';
import { defaultSettings } from '../src/store/options.ts';
import { expectBadInput } from './expect-error.ts';

const state: ManifestState = {
  nextFileId: 9,
  logNumber: 8,
  settings: {
    ...defaultSettings,
    compaction: resolveCompactionOptions({ strategy: 'simple', maxLevels: 2 }),
  },
  shape: {
    l0: [5, 7],
    levels: [
      { id: 1, tables: [3] },
      { id: 2, tables: [] },
    ],
  },
  tables: [3, 5, 7].map((id) => ({
    id,
    size: 100 * id,
    entries: id,
    firstKey: toBytes(`a${id}`),
    lastKey: new Uint8Array([0, 255, id]),
  })),
  counters: { ...emptyCounters(), puts: 12, userBytes: 300 },
};

describe('manifest', () => {
  it('round-trips the state as readable text with a checksum line', () => {
    const bytes = encodeManifest(state);
    const text = bytes.toString('utf8');
    expect(text.startsWith('dbplay-lsm manifest 1\n{\n  "nextFileId": 9,')).toBe(true);
    expect(text).toMatch(/\ncrc32 [0-9a-f]{8}\n$/);
    const decoded = decodeManifest(bytes, 'M');
    expect(decoded).toEqual({
      ...state,
      tables: state.tables.map((t) => ({
        ...t,
        firstKey: Buffer.from(t.firstKey),
        lastKey: Buffer.from(t.lastKey),
      })),
    });
  });

  it('is replaced through a temporary file, calling the sync points in between', () => {
    const storage = new MemoryStorage();
    const seen: string[] = [];
    writeManifest(storage, state, (point) => seen.push(`${point}: ${storage.list().sort().join(' ')}`));
    expect(seen).toEqual(['manifest:temporary-written: MANIFEST.tmp', 'manifest:renamed: MANIFEST']);
  });

  it('detects a flipped byte anywhere, and a file cut short, naming the file', () => {
    const bytes = encodeManifest(state);
    for (let at = 0; at < bytes.length; at += 7) {
      const damaged = Buffer.from(bytes);
      damaged[at] = (damaged[at] as number) ^ 0x01;
      expectBadInput(
        () => decodeManifest(damaged, 'dir/MANIFEST'),
        /^dir\/MANIFEST: .*; the manifest is corrupt$/,
        'corrupt-store',
      );
    }
    expectBadInput(
      () => decodeManifest(bytes.subarray(0, bytes.length - 30), 'dir/MANIFEST'),
      'dir/MANIFEST: its last line is not a checksum (the file is cut short); the manifest is corrupt',
    );
    expectBadInput(() => decodeManifest(Buffer.from(''), 'dir/MANIFEST'), /cut short/);
  });

  it('refuses a well-formed file whose contents do not add up', () => {
    const sealed = (text: string) => {
      const { crc32 } = require('node:zlib') as typeof import('node:zlib');
      return Buffer.from(`${text}crc32 ${(crc32(Buffer.from(text)) >>> 0).toString(16).padStart(8, '0')}\n`);
    };
    expectBadInput(
      () => decodeManifest(sealed('something else\n{}\n'), 'M'),
      "M: its first line is not 'dbplay-lsm manifest 1'; the manifest is corrupt",
    );
    expectBadInput(
      () => decodeManifest(sealed('dbplay-lsm manifest 1\n{oops\n'), 'M'),
      'M: it does not hold valid JSON; the manifest is corrupt',
    );
    const body = JSON.parse(encodeManifest(state).toString().split('\n').slice(1, -2).join('\n'));
    const withBody = (changed: object) =>
      sealed(`dbplay-lsm manifest 1\n${JSON.stringify({ ...body, ...changed })}\n`);
    expectBadInput(
      () => decodeManifest(withBody({ shape: { l0: [5, 7, 99], levels: [] } }), 'M'),
      'M: its levels and its table list disagree; the manifest is corrupt',
    );
    expectBadInput(
      () => decodeManifest(withBody({ nextFileId: -1 }), 'M'),
      'M: nextFileId is not a whole number; the manifest is corrupt',
    );
    expectBadInput(
      () =>
        decodeManifest(withBody({ settings: { ...body.settings, compaction: { strategy: 'bogus' } } }), 'M'),
      'M: its compaction strategy is unknown; the manifest is corrupt',
    );
    expectBadInput(
      () =>
        decodeManifest(
          withBody({ settings: { ...body.settings, compaction: { strategy: 'simple', maxLevels: 0 } } }),
          'M',
        ),
      'M: its settings are invalid: the number of levels must be a whole number from 1 to 64; got 0; the manifest is corrupt',
    );
    for (const [changed, what] of [
      [{ tables: 'none' }, 'tables is not a list'],
      [{ tables: [1] }, 'a table is not an object'],
      [{ tables: [{ ...body.tables[0], firstKey: 'zz' }] }, 'a table key is not hex'],
      [{ shape: { l0: 'none', levels: [] } }, 'its shape is malformed'],
      [{ shape: { l0: [], levels: [{ id: 1 }] } }, 'a level is malformed'],
      [{ settings: { memtableSize: 1 } }, 'its settings are missing'],
    ] as const) {
      expectBadInput(() => decodeManifest(withBody(changed), 'M'), `M: ${what}; the manifest is corrupt`);
    }
    expectBadInput(
      () => decodeManifest(sealed('dbplay-lsm manifest 1\n[1, 2]\n'), 'M'),
      'M: it does not hold an object; the manifest is corrupt',
    );
  });
});
