/**
 * A B+tree lesson's run: keys inserted into the B+tree of @dbplay/btree (the tree
 * `dbplay btree` steps through), drawn level by level, and one figure read off it:
 * its height, its leaves, how many nodes split on the way, or how many nodes (pages) a
 * lookup of one key visits.
 */
import type { BTreeStep } from '@dbplay/btree';
import type { BtreeRun } from '../lessons/lesson.ts';
import type { RunOutput } from './run-output.ts';

export async function runBtree(run: BtreeRun): Promise<RunOutput> {
  const { BPlusTree, drawLevels } = await import('@dbplay/btree');
  const tree = new BPlusTree<number, number>({ order: run.order });
  let splits = 0;
  const countSplits = { emit: (step: BTreeStep) => void (step.kind === 'split' && splits++) };
  for (const key of run.insert) tree.set(key, key, countSplits);
  let pagesRead = 0;
  if (run.find !== undefined) {
    const visits: BTreeStep[] = [];
    tree.get(run.find, { emit: (step: BTreeStep) => void visits.push(step) });
    // Each visit step moves from one node to a child: height − 1 of them, plus the leaf.
    pagesRead = visits.filter((step) => step.kind === 'visit').length + 1;
  }
  const stats = tree.stats();
  const figures = { height: stats.height, leaves: stats.leafNodes, splits, 'pages-read': pagesRead };
  const shown = [
    `=> a B+tree of order ${run.order} (at most ${run.order} keys a node), ${run.insert.length} keys inserted`,
    '',
    drawLevels(tree.snapshot()),
    '',
    `height ${stats.height}, ${stats.leafNodes} leaves, ${stats.internalNodes} internal nodes, ${splits} splits`,
  ];
  if (run.find !== undefined) shown.push(`a lookup of ${run.find} reads ${pagesRead} nodes, root to leaf`);
  return { text: shown.join('\n'), value: figures[run.answer], details: { stats, splits, pagesRead } };
}
