/**
 * A child process that opens a store and keeps it open until it is killed: the "other
 * process" of the locking tests. Prints `open` once it holds the store.
 *
 *     node --import tsx packages/lsm/test/hold-store.ts DIR
 */
import { LsmTree } from '../src/store/lsm-tree.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: hold-store.ts DIR');
const tree = await LsmTree.open({ dir });
tree.put('held', 'yes');
process.stdout.write('open\n');
setInterval(() => tree.get('held'), 1000);
