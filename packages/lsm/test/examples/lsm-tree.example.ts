/**
 * The `@example` of {@link LsmTree} (store/lsm-tree.ts), as code the typecheck compiles and
 * examples.test.ts runs; that test also checks that the comment shows exactly these lines.
 */
import { LsmTree } from '../../src/index.ts';

export async function lsmTreeExample(dir: string): Promise<string[]> {
  const seen: string[] = [];
  const log = (...parts: unknown[]) => seen.push(parts.join(' '));
  // example:start
  const tree = await LsmTree.open({ dir, memtableSize: 4096 });
  tree.put('apple', 'red');
  tree.batch([
    { type: 'put', key: 'fig', value: 'green' },
    { type: 'del', key: 'apple' },
  ]);
  log(tree.get('fig')); // green
  for (const [key, value] of tree.scan('a', 'g')) log(key, value); // fig green
  log(tree.metrics().writeAmplification.total > 0); // true
  tree.close();
  // example:end
  return seen;
}
