/**
 * `dbplay btree xray`: the same keys in the toy B+tree, in PostgreSQL (pageinspect) and in
 * SQLite (dbstat), side by side, with the reasons they differ; `--show-page K` prints the
 * items of one real PostgreSQL index page.
 *
 * The work is `xrayBtree` in @dbplay/btree, imported inside the action (it starts PGlite).
 */

import type { IndexShape, PostgresPage, XrayReport } from '@dbplay/btree';
import { formatCount, renderTable } from '@dbplay/core';
import type { PageData } from '@dbplay/viewer';
import type { Command } from 'commander';
import { type CommandContext, contextFor } from '../../context.ts';
import { addHtmlOption, writeHtmlPage } from '../../html-output.ts';
import type { CliIo } from '../../io.ts';
import { seed as seedOf, wholeNumber } from '../../options.ts';
import { explainEnvironment } from '../explain/explain-environment.ts';

interface XrayFlags {
  n: string;
  insertOrder: string;
  seed?: string;
  showPage?: string;
  html?: string;
}

export function registerXrayCommand(group: Command, io: CliIo): void {
  const command = group
    .command('xray')
    .description(
      "build the same keys in the toy B+tree, PostgreSQL and SQLite, and compare the trees' shapes",
    )
    .option('--n <n>', 'how many integer keys (1 to n)', '10000')
    .option('--insert-order <order>', 'sequential, random or descending', 'sequential')
    .option('--seed <seed>', 'the seed of the random order (default 1)')
    .option('--show-page <block>', 'also print the items of this PostgreSQL index page (bt_page_items)');
  addHtmlOption(command)
    .addHelpText(
      'after',
      `
PostgreSQL's figures are read with pageinspect (bt_metap, bt_multi_page_stats) from a real
index in PGlite, SQLite's with the dbstat virtual table, on every run.

Examples:
  $ dbplay btree xray --n 10000
  $ dbplay btree xray --n 10000 --insert-order random --seed 7
  $ dbplay btree xray --n 1000000 --insert-order descending --json
  $ dbplay btree xray --n 10000 --show-page 1      a leaf: the high key, then entries
  $ dbplay btree xray --n 10000 --show-page 3      the root: downlinks to the leaves
  $ dbplay btree xray --n 10000 --html xray.html   the toy tree drawn, the engines' figures beside it`,
    )
    .action(async (flags: XrayFlags, command: Command) => {
      const context = contextFor(command, io);
      const { maxXrayKeys, parseInsertOrder, xrayBtree } = await import('@dbplay/btree');
      const n = wholeNumber('--n', { min: 1, max: maxXrayKeys })(flags.n);
      const insertOrder = parseInsertOrder(flags.insertOrder);
      const showPage =
        flags.showPage === undefined ? undefined : wholeNumber('--show-page', { min: 0 })(flags.showPage);
      const seed = seedOf(flags.seed ?? '1');
      const report = await xrayBtree({
        n,
        insertOrder,
        seed,
        ...(showPage === undefined ? {} : { showPage }),
        ...(flags.html === undefined ? {} : { toySnapshot: true }),
        cacheDir: explainEnvironment(command, io).cacheDir,
        onProgress: (text) => context.progress(text),
      });
      if (context.json) context.printJson(withoutToyTree(report));
      else context.print(renderReport(report, context));
      if (flags.html !== undefined) await writeHtmlPage(context, flags.html, await xrayPage(report));
    });
}

function withoutToyTree(report: XrayReport): Omit<XrayReport, 'toyTree'> {
  const { toyTree: _toyTree, ...rest } = report;
  return rest;
}

