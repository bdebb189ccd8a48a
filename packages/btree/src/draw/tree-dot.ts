/**
 * The tree as Graphviz DOT, for a picture: `dot -Tsvg tree.dot > tree.svg`.
 *
 * Internal nodes and leaves are record-shaped boxes of keys, edges go from parent to
 * child, the leaves share one rank, and dashed edges show the sibling links, as in
 * BusTub's `BPlusTree::Draw` (CMU 15-445). Highlighted nodes are filled.
 */

import type { SnapshotNode, TreeSnapshot } from '../steps/snapshot.ts';
import { formatKey } from '../tree/format-keys.ts';

export interface DotOptions {
  readonly highlight?: Iterable<number | string>;
}

/** Characters that mean something inside a record label. */
function escapeLabel(text: string): string {
  return text.replace(/[\\{}|<>"]/g, (char) => `\\${char}`);
}

export function toDot(snapshot: TreeSnapshot, options: DotOptions = {}): string {
  const highlight = new Set(options.highlight ?? []);
  const lines = [
    'digraph bplustree {',
    `  label="B+tree of order ${snapshot.order}: ${snapshot.size} keys, ${snapshot.height} levels";`,
    '  node [shape=record, fontname="monospace", height=0.3];',
  ];
  const leaves: SnapshotNode[] = [];
  const visit = (node: SnapshotNode): void => {
    const keys = node.keys.length === 0 ? ['(empty)'] : node.keys.map((key) => escapeLabel(formatKey(key)));
    const fill = highlight.has(node.id) ? 'gold' : node.leaf ? 'honeydew' : 'mistyrose';
    lines.push(`  n${node.id} [label="#${node.id}|${keys.join('|')}", style=filled, fillcolor=${fill}];`);
    for (const child of node.children ?? []) {
      lines.push(`  n${node.id} -> n${child.id};`);
      visit(child);
    }
    if (node.leaf) leaves.push(node);
  };
  visit(snapshot.root);
  if (leaves.length > 1) {
    lines.push(`  { rank=same; ${leaves.map((leaf) => `n${leaf.id};`).join(' ')} }`);
    for (let i = 0; i + 1 < leaves.length; i++) {
      lines.push(`  n${leaves[i]?.id} -> n${leaves[i + 1]?.id} [style=dashed, dir=both, constraint=false];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
