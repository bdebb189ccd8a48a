/**
 * A tree drawn as boxes joined by lines, one level per band, parents centred over children.
 *
 * This is how textbooks draw a B+tree, and the shape every structure in dbplay can reuse:
 * B+tree nodes, LSM levels, a plan tree. A node highlighted by the current step is drawn
 * with a double line, so it stands out even without colour (in golden files, in a pipe):
 *
 *                  ┌────┐
 *                  │ 40 │
 *                  └─┬──┘
 *          ┌─────────┴──────┐
 *     ┌────┴────┐      ╔════╧════╗
 *     │ 10 · 20 │  ⇄   ║ 40 · 50 ║
 *     └─────────┘      ╚═════════╝
 *
 * With `linkLeaves`, a glyph between neighbouring leaves shows the sibling links a range
 * scan follows.
 */
import { type Palette, plainPalette } from './palette.ts';
import { TextCanvas } from './text-canvas.ts';
import { visibleWidth } from './text-width.ts';

export interface BoxTreeNode {
  /** The text inside the box, one entry per line. */
  readonly lines: readonly string[];
  /** Draw this box with a double line (and the highlight colour). */
  readonly highlight?: boolean;
  readonly children?: readonly BoxTreeNode[];
}

export interface BoxTreeOptions {
  readonly palette?: Palette;
  /** Columns between neighbouring subtrees. Default 2 (3 with `linkLeaves`). */
  readonly gap?: number;
  /** Draw this glyph between neighbouring leaves of the deepest level, e.g. `⇄`. */
  readonly linkLeaves?: string;
}

interface Placed {
  readonly node: BoxTreeNode;
  readonly depth: number;
  readonly left: number;
  readonly width: number;
  readonly children: Placed[];
}

