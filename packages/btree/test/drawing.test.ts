/**
 * Drawings of a fixed tree: boxes, one line per level, and Graphviz DOT, as golden files.
 */
import { BPlusTree, drawLevels, drawTree, toDot } from '@dbplay/btree';
import { createPalette, stripAnsi } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

function sampleTree(): BPlusTree<number, number> {
  const tree = new BPlusTree<number, number>({ order: 4 });
  for (const key of [5, 12, 20, 25, 30, 35, 38, 40, 42, 60, 70, 80]) tree.set(key, key);
  return tree;
}

describe('drawing', () => {
  it('draws boxes with ids, keys, leaf links and highlighted nodes', async () => {
    const tree = sampleTree();
    const drawing = drawTree(tree.snapshot(), { highlight: [1, 3] });
    await expect(`${drawing}\n`).toMatchFileSnapshot('golden/tree-boxes.txt');
  });

  it('draws one line per level, eliding wide levels but never a highlighted node', async () => {
    const tree = BPlusTree.bulkLoad(
      Array.from({ length: 3000 }, (_, i) => [i, i] as const),
      { order: 16 },
    );
    const snapshot = tree.snapshot();
    const small = drawLevels(sampleTree().snapshot(), { highlight: [3] });
    const big = drawTree(snapshot, { highlight: [100] });
    expect(big).toBe(drawLevels(snapshot, { highlight: [100] }));
    await expect(`${small}\n\n${big}\n`).toMatchFileSnapshot('golden/tree-levels.txt');
  });

  it('colours highlighted nodes only when the palette has colour', () => {
    const snapshot = sampleTree().snapshot();
    const palette = createPalette(true);
    for (const style of ['boxes', 'levels'] as const) {
      const plain = drawTree(snapshot, { highlight: [3], style });
      const coloured = drawTree(snapshot, { highlight: [3], style, palette });
      expect(coloured).not.toBe(plain);
      expect(stripAnsi(coloured)).toBe(plain);
    }
  });

  it('draws an empty tree', () => {
    expect(drawTree(new BPlusTree().snapshot())).toContain('(empty)');
    expect(drawLevels(new BPlusTree().snapshot())).toBe('level 1 (root, a leaf)  #1 []');
  });

  it('writes Graphviz DOT with leaf links on one rank', async () => {
    const tree = sampleTree();
    tree.set(7, 7);
    const words = new BPlusTree<string, number>({ order: 3 });
    for (const word of ['a|b', '{x}', 'say "hi"', 'plain']) words.set(word, 1);
    await expect(
      `${toDot(tree.snapshot(), { highlight: [1] })}\n${toDot(words.snapshot())}`,
    ).toMatchFileSnapshot('golden/tree.dot');
  });
});
