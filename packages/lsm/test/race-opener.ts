/**
 * A child process of the lock race: waits for `go` on stdin, then tries to open the store.
 * The one that gets in writes (synced) a key naming itself, says `opened`, holds the store
 * a moment, and closes it; the others say `locked`. Anything else is printed as `error`.
 *
 *     node --import tsx packages/lsm/test/race-opener.ts DIR LABEL
 */
import { BadInputError } from '@dbplay/core';
import { LsmTree } from '../src/store/lsm-tree.ts';

const [dir, label] = process.argv.slice(2);
if (dir === undefined || label === undefined) throw new Error('usage: race-opener.ts DIR LABEL');
process.stdin.setEncoding('utf8').once('data', async () => {
  try {
    // Every racer dawdles once it has seen the stale lock, so that all of them are past that
    // check before any takes the lock: the worst interleaving, every round.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const syncPoint = (point: string) => {
      if (point === 'lock:stale-seen') Atomics.wait(pause, 0, 0, 300);
    };
    const tree = await LsmTree.open({ dir, sync: true, syncPoint });
    tree.put(`winner-${label}`, 'yes');
    process.stdout.write('opened\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    tree.close();
    process.stdout.write('closed\n');
  } catch (error) {
    if (error instanceof BadInputError && error.code === 'store-locked') process.stdout.write('locked\n');
    else process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(0);
});
process.stdout.write('ready\n');
