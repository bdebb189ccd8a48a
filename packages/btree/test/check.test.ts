/**
 * `check()` finds each broken invariant, names it and the node, and never changes the tree.
 * Each case breaks one invariant by hand, reaching into the nodes as a buggy algorithm would.
 */
import { BPlusTree, type TreeNode } from '@dbplay/btree';
import { describe, expect, it } from 'vitest';
import { invariantNames } from '../src/check/check-invariants.ts';
import type { InternalNode, LeafNode } from '../src/tree/nodes.ts';

/** A tree of order 4 over keys 1..60, bulk loaded full: leaves of 4 keys, 3 levels. */
function fullTree(): BPlusTree<number, number> {
  return BPlusTree.bulkLoad(
    Array.from({ length: 60 }, (_, i) => [i + 1, i + 1] as const),
    { order: 4 },
  );
}

function internal(node: TreeNode<number, number>): InternalNode<number, number> {
  if (node.kind !== 'internal') throw new Error('expected an internal node');
  return node;
}

function leaves(tree: BPlusTree<number, number>): LeafNode<number, number>[] {
  const out: LeafNode<number, number>[] = [];
  const walk = (node: TreeNode<number, number>): void => {
    if (node.kind === 'leaf') out.push(node);
    else node.children.forEach(walk);
  };
  walk(tree.root);
  return out;
}

function leafAt(tree: BPlusTree<number, number>, index: number): LeafNode<number, number> {
  const leaf = leaves(tree)[index];
  if (leaf === undefined) throw new Error(`no leaf ${index}`);
  return leaf;
}

describe('check()', () => {
  it('passes on a sound tree, and reports nothing it has not checked', () => {
    const tree = fullTree();
    expect(tree.height).toBe(3);
    expect(tree.check()).toEqual({ ok: true });
    expect(invariantNames).toEqual([
      'node-shape',
      'keys-ordered',
      'fill-bounds',
      'leaf-depth',
      'leaf-links',
      'leaf-chain-ordered',
      'separators',
      'size',
    ]);
  });

  const cases: [string, (tree: BPlusTree<number, number>) => number, string][] = [
    [
      'node-shape',
      (tree) => {
        const leaf = leafAt(tree, 2);
        leaf.values.pop();
        return leaf.id;
      },
      'has 4 keys but 3 values',
    ],
    [
      'keys-ordered',
      (tree) => {
        const leaf = leafAt(tree, 1);
        leaf.keys.reverse();
        return leaf.id;
      },
      'key 7 at slot 1 does not come after 8',
    ],
    [
      'fill-bounds',
      (tree) => {
        const leaf = leafAt(tree, 3);
        leaf.keys.splice(0, 3);
        leaf.values.splice(0, 3);
        return leaf.id;
      },
      'holds 1 keys; it must hold from 2 to 4',
    ],
    [
      'leaf-depth',
      (tree) => {
        // Hang a leaf where an internal node belongs: it sits one level too high.
        const root = internal(tree.root);
        const first = internal(root.children[0] as TreeNode<number, number>);
        const leaf = first.children[0] as LeafNode<number, number>;
        root.children[0] = leaf;
        return leaf.id;
      },
      'is at depth 2, but the tree has 3 levels',
    ],
    [
      'leaf-links',
      (tree) => {
        const leaf = leafAt(tree, 4);
        leaf.next = leafAt(tree, 6);
        return leaf.id;
      },
      'links forward to leaf',
    ],
    [
      'leaf-chain-ordered',
      (tree) => {
        // Swap the last key of one leaf with the first of the next: each leaf stays sorted.
        const a = leafAt(tree, 0);
        const b = leafAt(tree, 1);
        const last = a.keys[3] as number;
        a.keys[3] = b.keys[0] as number;
        b.keys[0] = last;
        return b.id;
      },
      'starts with 4, which does not come after 5',
    ],
    [
      'separators',
      (tree) => {
        const node = internal(internal(tree.root).children[0] as TreeNode<number, number>);
        node.keys[0] = 6;
        return node.children[1]?.id ?? -1;
      },
      'key 5 in leaf',
    ],
    [
      'size',
      (tree) => {
        // A well-formed tree whose recorded size is wrong: delete behind the tree's back.
        const leaf = leafAt(tree, 5);
        leaf.keys.pop();
        leaf.values.pop();
        return -1;
      },
      "the leaves hold 59 entries but the tree's size is 60",
    ],
  ];

  for (const [invariant, breakIt, message] of cases) {
    it(`names a broken '${invariant}' invariant and the node, and leaves the tree as it was`, () => {
      const tree = fullTree();
      const node = breakIt(tree);
      const before = JSON.stringify(tree.snapshot());
      const report = tree.check();
      expect(report).toMatchObject({ ok: false, invariant });
      if (report.ok) return;
      expect(report.node).toBe(node === -1 ? null : node);
      expect(report.message).toContain(message);
      expect(JSON.stringify(tree.snapshot())).toBe(before);
      expect(tree.check()).toEqual(report);
    });
  }

  it('requires an internal root to hold at least one key, and a leaf root nothing', () => {
    const tree = new BPlusTree<number, number>({ order: 3 });
    expect(tree.check()).toEqual({ ok: true });
    for (let i = 0; i < 10; i++) tree.set(i, i);
    const root = internal(tree.root);
    root.keys.length = 0;
    expect(tree.check()).toMatchObject({ ok: false, invariant: 'node-shape' });
    // With a single child left its shape is whole again, and only the root's minimum is broken.
    root.children.length = 1;
    expect(tree.check()).toMatchObject({
      ok: false,
      invariant: 'fill-bounds',
      node: root.id,
      message: expect.stringContaining('holds 0 keys; it must hold from 1 to 3'),
    });
  });
});
