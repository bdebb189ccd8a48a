/** The @example of @dbplay/viewer's index.ts, compiled by the typecheck. */
import { BPlusTree, type BTreeStep } from '@dbplay/btree';
import { StepRecorder } from '@dbplay/core';
import { btreePage, renderPage } from '@dbplay/viewer';

export function fiveInserts(): string {
  const tree = new BPlusTree<number, string>({ order: 4 });
  const start = tree.snapshot();
  const recorder = new StepRecorder<BTreeStep>();
  for (const key of [5, 12, 7, 20, 25]) tree.set(key, `v${key}`, recorder);
  return renderPage(
    btreePage({
      title: 'Five inserts',
      subtitle: 'order 4',
      start,
      operations: [{ label: 'insert', steps: recorder.steps }],
    }),
  );
}
