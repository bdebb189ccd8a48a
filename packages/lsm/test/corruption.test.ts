/**
 * Damaged files: every flipped byte or cut-short file is caught by a checksum (or a size the
 * manifest recorded) and reported with the file's name; a torn last log record is dropped.
 * A store that cannot be opened is left as it was.
 */

import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StepRecorder } from '@dbplay/core';
import { describe, expect, it } from 'vitest';
import { DiskStorage } from '../src/store/disk-storage.ts';
import { LsmTree } from '../src/store/lsm-tree.ts';
import type { LsmStep } from '../src/view/steps.ts';
import { WriteAheadLog } from '../src/wal/write-ahead-log.ts';
import { expectBadInput, expectBadInputAsync } from './expect-error.ts';
import { tempDir } from './temp-dir.ts';

const settings = {
  memtableSize: 512,
  blockSize: 128,
  compaction: { strategy: 'simple', level0FileNumCompactionTrigger: 4 },
} as const;

/** A store with two L0 tables (keys k00–k19, then k20–k39) and five writes in its log. */
async function makeStore(): Promise<{ dir: string; tables: string[]; log: string }> {
  const dir = tempDir('corrupt');
  const tree = await LsmTree.open({ dir, ...settings });
  for (let i = 0; i < 20; i++) tree.put(`k${String(i).padStart(2, '0')}`, `value-${i}`);
  tree.flush();
  for (let i = 20; i < 40; i++) tree.put(`k${String(i).padStart(2, '0')}`, `value-${i}`);
  tree.flush();
  for (let i = 40; i < 45; i++) tree.put(`k${i}`, `value-${i}`);
  tree.close();
  const files = readdirSync(dir).sort();
  return {
    dir,
    tables: files.filter((name) => name.endsWith('.sst')).map((name) => join(dir, name)),
    log: join(dir, files.find((name) => name.endsWith('.wal')) as string),
  };
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] as number) ^ 0x10;
  writeFileSync(path, bytes);
}

/** A copy of an open store's files, as a process killed now would leave them (its lock aside). */
function crashedCopy(dir: string): string {
  const copy = tempDir('crashed');
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('LOCK')) writeFileSync(join(copy, name), readFileSync(join(dir, name)));
  }
  return copy;
}

function listing(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => `${name} ${statSync(join(dir, name)).size}`);
}

