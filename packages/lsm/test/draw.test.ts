/**
 * The terminal drawing of the levels, as golden files: a leveled and a tiered tree after
 * the same writes, the tables a step touched drawn with a double line.
 */
import { createPalette, stripAnsi } from '@dbplay/core';
import { describe, expect, it } from 'vitest';
import { LsmTree } from '../src/store/lsm-tree.ts';
import { renderLsm } from '../src/view/draw-levels.ts';

async function treeAfterWrites(compaction: 'leveled' | 'tiered'): Promise<LsmTree> {
  const tree = await LsmTree.open({
    memtableSize: 300,
    sstSize: 250,
    blockSize: 64,
    compaction:
      compaction === 'leveled'
        ? { strategy: 'leveled', baseLevelSize: 600, maxLevels: 3 }
        : { strategy: 'tiered', numTiers: 4 },
  });
  for (let i = 0; i < 60; i++) tree.put(`user:${String((i * 37) % 100).padStart(3, '0')}`, `{"visits":${i}}`);
  tree.delete('user:037');
  return tree;
}

describe('drawing the levels', () => {
  it('draws each level as a row of tables, wrapping to the width, touched tables doubled', async () => {
    const leveled = await treeAfterWrites('leveled');
    const snapshot = leveled.snapshot();
    const touched = [snapshot.runs.at(-1)?.tables[1]?.id ?? 0, 'memtable'];
    const drawings = [renderLsm(snapshot, { highlight: touched }), renderLsm(snapshot, { width: 60 })];
    await expect(`${drawings.join('\n\n')}\n`).toMatchFileSnapshot('golden/draw-leveled.txt');
    leveled.close();

    const tiered = await treeAfterWrites('tiered');
    await expect(`${renderLsm(tiered.snapshot())}\n`).toMatchFileSnapshot('golden/draw-tiered.txt');
    tiered.close();
  });

  it('colours only when the palette has colour, without moving anything', async () => {
    const tree = await treeAfterWrites('leveled');
    const plain = renderLsm(tree.snapshot(), { highlight: ['memtable'] });
    const coloured = renderLsm(tree.snapshot(), { highlight: ['memtable'], palette: createPalette(true) });
    expect(coloured).not.toBe(plain);
    expect(stripAnsi(coloured)).toBe(plain);
    tree.close();
  });
});