const single = { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│', down: '┬', up: '┴' };
const double = { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║', down: '╤', up: '╧' };

// Connector characters by the directions they join: up 1, down 2, left 4, right 8.
const junction: Record<number, string> = {
  3: '│',
  12: '─',
  10: '┌',
  6: '┐',
  9: '└',
  5: '┘',
  14: '┬',
  13: '┴',
  11: '├',
  7: '┤',
  15: '┼',
};

export function renderBoxTree(root: BoxTreeNode, options: BoxTreeOptions = {}): string {
  const palette = options.palette ?? plainPalette;
  const gap = options.gap ?? (options.linkLeaves === undefined ? 2 : 3);

  const boxWidth = (node: BoxTreeNode): number => Math.max(1, ...node.lines.map(visibleWidth)) + 4;

  // Pass 1: the width each subtree needs.
  const subtreeWidth = new Map<BoxTreeNode, number>();
  const measure = (node: BoxTreeNode): number => {
    const kids = node.children ?? [];
    const kidsWidth = kids.reduce((sum, kid) => sum + measure(kid), 0) + gap * Math.max(0, kids.length - 1);
    const width = Math.max(boxWidth(node), kidsWidth);
    subtreeWidth.set(node, width);
    return width;
  };
  measure(root);

  // Pass 2: place every box; a parent sits centred over the span of its children.
  const levels: Placed[][] = [];
  const place = (node: BoxTreeNode, depth: number, left: number): Placed => {
    const total = subtreeWidth.get(node) ?? 0;
    const kids = node.children ?? [];
    const kidsWidth =
      kids.reduce((sum, kid) => sum + (subtreeWidth.get(kid) ?? 0), 0) + gap * Math.max(0, kids.length - 1);
    let cursor = left + Math.floor((total - kidsWidth) / 2);
    const children = kids.map((kid) => {
      const placed = place(kid, depth + 1, cursor);
      cursor += (subtreeWidth.get(kid) ?? 0) + gap;
      return placed;
    });
    const width = boxWidth(node);
    let boxLeft = left + Math.floor((total - width) / 2);
    const first = children[0];
    const last = children[children.length - 1];
    if (first !== undefined && last !== undefined) {
      const middle = Math.floor((centre(first) + centre(last)) / 2);
      boxLeft = Math.min(Math.max(middle - Math.floor(width / 2), left), left + total - width);
      // A parent's centre one column beside a child's would draw as "┬┴"; line them up instead.
      const nudge = children.map((child) => centre(child) - (boxLeft + Math.floor(width / 2)));
      const offByOne = nudge.find((d) => d === 1 || d === -1);
      if (
        offByOne !== undefined &&
        boxLeft + offByOne >= left &&
        boxLeft + offByOne + width <= left + total
      ) {
        boxLeft += offByOne;
      }
    }
    const placed: Placed = { node, depth, left: boxLeft, width, children };
    const level = levels[depth] ?? [];
    levels[depth] = level;
    level.push(placed);
    return placed;
  };
  place(root, 0, 0);

  // Every box of a level has the same height, so connector rows line up.
  const heights = levels.map((level) => Math.max(...level.map((p) => p.node.lines.length)) + 2);
  const tops: number[] = [];
  heights.reduce((y, height, depth) => {
    tops[depth] = y;
    return y + height + 1;
  }, 0);

  const canvas = new TextCanvas();
  const drawBox = (p: Placed): void => {
    const top = tops[p.depth] ?? 0;
    const height = heights[p.depth] ?? 2;
    const chars = p.node.highlight === true ? double : single;
    const paint = p.node.highlight === true ? palette.highlight : undefined;
    const inner = p.width - 2;
    canvas.put(p.left, top, chars.tl + chars.h.repeat(inner) + chars.tr, paint);
    for (let line = 0; line < height - 2; line++) {
      const text = p.node.lines[line] ?? '';
      const padded = ` ${text}${' '.repeat(inner - 1 - visibleWidth(text))}`;
      canvas.put(p.left, top + 1 + line, chars.v, paint);
      canvas.put(p.left + 1, top + 1 + line, padded, paint);
      canvas.put(p.left + p.width - 1, top + 1 + line, chars.v, paint);
    }
    canvas.put(p.left, top + height - 1, chars.bl + chars.h.repeat(inner) + chars.br, paint);
  };

  const drawConnectors = (parent: Placed): void => {
    if (parent.children.length === 0) return;
    const parentChars = parent.node.highlight === true ? double : single;
    const bottom = (tops[parent.depth] ?? 0) + (heights[parent.depth] ?? 2) - 1;
    const row = bottom + 1;
    const from = centre(parent);
    canvas.put(
      from,
      bottom,
      parentChars.down,
      parent.node.highlight === true ? palette.highlight : undefined,
    );
    const targets = new Set(parent.children.map(centre));
    const xs = [from, ...targets];
    const min = Math.min(...xs);
    const max = Math.max(...xs);
    for (let x = min; x <= max; x++) {
      const mask = (x === from ? 1 : 0) | (targets.has(x) ? 2 : 0) | (x > min ? 4 : 0) | (x < max ? 8 : 0);
      canvas.put(x, row, junction[mask] ?? ' ');
    }
    for (const child of parent.children) {
      const chars = child.node.highlight === true ? double : single;
      canvas.put(
        centre(child),
        row + 1,
        chars.up,
        child.node.highlight === true ? palette.highlight : undefined,
      );
    }
  };

  // Boxes first, then the lines between them, which mark the borders they meet.
  const all = levels.flat();
  all.forEach(drawBox);
  all.forEach(drawConnectors);

  if (options.linkLeaves !== undefined) {
    const deepest = levels.length - 1;
    const leaves = (levels[deepest] ?? []).filter((p) => p.children.length === 0);
    leaves.sort((a, b) => a.left - b.left);
    const y = (tops[deepest] ?? 0) + Math.floor((heights[deepest] ?? 3) / 2);
    for (let i = 0; i + 1 < leaves.length; i++) {
      const a = leaves[i] as Placed;
      const b = leaves[i + 1] as Placed;
      const start = a.left + a.width;
      const space = b.left - start;
      if (space < 3) continue;
      const fill = space - 2;
      const before = Math.floor((fill - 1) / 2);
      const link = '─'.repeat(before) + options.linkLeaves + '─'.repeat(fill - 1 - before);
      canvas.put(start + 1, y, link, palette.dim);
    }
  }

  return canvas.toString();
}

function centre(p: Placed): number {
  return p.left + Math.floor(p.width / 2);
}
