/**
 * @dbplay/viewer: one self-contained HTML page per trace, to step through in a browser.
 *
 * - {@link btreePage}, {@link lsmPage}, {@link simulationPage}, {@link isolationPage},
 *   {@link explainPage}: turn what a package traced into page data (plain JSON)
 * - {@link renderPage}: the page itself — inline style and script, no network, opens from file://
 * - {@link readPageData}: the data back out of a page's text (what the tests check)
 *
 * This package imports only the other packages' types: it never loads an engine.
 *
 * @example
 * ```ts
 * import { BPlusTree, type BTreeStep } from '@dbplay/btree';
 * import { StepRecorder } from '@dbplay/core';
 * import { btreePage, renderPage } from '@dbplay/viewer';
 *
 * const tree = new BPlusTree<number, string>({ order: 4 });
 * const start = tree.snapshot();
 * const recorder = new StepRecorder<BTreeStep>();
 * for (const key of [5, 12, 7, 20, 25]) tree.set(key, `v${key}`, recorder);
 * const html = renderPage(
 *   btreePage({ title: 'Five inserts', subtitle: 'order 4', start, operations: [{ label: 'insert', steps: recorder.steps }] }),
 * );
 * ```
 * (compiled as test/examples/viewer-example.ts)
 */
export { type BtreeOperationTrace, type BtreePageInput, btreePage } from './btree/btree-page.ts';
export { type ExplainPageInput, type ExplainPlanInput, explainPage } from './explain/explain-page.ts';
export { dataElementId, jsonForScript, readPageData, renderPage } from './html/render-page.ts';
export { type IsolationPageInput, isolationPage } from './isolation/isolation-page.ts';
export {
  amplificationNotes,
  type LsmPageInput,
  lsmPage,
  type SimulationPageInput,
  simulationPage,
} from './lsm/lsm-page.ts';
export type * from './page-data.ts';
