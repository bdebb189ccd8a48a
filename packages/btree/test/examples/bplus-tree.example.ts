/**
 * The `@example` of {@link BPlusTree} (bplus-tree.ts), as code the typecheck compiles and
 * examples.test.ts runs; that test also checks that the comment shows exactly these lines.
 */
import { StepRecorder } from '@dbplay/core';
import { BPlusTree, type BTreeStep } from '../../src/index.ts';

export function bplusTreeExample(): string[] {
  const seen: string[] = [];
  const log = (...parts: unknown[]) => seen.push(parts.join(' '));
  // example:start
  const tree = new BPlusTree<number, string>({ order: 4 });
  for (const key of [5, 12, 7, 20, 25]) tree.set(key, `v${key}`);
  log(tree.get(7)); // v7
  log([...tree.entries(6, 20)].map(([key]) => key).join(' ')); // 7 12 20
  const recorder = new StepRecorder<BTreeStep>();
  tree.delete(25, recorder);
  log(recorder.steps.map((step) => step.kind).join(' ')); // visit remove borrow
  log(tree.stats().height, tree.check().ok); // 2 true
  // example:end
  return seen;
}