describe('a corrupted store', () => {
  it('names the SSTable whose data block fails its checksum on the first read of the block', async () => {
    // Opening digests each table's index, filter and footer, not its data: a flipped bit
    // in a block (bit rot, not a swapped file) is found by the block's own checksum when a
    // read first meets it, as in LevelDB, and no read returns its bytes.
    const { dir, tables } = await makeStore();
    const first = tables[0] as string;
    flipByte(first, 5);
    const tree = await LsmTree.open({ dir });
    expect(tree.get('k25')).toBe('value-25');
    expectBadInput(
      () => tree.get('k00'),
      `${first}: block 0 at byte 0 fails its checksum; the SSTable is corrupt`,
      'corrupt-store',
    );
    tree.close();
  });

  it('names the SSTable whose data block fails its checksum on the read that meets it, in a store opened before', async () => {
    const { dir, tables } = await makeStore();
    const first = tables[0] as string;
    const tree = await LsmTree.open({ dir, blockCacheSize: 0 });
    flipByte(first, 5);
    expect(tree.get('k25')).toBe('value-25');
    expectBadInput(
      () => tree.get('k00'),
      `${first}: block 0 at byte 0 fails its checksum; the SSTable is corrupt`,
      'corrupt-store',
    );
    expectBadInput(
      () => [...tree.scan()],
      `${first}: block 0 at byte 0 fails its checksum; the SSTable is corrupt`,
    );
    tree.close();
  });

  it('names the SSTable whose footer, index or filter is damaged', async () => {
    const { dir, tables } = await makeStore();
    const first = tables[0] as string;
    const size = statSync(first).size;
    for (const [at, message] of [
      [-3, 'the footer does not end in the SSTable magic bytes (truncated or not an SSTable)'],
      [-15, 'the footer fails its checksum'],
      [-40, /^the bloom filter at byte \d+ fails its checksum$/],
      [size - 32 - 30 - 30, /^the block index at byte \d+ fails its checksum$/],
    ] as const) {
      const original = readFileSync(first);
      flipByte(first, at);
      const error = await expectBadInputAsync(
        () => LsmTree.open({ dir }),
        /the SSTable is corrupt$/,
        'corrupt-store',
      );
      const what = error.message.slice(`${first}: `.length, -'; the SSTable is corrupt'.length);
      if (typeof message === 'string') expect(what).toBe(message);
      else expect(what).toMatch(message);
      writeFileSync(first, original);
    }
  });

  it('refuses to open when an SSTable is cut short or missing, and leaves the directory alone', async () => {
    const { dir, tables } = await makeStore();
    const first = tables[0] as string;
    const size = statSync(first).size;
    truncateSync(first, size - 100);
    let before = listing(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${first}: the manifest says ${size} bytes, but the file has ${size - 100}; the SSTable is corrupt`,
      'corrupt-store',
    );
    expect(listing(dir)).toEqual(before);
    rmSync(first);
    before = listing(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${first} is missing, but the manifest lists it; the store is damaged`,
    );
    expect(listing(dir)).toEqual(before);
  });

  it('refuses a log record that fails its checksum, naming the log, and leaves the directory alone', async () => {
    const { dir, log } = await makeStore();
    flipByte(log, 20);
    const before = listing(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${log}: record 1 at byte 0 fails its checksum; the write-ahead log is corrupt`,
      'corrupt-store',
    );
    expect(listing(dir)).toEqual(before);
  });

  it('drops a torn last log record on recovery, never applying it, and appends after the good ones', async () => {
    const made = await makeStore();
    // A crash after one more write: the store as a killed process leaves it, copied while open.
    const writer = await LsmTree.open({ dir: made.dir });
    writer.put('k45', 'value-45');
    const dir = crashedCopy(made.dir);
    writer.close();
    const log = join(dir, basename(made.log));
    truncateSync(log, statSync(log).size - 3);
    const recorder = new StepRecorder<LsmStep>();
    const tree = await LsmTree.open({ dir, tracer: recorder });
    expect(recorder.steps.at(-1)?.narration).toMatch(
      /000\d+\.wal: 5 records, and a torn last record \(\d+ bytes\) dropped\)\.$/,
    );
    expect(tree.get('k44')).toBe('value-44');
    expect(tree.get('k45')).toBeUndefined();
    tree.put('k44', 'again');
    tree.close();
    const again = await LsmTree.open({ dir });
    expect(again.get('k44')).toBe('again');
    expect([...again.scan()]).toHaveLength(45);
    again.close();
  });

  it('refuses a manifest with a flipped byte or cut short, naming it', async () => {
    const { dir } = await makeStore();
    const manifest = join(dir, 'MANIFEST');
    const original = readFileSync(manifest);
    flipByte(manifest, 100);
    const before = listing(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${manifest}: it fails its checksum; the manifest is corrupt`,
      'corrupt-store',
    );
    expect(listing(dir)).toEqual(before);
    writeFileSync(manifest, original.subarray(0, 200));
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${manifest}: its last line is not a checksum (the file is cut short); the manifest is corrupt`,
    );
  });

  it('refuses a log record whose checksums pass but whose batch does not decode', async () => {
    const dir = tempDir('corrupt');
    (await LsmTree.open({ dir })).close();
    const log = join(dir, readdirSync(dir).find((name) => name.endsWith('.wal')) as string);
    const storage = new DiskStorage(dir);
    const wal = new WriteAheadLog(1, storage.reopenAppendable(basename(log), 0), true);
    // Header room, then a batch claiming 3 operations but holding none.
    wal.append(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]));
    wal.close();
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${log}: record 1 passes its checksum but is not a valid write batch`,
      'corrupt-store',
    );
  });
});
