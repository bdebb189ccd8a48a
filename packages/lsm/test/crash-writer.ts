/**
 * The process the crash tests kill. It opens a store with every write synced, then runs the
 * seeded workload, printing `ack N` once operation N has returned (the write is then
 * acknowledged: it must survive). The parent kills it with SIGKILL at a random moment, or
 * it kills itself at the `hit`-th time the tree reaches the sync point `point`.
 *
 *     node --import tsx packages/lsm/test/crash-writer.ts DIR SEED STRATEGY [POINT HIT] [--no-sync]
 *
 * With `--no-sync` the log is not fdatasynced (a SIGKILL still loses nothing: the kernel
 * keeps what was written); the soak (bench/lsm-soak.ts) runs rounds both ways.
 */
import { writeSync } from 'node:fs';
import { LsmTree } from '../src/store/lsm-tree.ts';
import type { SyncPointName } from '../src/store/sync-points.ts';
import { type CrashStrategy, crashSettings, crashStrategies, crashWorkload } from './crash-workload.ts';

const sync = !process.argv.includes('--no-sync');
const [dir, seedText, strategy, point, hitText] = process.argv.slice(2).filter((arg) => arg !== '--no-sync');
if (dir === undefined || seedText === undefined || strategy === undefined) {
  throw new Error('usage: crash-writer.ts DIR SEED STRATEGY [POINT HIT]');
}
const seed = Number(seedText);
const crashAt = Number(hitText ?? 0);
let hits = 0;

const tree = await LsmTree.open({
  dir,
  ...crashSettings,
  sync,
  compaction: crashStrategies[strategy as CrashStrategy],
  syncPoint: (reached: SyncPointName) => {
    if (reached === point && ++hits === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
// Every line goes out with writeSync on fd 1, which blocks while the pipe is full.
// `process.stdout.write` to a pipe queues in this process once the pipe is full (a busy
// parent reads late), and a SIGKILL then loses the queued acks: the store would hold writes
// the parent never saw acknowledged.
const say = (line: string) => writeSync(1, `${line}\n`);
say('ready');

// Enough operations for every sync point to be reached many times; a round is killed long before.
const limit = 4000;
let n = 0;
for (const op of crashWorkload(seed)) {
  if (++n > limit) break;
  if (op.type === 'put') tree.put(op.key, op.value);
  else if (op.type === 'del') tree.delete(op.key);
  else tree.batch(op.operations);
  // Once this returns, the line is in the pipe: the parent will see it, even after a SIGKILL.
  say(`ack ${n}`);
}
tree.close();
say('done');
