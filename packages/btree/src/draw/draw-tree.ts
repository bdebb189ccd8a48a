/**
 * Drawing a tree in the terminal: boxes for a tree that fits on the screen, one line per
 * level for one that does not.
 *
 * The boxes are core's `renderBoxTree`, the way textbooks and BusTub's `DrawBPlusTree`
 * draw a B+tree: each box shows the node's id (the one narrations name) over its keys,
 * parents centred over children, and `⇄` between leaves for the sibling links. The nodes a
 * step touched are drawn with a double line, so they stand out in a pipe or a golden file.
 *
 *                  ┌─────┐
 *                  │ #3  │
 *                  │ 30  │
 *                  └──┬──┘
 *           ┌─────────┴──────┐
 *     ┌─────┴─────┐    ╔═════╧═════╗
 *     │ #1        │ ⇄  ║ #2        ║
 *     │ 10 · 20   │    ║ 30 · 40   ║
 *     └───────────┘    ╚═══════════╝
 *
 * A tree of hundreds of nodes would be thousands of columns wide, so past `maxWidth` the
 * drawing switches to one line per level (see draw-levels.ts).
 */
import { type BoxTreeNode, type Palette, plainPalette, renderBoxTree, visibleWidth } from '@dbplay/core';
import type { SnapshotNode, TreeSnapshot } from '../steps/snapshot.ts';
import { formatKey } from '../tree/format-keys.ts';
import { drawLevels } from './draw-levels.ts';

export interface DrawOptions {
  /** Ids of the nodes to highlight: those the current step touched. */
  readonly highlight?: Iterable<number | string>;
  readonly palette?: Palette;
  /** `boxes`, `levels`, or `auto` (the default): boxes when they fit in `maxWidth` columns. */
  readonly style?: 'auto' | 'boxes' | 'levels';
  /**
   * The widest drawing `auto` accepts as boxes (default 120 columns), and, when given, the
   * width levels are wrapped to. The CLI passes the terminal's width.
   */
  readonly maxWidth?: number;
}

/** The keys a box shows: all of them, or the first three and last two of a big node. */
export function boxKeys(keys: readonly unknown[]): string {
  if (keys.length === 0) return '(empty)';
  const shown =
    keys.length <= 8
      ? keys.map(formatKey)
      : [...keys.slice(0, 3).map(formatKey), '…', ...keys.slice(-2).map(formatKey)];
  return shown.join(' · ');
}

export function drawTree(snapshot: TreeSnapshot, options: DrawOptions = {}): string {
  const style = options.style ?? 'auto';
  if (style === 'levels') return drawLevels(snapshot, options);
  const boxes = drawBoxes(snapshot, options);
  if (style === 'boxes') return boxes;
  const widest = Math.max(...boxes.split('\n').map(visibleWidth));
  return widest <= (options.maxWidth ?? 120) ? boxes : drawLevels(snapshot, options);
}

/** The tree as boxes, whatever its width. */
export function drawBoxes(snapshot: TreeSnapshot, options: DrawOptions = {}): string {
  const highlight = new Set(options.highlight ?? []);
  const toBox = (node: SnapshotNode): BoxTreeNode => ({
    lines: [`#${node.id}`, boxKeys(node.keys)],
    highlight: highlight.has(node.id),
    ...(node.children === undefined ? {} : { children: node.children.map(toBox) }),
  });
  return renderBoxTree(toBox(snapshot.root), { palette: options.palette ?? plainPalette, linkLeaves: '⇄' });
}