/** The page: the toy tree drawn, one step per tree with its figures, the table and the reasons beside. */
async function xrayPage(report: XrayReport): Promise<PageData> {
  const { btreePage } = await import('@dbplay/viewer');
  if (report.toyTree === undefined) throw new Error('the x-ray kept no toy tree to draw');
  const shapes = [report.toy, report.postgres, report.sqlite];
  const figure = (label: string, cell: (shape: IndexShape) => string) => [label, ...shapes.map(cell)];
  const words = (name: string, shape: IndexShape) =>
    `${name}: ${shape.height} ${shape.height === 1 ? 'level' : 'levels'}, ${shape.leafPages} leaf and ${shape.internalPages} internal pages of ${shape.pageSize / 1024} KiB, leaves ${(shape.avgLeafFill * 100).toFixed(1)}% full (${shape.fillMeasure}) with ${shape.avgLeafItems.toFixed(1)} entries each on average; read from ${shape.source}.`;
  const picture = btreePage({
    title: `B+tree x-ray: ${formatCount(report.n)} keys in ${report.insertOrder} order`,
    subtitle: `dbplay btree xray --n ${report.n} --insert-order ${report.insertOrder}: the toy tree drawn, PostgreSQL's and SQLite's real indexes measured beside it`,
    start: report.toyTree,
    operations: [],
    tables: [
      {
        title: 'The same keys in three B-trees',
        columns: ['', 'toy B+tree', 'PostgreSQL', 'SQLite'],
        rows: [
          figure('height (levels)', (s) => String(s.height)),
          figure('leaf pages', (s) => String(s.leafPages)),
          figure('internal pages', (s) => String(s.internalPages)),
          figure('avg leaf fill', (s) => `${(s.avgLeafFill * 100).toFixed(1)}% of ${s.fillMeasure}`),
          figure('entries per leaf', (s) => s.avgLeafItems.toFixed(1)),
          figure('page size', (s) => `${s.pageSize / 1024} KiB`),
        ],
      },
    ],
    notes: report.notes,
  });
  const [first] = picture.steps;
  if (first === undefined) throw new Error('a B+tree page always has a first step');
  const engineStep = (kind: string, narration: string) => ({ ...first, kind, narration });
  return {
    ...picture,
    steps: [
      engineStep('toy', `${words(`The toy B+tree (drawn here, order ${report.toy.order})`, report.toy)}`),
      engineStep('postgres', words('PostgreSQL (PGlite, pageinspect)', report.postgres)),
      engineStep('sqlite', words('SQLite (dbstat)', report.sqlite)),
    ],
  };
}

function renderReport(report: XrayReport, context: CommandContext): string {
  const { palette } = context;
  const percent = (shape: IndexShape) => `${(shape.avgLeafFill * 100).toFixed(1)}% of ${shape.fillMeasure}`;
  const shapes = [report.toy, report.postgres, report.sqlite];
  const row = (label: string, cell: (shape: IndexShape) => string) => [label, ...shapes.map(cell)];
  const orderWords =
    report.insertOrder === 'random' ? `random order (seed ${report.seed})` : `${report.insertOrder} order`;
  const table = renderTable(
    [
      '',
      { header: 'toy B+tree', align: 'right' },
      { header: 'PostgreSQL', align: 'right' },
      { header: 'SQLite', align: 'right' },
    ],
    [
      row('height (levels)', (s) => String(s.height)),
      row('leaf pages', (s) => String(s.leafPages)),
      row('internal pages', (s) => String(s.internalPages)),
      row('avg leaf fill', percent),
      row('entries per leaf', (s) => s.avgLeafItems.toFixed(1)),
      row('page size', (s) => `${s.pageSize / 1024} KiB`),
    ],
    { palette, title: `${formatCount(report.n)} integer keys inserted in ${orderWords}` },
  );
  const sources = [
    `toy: ${report.toy.source}`,
    `PostgreSQL ${palette.dim('(PGlite)')}: ${report.postgres.source}; root is block ${report.postgres.rootBlock}`,
    `SQLite: ${report.sqlite.source}`,
  ].map((line) => palette.dim(`  ${line}`));
  const notes = report.notes.map((note) => `• ${note}`);
  const parts = [
    table,
    palette.dim('Read from:'),
    ...sources,
    '',
    palette.heading('Why they differ'),
    ...notes,
  ];
  if (report.page !== undefined) parts.push('', renderPage(report.page, context));
  else {
    parts.push(
      '',
      palette.dim(
        report.postgres.rootBlock === 1
          ? 'See the real page: --show-page 1 (the only page, both the root and the leaf).'
          : `See a real page: --show-page 1 (a leaf) or --show-page ${report.postgres.rootBlock} (the root); the index has pages 1 to ${report.postgres.pages}.`,
      ),
    );
  }
  return parts.join('\n');
}

function renderPage(page: PostgresPage, { palette }: CommandContext): string {
  const shown =
    page.items.length <= 16 ? page.items : [...page.items.slice(0, 12), undefined, ...page.items.slice(-3)];
  const rows = shown.map((item) =>
    item === undefined
      ? ['…', '', '', '', '', palette.dim(`… ${page.items.length - 15} more items …`)]
      : [
          String(item.offset),
          item.role,
          item.key === null ? '−∞' : String(item.key),
          item.ctid,
          String(item.length),
          item.meaning,
        ],
  );
  const where =
    page.rightLink === null ? 'the rightmost page of its level' : `right sibling: block ${page.rightLink}`;
  return renderTable(
    [
      { header: 'item', align: 'right' },
      'role',
      { header: 'key', align: 'right' },
      'ctid',
      { header: 'bytes', align: 'right' },
      'meaning',
    ],
    rows,
    {
      palette,
      title: `PostgreSQL index page ${page.block}: a ${page.type} page at level ${page.level}, ${page.items.length} items, ${where} (bt_page_items)`,
    },
  );
}
