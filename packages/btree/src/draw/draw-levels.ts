/**
 * A compact drawing: one line per level, nodes as bracketed key lists, leaves joined by
 * their links. It fits trees far too wide for boxes:
 *
 *     level 1 (root)    #3 [30]
 *     level 2 (leaves)  #1 [10 20] ⇄ ⟦#2 [30 40]⟧
 *
 * Nodes a step touched are wrapped in `⟦ ⟧` (and coloured when the palette has colour).
 * A level of more than `maxNodes` nodes shows its first two, its last two, and every
 * highlighted node, with `…` for the rest, like `pg_amcheck` summarising a big index.
 * A level still wider than `maxWidth` (the terminal's width) goes on over several lines,
 * indented under its first, breaking between nodes and never inside one.
 */
import { type Palette, plainPalette, visibleWidth } from '@dbplay/core';
import type { SnapshotNode, TreeSnapshot } from '../steps/snapshot.ts';
import { formatKeys } from '../tree/format-keys.ts';

export interface LevelsOptions {
  readonly highlight?: Iterable<number | string>;
  readonly palette?: Palette;
  /** The most nodes drawn per level before the middle is elided. Default 6. */
  readonly maxNodes?: number;
  /** Wrap each level's line to this many columns. Default: no limit. */
  readonly maxWidth?: number;
}

export function drawLevels(snapshot: TreeSnapshot, options: LevelsOptions = {}): string {
  const palette = options.palette ?? plainPalette;
  const highlight = new Set(options.highlight ?? []);
  const maxNodes = options.maxNodes ?? 6;
  const levels: SnapshotNode[][] = [];
  let level: SnapshotNode[] = [snapshot.root];
  while (level.length > 0) {
    levels.push(level);
    level = level.flatMap((node) => node.children ?? []);
  }
  const labels = levels.map((_, depth) => {
    const role =
      depth === 0
        ? levels.length === 1
          ? 'root, a leaf'
          : 'root'
        : depth === levels.length - 1
          ? 'leaves'
          : 'internal';
    return `level ${depth + 1} (${role})`;
  });
  const labelWidth = Math.max(...labels.map((label) => label.length));
  return levels
    .map((nodes, depth) => {
      const leaf = depth === levels.length - 1;
      const shown = nodes.map(
        (node, i) => i < 2 || i >= nodes.length - 2 || highlight.has(node.id) || nodes.length <= maxNodes,
      );
      const parts: string[] = [];
      nodes.forEach((node, i) => {
        if (!shown[i]) {
          if (shown[i - 1]) parts.push(palette.dim(`… ${countHidden(shown, i)} more …`));
          return;
        }
        const text = `#${node.id} ${formatKeys(node.keys, 6)}`;
        parts.push(highlight.has(node.id) ? palette.highlight(`⟦${text}⟧`) : text);
      });
      return fitLine(
        `${(labels[depth] ?? '').padEnd(labelWidth)}  `,
        parts,
        leaf ? ' ⇄ ' : '  ',
        options.maxWidth ?? Number.POSITIVE_INFINITY,
      );
    })
    .join('\n');
}

/**
 * `label` then `parts` joined by `separator`, broken into lines of at most `maxWidth`
 * columns between parts; a line that breaks keeps the separator's mark (`⇄`) at its end,
 * and the next is indented as wide as `label`.
 */
function fitLine(label: string, parts: readonly string[], separator: string, maxWidth: number): string {
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let line = label;
  let empty = true;
  for (const part of parts) {
    const joined = empty ? line + part : line + separator + part;
    if (!empty && visibleWidth(joined) > maxWidth) {
      lines.push(line + separator.trimEnd());
      line = indent + part;
    } else {
      line = joined;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** How many hidden nodes follow position `from`, up to the next shown one. */
function countHidden(shown: readonly boolean[], from: number): number {
  let count = 0;
  for (let i = from; i < shown.length && !shown[i]; i++) count++;
  return count;
}
