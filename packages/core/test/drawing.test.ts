import {
  type BoxTreeNode,
  createPalette,
  renderBoxTree,
  renderProgressBar,
  renderTable,
  stripAnsi,
  visibleWidth,
} from '@dbplay/core';
import { describe, expect, it } from 'vitest';

const leaf = (keys: number[], highlight = false): BoxTreeNode => ({
  lines: [keys.join(' · ')],
  highlight,
});

// A B+tree of order 4 after a few splits, the shape the btree package draws.
const bplusTree: BoxTreeNode = {
  lines: ['40'],
  children: [
    { lines: ['20 · 30'], children: [leaf([5, 12]), leaf([20, 25]), leaf([30, 35, 38])] },
    { lines: ['60'], highlight: true, children: [leaf([40, 42], true), leaf([60, 70, 80])] },
  ],
};

describe('renderBoxTree', () => {
  it('draws levels of boxes, parents centred over children, highlighted nodes doubled', async () => {
    await expect(renderBoxTree(bplusTree)).toMatchFileSnapshot('golden/box-tree.txt');
  });

  it('links neighbouring leaves when asked', async () => {
    await expect(renderBoxTree(bplusTree, { linkLeaves: '⇄' })).toMatchFileSnapshot(
      'golden/box-tree-linked.txt',
    );
  });

  it('draws a single box, multi-line boxes and a lone child', async () => {
    const drawing = [
      renderBoxTree({ lines: ['empty tree'] }),
      renderBoxTree({
        lines: ['L0', '3 files'],
        children: [{ lines: ['L1 · 8 MiB', 'a..k'], children: [{ lines: ['L2'] }] }],
      }),
    ].join('\n\n');
    await expect(drawing).toMatchFileSnapshot('golden/box-tree-shapes.txt');
  });

  it('colours highlighted boxes only when the palette has colour, without moving anything', () => {
    const plain = renderBoxTree(bplusTree);
    const coloured = renderBoxTree(bplusTree, { palette: createPalette(true) });
    expect(coloured).not.toBe(plain);
    expect(stripAnsi(coloured)).toBe(plain);
    expect(plain).not.toContain('\u001b');
  });
});

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers when asked, and handles multi-line cells', async () => {
    const table = renderTable(
      ['engine', { header: 'height', align: 'right' }, 'note'],
      [
        ['toy B+tree', '3', 'order 4'],
        ['PostgreSQL', '2', 'nbtree\nfillfactor 90'],
        ['SQLite', '12', ''],
      ],
      { title: 'Same keys, three trees', footer: '(3 rows)', rowRules: true },
    );
    await expect(table).toMatchFileSnapshot('golden/table.txt');
  });

  it('measures coloured cells by their visible width', () => {
    const palette = createPalette(true);
    const table = renderTable(['status'], [[palette.ok('ok')], ['FAILED']], { palette });
    const widths = stripAnsi(table)
      .split('\n')
      .map((line) => visibleWidth(line));
    expect(new Set(widths).size).toBe(1);
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => renderTable(['a', 'b'], [['1']])).toThrow(/row 0 has 1 cells; the table has 2 columns/);
  });
});

describe('renderProgressBar', () => {
  it('fills in proportion and clamps at the ends', () => {
    expect(renderProgressBar(0, 10, 'keys', 10)).toBe('[░░░░░░░░░░]   0% 0/10 keys');
    expect(renderProgressBar(5, 10, 'keys', 10)).toBe('[█████░░░░░]  50% 5/10 keys');
    expect(renderProgressBar(10, 10, '', 10)).toBe('[██████████] 100% 10/10');
    expect(renderProgressBar(3, 0, '', 4)).toBe('[████] 100% 3/0');
  });
});
