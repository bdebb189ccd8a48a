/**
 * A strategy that never stops asking for compactions is stopped, with an error naming it,
 * rather than looping forever. The strategies dbplay ships always settle, so this swaps in
 * a restless one.
 */
import { describe, it, vi } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { expectBadInput, expectBadInputAsync } from './expect-error.ts';

vi.mock('../src/compaction/strategy.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/compaction/strategy.ts')>();
  const { restlessController } = await import('./restless-controller.ts');
  return { ...original, createController: () => restlessController(2) };
});

describe('a strategy that never settles', () => {
  it('is stopped after 1,000 compactions in a row, with an error naming it', async () => {
    // Opening already asks the strategy for compactions, as after any flush.
    await expectBadInputAsync(
      () => LsmTree.open({ memtableSize: 64 }),
      'the simple compaction strategy keeps asking for compactions (1000 in a row) with these parameters',
      'bad-option',
    );
  });

  it('leaves the tree refusing writes if it happens after a flush', async () => {
    const tree = await LsmTree.open({ memtableSize: 64, autoCompact: false });
    tree.put('a', 'x'.repeat(30));
    expectBadInput(
      () => tree.compact(),
      'the simple compaction strategy keeps asking for compactions (1000 in a row) with these parameters',
    );
    expectBadInput(
      () => tree.put('c', 'd'),
      /^the LSM-tree stopped accepting writes after an error/,
      'store-failed',
    );
    tree.close();
  });
});
