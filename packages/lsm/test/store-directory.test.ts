/**
 * Opening a directory: a new store where there is none, a clear refusal (touching nothing)
 * where the directory holds something else or another process has the store open, and a
 * lock left by a dead process taken over.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { exited, startScript, waitForLine } from './child-process.ts';
import { expectBadInputAsync } from './expect-error.ts';
import { tempDir } from './temp-dir.ts';

/** Names, sizes and modification times of everything in a directory. */
function fingerprint(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const stat = statSync(join(dir, name));
      return `${name} ${stat.size} ${stat.mtimeMs}`;
    });
}

describe('opening a directory', () => {
  it('creates a store in a missing directory (and its parents) or an empty one', async () => {
    const parent = tempDir('dirs');
    for (const dir of [join(parent, 'a', 'b', 'store'), tempDir('empty')]) {
      const tree = await LsmTree.open({ dir });
      tree.put('k', 'v');
      tree.close();
      expect(readdirSync(dir).sort()).toEqual(['000001.wal', 'MANIFEST']);
      expect(tree.directory).toBe(dir);
    }
  });

  it('refuses a directory holding other files, and leaves it alone', async () => {
    const dir = tempDir('documents');
    for (const name of ['notes.txt', 'b.csv', 'c', 'd']) writeFileSync(join(dir, name), 'mine');
    mkdirSync(join(dir, 'photos'));
    const before = fingerprint(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${dir} is not a dbplay LSM store: it has no MANIFEST and holds other files (b.csv, c, d, and 2 more)`,
      'not-a-store',
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('refuses a LevelDB-like directory whose MANIFEST is not ours, and a path that is a file', async () => {
    const dir = tempDir('foreign');
    writeFileSync(join(dir, 'MANIFEST'), 'leveldb.BytewiseComparator');
    writeFileSync(join(dir, 'CURRENT'), 'MANIFEST\n');
    const before = fingerprint(dir);
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${dir} is not a dbplay LSM store: ${join(dir, 'MANIFEST')} is not a dbplay manifest`,
      'not-a-store',
    );
    expect(fingerprint(dir)).toEqual(before);
    await expectBadInputAsync(
      () => LsmTree.open({ dir: join(dir, 'CURRENT') }),
      `${join(dir, 'CURRENT')} is not a directory`,
    );
    await expectBadInputAsync(
      () => LsmTree.open({ dir: join(dir, 'CURRENT', 'below') }),
      new RegExp(`^cannot use ${join(dir, 'CURRENT', 'below')} for a store: ENOTDIR`),
    );
  });

  it('refuses a store another process has open, naming the process, and touches nothing', async () => {
    const dir = tempDir('locked');
    const holder = startScript('./hold-store.ts', [dir]);
    try {
      await waitForLine(holder, 'open');
      const before = fingerprint(dir);
      const error = await expectBadInputAsync(
        () => LsmTree.open({ dir }),
        `${dir} is locked by process ${holder.pid}, which has the store open`,
        'store-locked',
      );
      expect(error.hint).toBe(`wait for it to finish, or stop it; ${join(dir, 'LOCK.1')} names the process`);
      expect(fingerprint(dir)).toEqual(before);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    // Killed, it leaves its lock behind; the next open sees the process is gone and takes the
    // next generation, sweeping the dead one away.
    expect(readFileSync(join(dir, 'LOCK.1'), 'utf8')).toBe(`${holder.pid}\n`);
    const tree = await LsmTree.open({ dir });
    expect(tree.get('held')).toBe('yes');
    expect(readFileSync(join(dir, 'LOCK.2'), 'utf8')).toBe(`${process.pid}\n`);
    expect(readdirSync(dir)).not.toContain('LOCK.1');
    tree.close();
    expect(readdirSync(dir).filter((name) => name.startsWith('LOCK'))).toEqual([]);
  });

  it('refuses to open the same store twice in one process', async () => {
    const dir = tempDir('twice');
    const tree = await LsmTree.open({ dir });
    await expectBadInputAsync(
      () => LsmTree.open({ dir }),
      `${dir} is already open in this process`,
      'store-locked',
    );
    tree.close();
    (await LsmTree.open({ dir })).close();
  });

  it('takes a directory left by a crash before its first manifest as a new store', async () => {
    const dir = tempDir('half-made');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(join(dir, 'LOCK'), `${dead}\n`);
    writeFileSync(join(dir, 'MANIFEST.tmp'), 'dbplay-lsm manifest 1\n{');
    const tree = await LsmTree.open({ dir });
    tree.close();
    expect(readdirSync(dir).sort()).toEqual(['000001.wal', 'MANIFEST']);
  });
});
