/**
 * @dbplay/viewer: one self-contained HTML page per trace, to step through in a browser.
 *
 * - {@link btreePage}, {@link lsmPage}, {@link simulationPage}, {@link isolationPage},
 *   {@link explainPage}: turn the steps a package traced into page data (plain JSON)
 * - {@link renderPage}: the page itself — inline style and script, no network, opens from file://
 * - {@link readPageData}: the data back out of a page's text (what the tests check)
 */
export { type BtreeOperationTrace, type BtreePageInput, btreePage } from './btree/btree-page.ts';
export { readPageData, renderPage } from './html/render-page.ts';
export type * from './page-data.ts';
